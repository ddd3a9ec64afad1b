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

/** An HNSW graph over L2-normalized vectors in cosine space; labels are passage slots. */
export class VectorIndex {
  private constructor(
    private readonly hnsw: hnswlib.HierarchicalNSW,
    readonly dimensions: number,
    /** Labels marked deleted (hnswlib does not report them). */
    private deleted = 0,
  ) {}

  static build(vectors: Float32Array[], dimensions: number, params: HnswParams): VectorIndex {
    const hnsw = new hnswlib.HierarchicalNSW('cosine', dimensions);
    // A fixed seed makes the graph, and so the results, the same on every build of the same passages.
    hnsw.initIndex(Math.max(1, vectors.length), params.m, params.efConstruction, 100);
    vectors.forEach((vector, label) => hnsw.addPoint(Array.from(vector), label));
    hnsw.setEf(params.efSearch);
    return new VectorIndex(hnsw, dimensions);
  }

  /** Reads the graph on hnswlib's worker thread: the event loop stays free while it loads. */
  static async load(file: string, dimensions: number, efSearch: number, deleted: number): Promise<VectorIndex> {
    const hnsw = new hnswlib.HierarchicalNSW('cosine', dimensions);
    await hnsw.readIndex(file);
    hnsw.setEf(efSearch);
    return new VectorIndex(hnsw, dimensions, deleted);
  }

  /** Slots, deleted ones included. */
  get size(): number {
    return this.hnsw.getCurrentCount();
  }

  /** Adds vectors as labels `from`, `from + 1`, … (after the existing ones). */
  add(vectors: Float32Array[], from: number): void {
    this.hnsw.resizeIndex(Math.max(this.hnsw.getMaxElements(), from + vectors.length, 1));
    vectors.forEach((vector, i) => this.hnsw.addPoint(Array.from(vector), from + i));
  }

  /** Deleted labels are skipped by searches; their space is given back when the index is compacted. */
  remove(labels: Iterable<number>): void {
    for (const label of labels) {
      this.hnsw.markDelete(label);
      this.deleted++;
    }
  }

  save(file: string): Promise<boolean> {
    return this.hnsw.writeIndex(file);
  }

  vector(label: number): Float32Array {
    return Float32Array.from(this.hnsw.getPoint(label));
  }

  /**
   * The k nearest passages; with a filter, the k nearest of the passages it allows (hnswlib checks it
   * while walking the graph, so a filter narrows the list itself, not its top), `allowed` being how
   * many it allows.
   */
  search(query: Float32Array, k: number, filter?: LabelFilter): VectorHit[] {
    const n = Math.min(k, this.size - this.deleted, filter ? filter.allowed : Infinity);
    if (n === 0) return [];
    const { neighbors, distances } = this.hnsw.searchKnn(Array.from(query), n, filter?.allows);
    return neighbors.map((label, i) => ({ label, similarity: 1 - distances[i]! }));
  }
}
