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

/** An HNSW graph over L2-normalized vectors in cosine space; labels are passage positions. */
export class VectorIndex {
  private constructor(
    private readonly hnsw: hnswlib.HierarchicalNSW,
    readonly dimensions: number,
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
    return new VectorIndex(hnsw, dimensions);
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
  search(query: Float32Array, k: number, filter?: { allows: (label: number) => boolean; allowed: number }): VectorHit[] {
    const n = Math.min(k, filter ? filter.allowed : this.size);
    if (n === 0) return [];
    const { neighbors, distances } = this.hnsw.searchKnn(Array.from(query), n, filter?.allows);
    return neighbors.map((label, i) => ({ label, similarity: 1 - distances[i]! }));
  }
}
