import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import hnswlib from 'hnswlib-node';

export interface HnswParams {
  m: number;
  efConstruction: number;
  efSearch: number;
}

export interface VectorHit {
  /** Position of the passage in the index's passage list. */
  label: number;
  /** Cosine similarity, 1 = same direction. */
  similarity: number;
}

/** What a filtered search needs of a filter: its predicate over labels and how many labels pass. */
export interface LabelFilter {
  allows: (label: number) => boolean;
  allowed: number;
}

/**
 * Below this share of the passages a filtered search reads the allowed vectors and compares them all
 * instead of walking the graph. hnswlib keeps walking until it has found ef allowed points, calling
 * the filter (a JavaScript function) at each node visited: at 50k passages (1,024 dimensions; best of
 * 30 questions on a busy machine) a filter allowing 883 passages (2%) made the graph search 12–20 ms
 * against 0.4 ms unfiltered, while reading and comparing those 883 took 2.2 ms (passages of one article
 * are consecutive, so they are read in a few runs); at 3.6% it was 7.8 against 4.2 ms, at 5.8% both
 * about 3.7 ms. Both give the same top 50 (99–100% overlap).
 */
const EXACT_BELOW_SHARE = 0.05;

/**
 * Where the vectors lie in hnswlib's saved file (hnswalg.h, saveIndex): a 96-byte header, then one
 * fixed-size record per element, its vector at `offsetData` and its label at `labelOffset`. Null when
 * the file does not look as expected (then filtered searches walk the graph).
 */
interface FileLayout {
  file: string;
  recordBytes: number;
  dataOffset: number;
  /** The file as loaded: a rebuild swaps in another file under the same name. */
  identity: string;
}

const identityOf = (stats: { ino: number; size: number; mtimeMs: number }) => `${stats.ino}:${stats.size}:${stats.mtimeMs}`;
const HEADER_BYTES = 96;

function readLayout(file: string, dimensions: number, count: number): FileLayout | null {
  const fd = openSync(file, 'r');
  try {
    const header = Buffer.alloc(HEADER_BYTES);
    readSync(fd, header, 0, HEADER_BYTES, 0);
    const field = (i: number) => Number(header.readBigUInt64LE(i * 8));
    const [elements, recordBytes, labelOffset, dataOffset] = [field(2), field(3), field(4), field(5)];
    if (elements !== count || labelOffset !== dataOffset + dimensions * 4 || recordBytes % 4 !== 0 || dataOffset % 4 !== 0) return null;
    // Labels are positions added in order (build.ts), so record i holds label i: checked at both ends.
    const label = Buffer.alloc(8);
    for (const i of count > 0 ? [0, count - 1] : []) {
      readSync(fd, label, 0, 8, HEADER_BYTES + i * recordBytes + labelOffset);
      if (Number(label.readBigUInt64LE(0)) !== i) return null;
    }
    return { file, recordBytes, dataOffset, identity: identityOf(fstatSync(fd)) };
  } finally {
    closeSync(fd);
  }
}

/** An HNSW graph over L2-normalized vectors in cosine space; labels are passage positions. */
export class VectorIndex {
  private constructor(
    private readonly hnsw: hnswlib.HierarchicalNSW,
    readonly dimensions: number,
    private readonly layout: FileLayout | null = null,
  ) {}

  static build(vectors: Float32Array[], dimensions: number, params: HnswParams): VectorIndex {
    const hnsw = new hnswlib.HierarchicalNSW('cosine', dimensions);
    // A fixed seed makes the graph, and so the results, the same on every build of the same passages.
    hnsw.initIndex(Math.max(1, vectors.length), params.m, params.efConstruction, 100);
    vectors.forEach((vector, label) => hnsw.addPoint(Array.from(vector), label));
    hnsw.setEf(params.efSearch);
    return new VectorIndex(hnsw, dimensions);
  }

  static load(file: string, dimensions: number, efSearch: number): VectorIndex {
    const hnsw = new hnswlib.HierarchicalNSW('cosine', dimensions);
    hnsw.readIndexSync(file);
    hnsw.setEf(efSearch);
    return new VectorIndex(hnsw, dimensions, readLayout(file, dimensions, hnsw.getCurrentCount()));
  }

  get size(): number {
    return this.hnsw.getCurrentCount();
  }

  save(file: string): void {
    this.hnsw.writeIndexSync(file);
  }

  vector(label: number): Float32Array {
    return Float32Array.from(this.hnsw.getPoint(label));
  }

  /**
   * The k nearest passages; with `allows`, the k nearest of the passages it allows (hnswlib checks
   * it while walking the graph), `allowed` being how many it allows.
   */
  search(query: Float32Array, k: number, filter?: LabelFilter): VectorHit[] {
    const n = Math.min(k, filter ? filter.allowed : this.size);
    if (n === 0) return [];
    if (filter && this.layout && filter.allowed < EXACT_BELOW_SHARE * this.size) {
      const hits = this.exact(query, n, filter.allows, this.layout);
      if (hits) return hits;
    }
    const { neighbors, distances } = this.hnsw.searchKnn(Array.from(query), n, filter?.allows);
    return neighbors.map((label, i) => ({ label, similarity: 1 - distances[i]! }));
  }

  /** The k most similar allowed passages by comparing every one, their vectors read in runs of consecutive labels. */
  private exact(query: Float32Array, k: number, allows: (label: number) => boolean, layout: FileLayout): VectorHit[] | null {
    let norm = 0;
    for (const x of query) norm += x * x;
    const q = query.map((x) => x / (Math.sqrt(norm) || 1));
    const hits: VectorHit[] = [];
    const maxRun = 256;
    const buffer = new ArrayBuffer(maxRun * layout.recordBytes);
    const floats = new Float32Array(buffer);
    const stride = layout.recordBytes / 4;
    const { dimensions, size } = this; // a getter that asks hnswlib: read once, not per label
    let fd: number;
    try {
      fd = openSync(layout.file, 'r');
    } catch {
      return null; // the index was removed or is being swapped: the graph in memory still answers
    }
    try {
      // Questions in flight when a rebuild lands must not read the new file's vectors.
      if (identityOf(fstatSync(fd)) !== layout.identity) return null;
      for (let start = 0; start < size;) {
        if (!allows(start)) {
          start++;
          continue;
        }
        let end = start + 1;
        while (end < size && end - start < maxRun && allows(end)) end++;
        readSync(
          fd,
          new Uint8Array(buffer, 0, (end - start) * layout.recordBytes),
          0,
          (end - start) * layout.recordBytes,
          HEADER_BYTES + start * layout.recordBytes,
        );
        for (let label = start; label < end; label++) {
          const offset = (label - start) * stride + layout.dataOffset / 4;
          let dot = 0;
          for (let d = 0; d < dimensions; d++) dot += floats[offset + d]! * q[d]!;
          hits.push({ label, similarity: dot });
        }
        start = end;
      }
    } finally {
      closeSync(fd);
    }
    return hits.sort((a, b) => b.similarity - a.similarity || a.label - b.label).slice(0, k);
  }
}
