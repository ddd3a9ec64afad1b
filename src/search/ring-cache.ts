/** A cached record: what the caller keeps in the heap, and where its bytes start in the ring. */
export interface RingRecord<M> {
  meta: M;
  offset: number;
}

/**
 * A cache whose records' bytes live in one fixed buffer written round and round: the least recently
 * used records are overwritten first, and a record read again is copied to the head. Sized in bytes,
 * and nothing is allocated per record outside the heap: records in buffers of their own, dropped
 * as new questions brought new passages, left ~60 MB of freed memory with the allocator at 100k
 * passages (README, "Memory and speed"). Bytes are read until the next call only, as any call may
 * move or overwrite them.
 */
export class RingCache<M> {
  readonly bytes: ArrayBuffer;
  private readonly view: Uint8Array;
  private head = 0;
  /** In the order their bytes were written, which is least recently used first. */
  private readonly records = new Map<number, RingRecord<M> & { length: number }>();

  constructor(
    capacityBytes: number,
    private readonly maxRecords = Infinity,
  ) {
    this.bytes = new ArrayBuffer(capacityBytes);
    this.view = new Uint8Array(this.bytes);
  }

  get size(): number {
    return this.records.size;
  }

  get(key: number): RingRecord<M> | undefined {
    const record = this.records.get(key);
    if (!record) return undefined;
    this.records.delete(key);
    const from = record.offset;
    record.offset = this.claim(record.length);
    this.view.copyWithin(record.offset, from, from + record.length);
    this.records.set(key, record);
    return record;
  }

  /** Room for `length` bytes for `key`, for the caller to fill; undefined when it exceeds the whole ring. */
  set(key: number, meta: M, length: number): RingRecord<M> | undefined {
    this.records.delete(key);
    if (length > this.bytes.byteLength) return undefined;
    const record = { meta, offset: this.claim(length), length };
    this.records.set(key, record);
    return record;
  }

  /** `length` bytes at the head, 8-aligned, dropping the records whose bytes they take. */
  private claim(length: number): number {
    const size = Math.ceil(length / 8) * 8;
    if (this.head + size > this.bytes.byteLength) {
      // Records past the head are the oldest ones; the tail they sit in is skipped, so they go first.
      this.dropWhile((r) => r.offset >= this.head);
      this.head = 0;
    }
    const start = this.head;
    this.dropWhile((r) => r.offset < start + size && r.offset + r.length > start);
    this.dropWhile(() => this.records.size >= this.maxRecords);
    this.head = start + size;
    return start;
  }

  private dropWhile(test: (record: RingRecord<M> & { length: number }) => boolean): void {
    for (const [key, record] of this.records) {
      if (!test(record)) return;
      this.records.delete(key);
    }
  }
}
