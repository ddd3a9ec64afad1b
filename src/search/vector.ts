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
 * An HNSW graph over L2-normalized vectors in cosine space; labels are passage slots. The bot updates
 * the graph it serves in place and shares it between successive indexes; each searches it with the
 * number of slots it knows, so labels added for a newer index are never returned to an older one.
 */
export class VectorIndex {
  private constructor(
    private readonly hnsw: hnswlib.HierarchicalNSW,
    readonly dimensions: number,
    /** Labels marked deleted (hnswlib does not report them). */
    private deleted = 0,
  ) {}

  private released = false;
  /** Searchers sharing the graph (the bot's, across in-place updates). */
  private users = 0;

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

  /**
   * Marks `removed` deleted (searches skip them; their space is given back when the index is
   * compacted), then adds `added` as labels `from`, `from + 1`, …, in that order: the build and the bot
   * both update a graph through here, so a graph updated in place equals the one the build wrote.
   * `pause` is awaited after each step (the bot's lets the event loop run once a few ms have passed).
   */
  async update(removed: Iterable<number>, added: Float32Array[], from: number, pause: () => Promise<void> | void = () => {}): Promise<void> {
    for (const label of removed) {
      this.hnsw.markDelete(label);
      this.deleted++;
      await pause();
    }
    this.hnsw.resizeIndex(Math.max(this.hnsw.getMaxElements(), from + added.length, 1));
    for (const [i, vector] of added.entries()) {
      this.hnsw.addPoint(Array.from(vector), from + i);
      await pause();
    }
  }

  /**
   * Frees the graph at once (hnswlib frees it when the index is re-initialized) instead of whenever
   * the garbage collector gets to it, so that a replacement can be loaded without two in memory.
   * Searches then find nothing.
   */
  release(): void {
    this.hnsw.initIndex(1);
    this.deleted = 0;
    this.released = true;
  }

  /** Candidates hnswlib keeps while searching (the index's efSearch). */
  setEf(ef: number): void {
    this.hnsw.setEf(ef);
  }

  /** A searcher starts using the graph. */
  acquire(): void {
    this.users++;
  }

  /** A searcher is done with the graph; the last one frees it. */
  relinquish(): void {
    if (--this.users === 0 && !this.released) this.release();
  }

  get isReleased(): boolean {
    return this.released;
  }

  save(file: string): Promise<boolean> {
    return this.hnsw.writeIndex(file);
  }

  vector(label: number): Float32Array {
    return Float32Array.from(this.hnsw.getPoint(label));
  }

  /**
   * The k nearest passages among labels below `slots` (the caller's passage slots); with a filter,
   * the k nearest of the passages it allows (hnswlib checks it while walking the graph, so a filter
   * narrows the list itself, not its top), `allowed` being how many it allows.
   */
  search(query: Float32Array, k: number, filter?: LabelFilter, slots = this.size): VectorHit[] {
    const n = Math.min(k, this.size - this.deleted, filter ? filter.allowed : Infinity);
    if (n <= 0) return [];
    // Only while a searcher replaced by an in-place update finishes its questions.
    const allows = slots < this.size ? (label: number) => label < slots && (filter?.allows(label) ?? true) : filter?.allows;
    const { neighbors, distances } = this.hnsw.searchKnn(Array.from(query), n, allows);
    return neighbors.map((label, i) => ({ label, similarity: 1 - distances[i]! }));
  }
}
