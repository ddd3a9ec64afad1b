import { close, fstat, open, readSync } from 'node:fs';
import { promisify } from 'node:util';
import { DamagedFile } from './validate.ts';

/**
 * The offline embedder's vectors, on disk in slot order, each as a float scale and one signed byte a
 * dimension (1 KB a passage at 1,024 dimensions, against 4 KB plus graph links in an HNSW index held
 * in memory), read on demand. They rank the keyword candidates by n-gram similarity: the vote the HNSW
 * list of n-gram vectors used to cast in fusion, at a fraction of the memory (README, "Memory and speed").
 */
export class QuantizedVectors {
  private readonly row: Buffer;

  private constructor(
    private readonly fd: number,
    readonly dimensions: number,
    readonly slots: number,
  ) {
    this.row = Buffer.alloc(4 + dimensions);
  }

  /** Rows for `vectors`: scale = the largest magnitude, so that it maps to ±127 (and a row round-trips exactly). */
  static pack(vectors: Float32Array[], dimensions: number): Buffer {
    const out = Buffer.alloc(vectors.length * (4 + dimensions));
    vectors.forEach((vector, i) => {
      let scale = 0;
      for (const v of vector) scale = Math.max(scale, Math.abs(v));
      const at = i * (4 + dimensions);
      out.writeFloatLE(scale, at);
      for (let d = 0; d < dimensions; d++) out.writeInt8(scale === 0 ? 0 : Math.round((vector[d]! / scale) * 127), at + 4 + d);
    });
    return out;
  }

  static async open(file: string, dimensions: number, slots: number): Promise<QuantizedVectors> {
    const fd = await promisify(open)(file, 'r');
    if ((await promisify(fstat)(fd)).size !== slots * (4 + dimensions)) {
      await promisify(close)(fd);
      throw new DamagedFile('ngram-vectors.bin', `holds a different number of vectors than the ${slots} slots`);
    }
    return new QuantizedVectors(fd, dimensions, slots);
  }

  vector(slot: number): Float32Array {
    const scale = this.read(slot);
    return Float32Array.from({ length: this.dimensions }, (_, d) => (this.row.readInt8(4 + d) * scale) / 127);
  }

  /** Dot product with a query vector (the cosine, both being normalized). */
  similarity(query: Float32Array, slot: number): number {
    const scale = this.read(slot);
    const row = new Int8Array(this.row.buffer, this.row.byteOffset + 4, this.dimensions);
    let sum = 0;
    for (let d = 0; d < this.dimensions; d++) sum += query[d]! * row[d]!;
    return (sum * scale) / 127;
  }

  private read(slot: number): number {
    readSync(this.fd, this.row, 0, this.row.length, slot * this.row.length);
    return this.row.readFloatLE(0);
  }

  close(): Promise<void> {
    return promisify(close)(this.fd);
  }
}
