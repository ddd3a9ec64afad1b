import { describe, expect, it } from 'vitest';
import { RingCache } from '../../src/search/ring-cache.ts';

/** Stores `length` bytes all equal to `key % 251` under `key`. */
function put(ring: RingCache<string>, key: number, length: number): void {
  const record = ring.set(key, `k${key}`, length);
  if (record) new Uint8Array(ring.bytes, record.offset, length).fill(key % 251);
}

/** The bytes of `key` if the ring still holds it (reading moves it to the head, as a use does). */
function read(ring: RingCache<string>, key: number, length: number): number[] | undefined {
  const record = ring.get(key);
  return record && [...new Uint8Array(ring.bytes, record.offset, length)];
}

describe('RingCache', () => {
  it('overwrites the least recently used records first, and a record read again survives', () => {
    const ring = new RingCache<string>(64);
    for (const key of [1, 2, 3, 4]) put(ring, key, 16);
    expect(read(ring, 1, 16)).toEqual(Array(16).fill(1)); // copied to the head: 2 is now the oldest
    put(ring, 5, 16);
    expect(ring.get(2)).toBeUndefined();
    expect(read(ring, 5, 16)).toEqual(Array(16).fill(5));
    expect(read(ring, 1, 16)).toEqual(Array(16).fill(1));
  });

  it('keeps every record it still has intact, and the recent ones, through wrap-arounds', () => {
    const ring = new RingCache<string>(1000, 40);
    const lengths = new Map<number, number>();
    let seed = 1;
    const next = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const recent: number[] = [];
    for (let step = 0; step < 5000; step++) {
      const key = next(80);
      if (lengths.has(key) && next(2) === 0) {
        const bytes = read(ring, key, lengths.get(key)!);
        if (bytes) {
          expect(bytes).toEqual(Array(lengths.get(key)).fill(key % 251));
          recent.push(key);
        }
      } else {
        lengths.set(key, 1 + next(120));
        put(ring, key, lengths.get(key)!);
        recent.push(key);
      }
      // The last records used, a third of the ring's bytes at most, are all still there.
      let bytes = 0;
      for (const k of [...new Set(recent.slice(-6).reverse())]) {
        bytes += Math.ceil(lengths.get(k)! / 8) * 8;
        if (bytes > 330) break;
        expect(read(ring, k, lengths.get(k)!)).toEqual(Array(lengths.get(k)).fill(k % 251));
      }
      expect(ring.size).toBeLessThanOrEqual(40);
    }
  });

  it('does not keep a record larger than the ring', () => {
    const ring = new RingCache<string>(64);
    expect(ring.set(1, 'big', 65)).toBeUndefined();
    expect(ring.get(1)).toBeUndefined();
  });
});
