import { close, fstat, open, read, readSync } from 'node:fs';
import { promisify } from 'node:util';
import { tokenize, type TermProcessor } from '../text/tokens.ts';
import type { TermStats } from './terms.ts';
import { yieldToLoop } from './slices.ts';
import { DamagedFile } from './validate.ts';

export interface LexicalHit {
  label: number;
  score: number;
}

/** The keyword fields of one passage; `title` is optional (a second, separately weighted field). */
export interface LexicalDoc {
  text: string;
  title?: string | null;
}

/**
 * The keyword engine's tunables. Scoring is MiniSearch's (BM25+ with its k, b, d; one edit of
 * fuzziness on terms of 6+ letters weighted 0.4·len/(len+1); prefix matches 0.3·len/(len+0.3·extra)),
 * which this engine replaced for memory and speed (README, "Keyword index"): the dev and ARCD
 * figures are the same with either.
 */
export const lexicalDefaults = {
  bm25: { k: 1.2, b: 0.7, d: 0.5 },
  fuzzyMinLength: 6,
  fuzzyWeight: 0.4,
  prefixWeight: 0.3,
  /** Weight of each field's BM25 score. */
  boost: { text: 1, title: 1 } as Record<string, number>,
  /**
   * Speed, not ranking: a term found in more than 10% of the passages and in over 1,000 of them is left
   * out of keyword queries. Its BM25 weight is small (idf < 2.3) but its postings are long: on the
   * 50k-passage benchmark such terms made a query cost 60 ms instead of 9. Small corpora are never
   * pruned (on the seeds it cost a hit), and coverage and sentence scoring still see every term.
   */
  prune: { share: 0.1, minPostings: 1000 },
  /** Autocomplete: most vocabulary terms one typed prefix expands to (keeps a one-letter prefix cheap). */
  maxPrefixTerms: 64,
  /**
   * Postings a loaded index reads into buffers it reuses (6 bytes each: 384 KB); a longer read (a common
   * word's prefix in autocomplete, an update merging every posting) gets buffers of its own.
   */
  reusedPostings: 65_536,
};

/** Doc ids (slots, ascending) and their term frequencies, side by side. */
interface Postings {
  docs: Uint32Array;
  tfs: Uint16Array;
}

/** Postings of one field: for term t, postings offsets[t]..offsets[t+1] in slot order, with their term frequencies. */
interface FieldPostings {
  offsets: Uint32Array;
  /** Postings [start, end), for a query: valid until the next call (a loaded index reads them into reused buffers). */
  slice(start: number, end: number): Postings;
  /** Every posting, in arrays of the caller's own (an update merges them, serialize writes them). */
  all(): Postings;
  /** Distinct tokens per slot (MiniSearch's field length); 0 for deleted slots. */
  lengths: Uint16Array;
  avgLength: number;
}

/** Postings held in memory: an index built or updated in this process. */
function inMemory(docs: Uint32Array, tfs: Uint16Array): Pick<FieldPostings, 'slice' | 'all'> {
  return { slice: (start, end) => ({ docs: docs.subarray(start, end), tfs: tfs.subarray(start, end) }), all: () => ({ docs, tfs }) };
}

/** Postings left in `lexical.bin`, at byte positions `docsAt` and `tfsAt`. */
function onDisk(file: PostingsFile, docsAt: number, tfsAt: number, total: number): Pick<FieldPostings, 'slice' | 'all'> {
  return { slice: (start, end) => file.slice(docsAt, tfsAt, start, end), all: () => file.slice(docsAt, tfsAt, 0, total, true) };
}

/**
 * A loaded index's postings, left in `lexical.bin` and read term by term when a query needs them
 * (positional reads, served by the OS page cache, which is not the process's memory): at 100k passages
 * they are ~40 MB a query touches a few hundred KB of. The descriptor stays valid after a build swaps a
 * new folder in, so questions in flight on the old index finish on it.
 */
class PostingsFile {
  private docs = new Uint32Array(0);
  private tfs = new Uint16Array(0);
  private closed = false;

  constructor(readonly fd: number) {}

  /** Reads postings [start, end) of the arrays stored at byte positions `docsAt` and `tfsAt`. */
  slice(docsAt: number, tfsAt: number, start: number, end: number, own = false): Postings {
    // A closed descriptor's number may already name another file: reading it would not fail, but lie.
    if (this.closed) throw new Error('lexical.bin was read after its index was closed');
    const count = end - start;
    const reused = !own && count <= lexicalDefaults.reusedPostings;
    if (reused && this.docs.length < count) {
      // Grown to the longest read so far (up to the bound), so a common word does not reallocate each query.
      this.docs = new Uint32Array(count);
      this.tfs = new Uint16Array(count);
    }
    const docs = reused ? this.docs.subarray(0, count) : new Uint32Array(count);
    const tfs = reused ? this.tfs.subarray(0, count) : new Uint16Array(count);
    this.readFully(docs, docsAt + 4 * start);
    this.readFully(tfs, tfsAt + 2 * start);
    return { docs, tfs };
  }

  private readFully(into: Uint32Array | Uint16Array, position: number): void {
    const bytes = new Uint8Array(into.buffer, into.byteOffset, into.byteLength);
    for (let done = 0; done < bytes.length; ) {
      const n = readSync(this.fd, bytes, done, bytes.length - done, position + done);
      if (n === 0) throw new DamagedFile('lexical.bin', 'is shorter than its header (lexical.json) says');
      done += n;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await promisify(close)(this.fd);
  }
}

/** What is stored: a small JSON header, the vocabulary, and the arrays back to back in one binary file. */
export interface LexicalHeader {
  fields: string[];
  slots: number;
  /** Live (not deleted) passages. */
  docCount: number;
  terms: number;
  /** Byte sizes of the arrays: live slots, four per field, then the terms' sorted order (absent before it was stored). */
  postings: number[];
}

type Expansion = { term: number; weight: number };

/**
 * BM25 keyword search over the passages with our Arabic tokenizer and term processor. Postings are
 * typed arrays (6 bytes a posting): held in memory while an index is built or updated, left in
 * `lexical.bin` once it is loaded, where a query reads only the postings of its terms. Labels are
 * passage slots: a deleted passage's slot stays empty until the index is compacted.
 */
export class LexicalIndex {
  /**
   * Term ids of an index built or updated here (a build adds terms). A loaded index has none: it finds
   * a term by bisection of its stored sorted order, which at 100k passages spares a Map of 101k terms (3 MB of heap).
   */
  private readonly termIds: Map<string, number> | null;
  /** Term ids grouped by term length, for one-edit fuzzy matching. */
  private byLength: Map<number, number[]> | null = null;
  /** Term ids in lexicographic order of their terms, for prefix matching. */
  private sorted: Uint32Array | null = null;
  private scores: Float64Array;
  private matched: Uint8Array;
  /** Slots a query has scored so far, reused: a common word touches tens of thousands (README, "Memory and speed"). */
  private touched: Uint32Array;
  readonly terms: TermStats;
  /** Live (not deleted) passages. */
  readonly docCount: number;
  /** The open `lexical.bin` of a loaded index (null for one built or updated here). */
  private file: PostingsFile | null = null;

  private constructor(
    private readonly vocabulary: string[],
    private readonly fields: string[],
    private readonly postings: FieldPostings[],
    /** 1 for a slot that holds a passage, 0 for a deleted one. */
    private readonly live: Uint8Array,
    private readonly processTerm: TermProcessor,
    termIds: Map<string, number> | null,
  ) {
    let docCount = 0;
    for (let slot = 0; slot < live.length; slot++) docCount += live[slot]!;
    this.docCount = docCount;
    this.termIds = termIds;
    const slots = live.length;
    this.scores = new Float64Array(slots);
    this.matched = new Uint8Array(slots);
    this.touched = new Uint32Array(slots);
    // Document frequencies over the first field (the passage text), for idf-weighted coverage.
    const main = postings[0]!;
    this.terms = {
      docCount,
      df: (term) => {
        const id = this.idOf(term);
        return id === undefined ? 0 : main.offsets[id + 1]! - main.offsets[id]!;
      },
    };
  }

  get slots(): number {
    return this.scores.length;
  }

  /** Indexes `docs` as slots 0..n-1; a null doc is an empty (deleted) slot. */
  static build(docs: (LexicalDoc | null)[], processTerm: TermProcessor): LexicalIndex {
    return LexicalIndex.empty(processTerm, docs.some((d) => d?.title != null)).update(new Set(), docs);
  }

  private static empty(processTerm: TermProcessor, withTitle: boolean): LexicalIndex {
    const fields = withTitle ? ['text', 'title'] : ['text'];
    const none = (): FieldPostings => ({ offsets: new Uint32Array(1), ...inMemory(new Uint32Array(0), new Uint16Array(0)), lengths: new Uint16Array(0), avgLength: 0 });
    return new LexicalIndex([], fields, fields.map(none), new Uint8Array(0), processTerm, new Map());
  }

  /**
   * A new index with the `removed` slots emptied and `added` appended as new slots. Term ids stay
   * (new terms get new ids), so postings merge without re-reading the kept passages.
   */
  update(removed: ReadonlySet<number>, added: (LexicalDoc | null)[]): LexicalIndex {
    const vocabulary = [...this.vocabulary];
    const termIds = new Map(this.termIds ?? this.vocabulary.map((term, id) => [term, id]));
    const base = this.slots;
    const slots = base + added.length;
    const fields = added.some((d) => d?.title != null) && !this.fields.includes('title') ? [...this.fields, 'title'] : this.fields;
    const idOf = (term: string) => {
      let id = termIds.get(term);
      if (id === undefined) termIds.set(term, (id = vocabulary.push(term) - 1));
      return id;
    };
    // Tokenize every field first: the vocabulary must be complete before postings are laid out.
    const tokenized = fields.map((field) => {
      const fresh = new Map<number, number[]>();
      const lengths = new Uint16Array(slots);
      added.forEach((doc, i) => {
        const value = field === 'title' ? doc?.title : doc?.text;
        if (value == null) return;
        const tokens = tokenize(value);
        lengths[base + i] = Math.min(0xffff, new Set(tokens).size);
        const tf = new Map<number, number>();
        for (const token of tokens) for (const term of [this.processTerm(token) ?? []].flat()) tf.set(idOf(term), (tf.get(idOf(term)) ?? 0) + 1);
        for (const [term, n] of tf) {
          let list = fresh.get(term);
          if (!list) fresh.set(term, (list = []));
          list.push(base + i, Math.min(0xffff, n));
        }
      });
      return { fresh, lengths };
    });
    const postings = tokenized.map(({ fresh, lengths }, f): FieldPostings => {
      const old = this.postings[f];
      if (old) old.lengths.forEach((n, slot) => (lengths[slot] = removed.has(slot) ? 0 : n));
      return mergePostings(old, vocabulary.length, removed, fresh, lengths);
    });
    const live = new Uint8Array(slots);
    live.set(this.live);
    removed.forEach((slot) => (live[slot] = 0));
    added.forEach((doc, i) => (live[base + i] = doc ? 1 : 0));
    const index = new LexicalIndex(vocabulary, fields, postings, live, this.processTerm, termIds);
    postings.forEach((p) => (p.avgLength = averageLength(p.lengths, index.docCount)));
    return index;
  }

  /** The stored form: a JSON header, the vocabulary (one term a line) and the arrays. */
  serialize(): { header: LexicalHeader; vocabulary: string; data: Buffer } {
    const arrays: ArrayBufferView[] = [this.live];
    for (const p of this.postings) {
      const { docs, tfs } = p.all();
      arrays.push(p.offsets, docs, tfs, p.lengths);
    }
    arrays.push(this.sortedTerms());
    const parts: Buffer[] = [];
    const sizes: number[] = [];
    for (const a of arrays) {
      const bytes = Buffer.from(a.buffer, a.byteOffset, a.byteLength);
      parts.push(bytes, Buffer.alloc((4 - (bytes.length % 4)) % 4));
      sizes.push(a.byteLength);
    }
    return {
      header: { fields: this.fields, slots: this.slots, docCount: this.docCount, terms: this.vocabulary.length, postings: sizes },
      vocabulary: this.vocabulary.join('\n'),
      data: Buffer.concat(parts),
    };
  }

  /**
   * Opens a stored index: the vocabulary, document lengths and term offsets are read into memory, the
   * postings stay in `file` (lexical.bin), read when a query needs them, until `close`.
   */
  static async load(header: LexicalHeader, vocabulary: string, file: string, processTerm: TermProcessor): Promise<LexicalIndex> {
    const postingsFile = new PostingsFile(await promisify(open)(file, 'r'));
    try {
      const index = await LexicalIndex.open(header, vocabulary, postingsFile, processTerm);
      index.file = postingsFile;
      return index;
    } catch (error) {
      await postingsFile.close();
      throw error;
    }
  }

  private static async open(header: LexicalHeader, vocabulary: string, file: PostingsFile, processTerm: TermProcessor): Promise<LexicalIndex> {
    const { fd } = file;
    if (header.postings.length < 1 + 4 * header.fields.length) throw new DamagedFile('lexical.json', 'lists fewer arrays than its fields need');
    const size = (await promisify(fstat)(fd)).size;
    const readAt = promisify(read);
    // The arrays lie back to back, each padded to 4 bytes; `at` walks their positions.
    let at = 0;
    const skip = (bytes: number) => {
      if (at + bytes > size) throw new DamagedFile('lexical.bin', 'is shorter than its header (lexical.json) says');
      const position = at;
      at += bytes + ((4 - (bytes % 4)) % 4);
      return position;
    };
    const take = async <T extends Uint8Array | Uint16Array | Uint32Array>(make: (length: number) => T, bytes: number, width: number): Promise<T> => {
      const position = skip(bytes);
      const array = make(bytes / width);
      const view = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
      for (let done = 0; done < bytes; ) {
        const { bytesRead } = await readAt(fd, view, done, bytes - done, position + done);
        if (bytesRead === 0) throw new DamagedFile('lexical.bin', 'is shorter than its header (lexical.json) says');
        done += bytesRead;
      }
      return array;
    };
    const sizes = [...header.postings];
    const live = await take((n) => new Uint8Array(n), sizes.shift()!, 1);
    const postings: FieldPostings[] = [];
    for (let f = 0; f < header.fields.length; f++) {
      const offsets = await take((n) => new Uint32Array(n), sizes.shift()!, 4);
      const [docsBytes, tfsBytes] = [sizes.shift()!, sizes.shift()!];
      const [docsAt, tfsAt] = [skip(docsBytes), skip(tfsBytes)];
      const lengths = await take((n) => new Uint16Array(n), sizes.shift()!, 2);
      // Postings are read by these offsets at query time: they must rise and end at the arrays' length.
      const total = docsBytes / 4;
      let rising = tfsBytes / 2 === total && offsets[offsets.length - 1] === total;
      for (let t = 1; rising && t < offsets.length; t++) rising = offsets[t]! >= offsets[t - 1]!;
      if (!rising) throw new DamagedFile('lexical.bin', 'has term offsets that do not fit its postings');
      postings.push({ offsets, ...onDisk(file, docsAt, tfsAt, total), lengths, avgLength: averageLength(lengths, header.docCount) });
    }
    // The terms in lexicographic order, stored since it cost an autocomplete after each reload 40–60 ms
    // at 100k passages; an index written before sorts them on its first autocomplete.
    const sorted = sizes.length > 0 ? await take((n) => new Uint32Array(n), sizes.shift()!, 4) : null;
    const terms = vocabulary === '' ? [] : vocabulary.split('\n');
    await yieldToLoop();
    if (
      terms.length !== header.terms ||
      postings.some((p) => p.offsets.length !== terms.length + 1 || p.lengths.length !== header.slots) ||
      (sorted && (sorted.length !== terms.length || sorted.some((id) => id >= terms.length)))
    )
      throw new DamagedFile('lexical.bin', 'does not match its header (lexical.json) or vocabulary (terms.txt)');
    // Terms are looked up by bisection of this order: it must be strictly ascending (checked in slices,
    // so a reload in the bot never holds the event loop for long).
    for (let i = 1; sorted && i < sorted.length; i++) {
      if (!(terms[sorted[i - 1]!]! < terms[sorted[i]!]!)) throw new DamagedFile('lexical.bin', 'does not list the terms of terms.txt in their order');
      if (i % 20_000 === 0) await yieldToLoop();
    }
    const index = new LexicalIndex(terms, header.fields, postings, live, processTerm, null);
    index.sorted = sorted;
    return index;
  }

  /** Closes `lexical.bin` of a loaded index (nothing to do for one built here). */
  async close(): Promise<void> {
    await this.file?.close();
  }

  /**
   * Plain BM25: MiniSearch multiplied each score by the number of query terms matched, which let two
   * common words ("قره باغ") outweigh the one rare word that names the answer; this engine never did.
   */
  search(
    query: string,
    k: number,
    options: { boost?: Record<string, number>; order?: (label: number) => number; allows?: (label: number) => boolean } = {},
  ): LexicalHit[] {
    const { boost = lexicalDefaults.boost, order, allows } = options;
    const { prune, fuzzyMinLength, fuzzyWeight } = lexicalDefaults;
    const maxDf = Math.max(prune.share * this.docCount, prune.minPostings);
    const specs: { term: string; boost: number }[] = [];
    for (const word of tokenize(query)) {
      // A word read two ways ("وزارة" as زار and وزار) must weigh as one word, not two.
      const readings = [this.processTerm(word) ?? []].flat().filter((term) => this.terms.df(term) <= maxDf);
      for (const term of readings) specs.push({ term, boost: 1 / readings.length });
    }
    // The last reading's share wins for a term read from several words, as MiniSearch's boostTerm did.
    const share = new Map(specs.map((s) => [s.term, s.boost]));
    return this.run(
      specs.map(({ term }) => {
        const expansions: Expansion[] = [];
        const id = this.idOf(term);
        if (id !== undefined) expansions.push({ term: id, weight: 1 });
        if (term.length >= fuzzyMinLength)
          for (const other of this.withinOneEdit(term)) expansions.push({ term: other, weight: (fuzzyWeight * this.vocabulary[other]!.length) / (this.vocabulary[other]!.length + 1) });
        return { expansions, boost: share.get(term)! };
      }),
      'or',
      boost,
      k,
      order,
      allows,
    );
  }

  /** Prefix search for autocomplete: every typed word must start a word of the passage. */
  searchPrefix(typed: string, k: number): LexicalHit[] {
    // One reading per typed word: 'and' over every reading of an unfinished word would demand them all.
    const terms = tokenize(typed).flatMap((word) => [this.processTerm(word) ?? []].flat().slice(0, 1));
    if (terms.length === 0) return [];
    const specs = terms.map((term) => ({
      boost: 1,
      expansions: this.withPrefix(term).map((other) => {
        const extra = this.vocabulary[other]!.length - term.length;
        return { term: other, weight: extra === 0 ? 1 : (lexicalDefaults.prefixWeight * this.vocabulary[other]!.length) / (this.vocabulary[other]!.length + 0.3 * extra) };
      }),
    }));
    return this.run(specs, 'and', lexicalDefaults.boost, k);
  }

  /** The `limit` best slots the query terms (or their expansions) post to; 'and' keeps slots matching every term. */
  private run(
    specs: { expansions: Expansion[]; boost: number }[],
    mode: 'or' | 'and',
    boost: Record<string, number>,
    limit: number,
    order: (label: number) => number = (label) => label,
    /** A search filter: only these slots compete for the `limit` places (filtered inside the top k, not after). */
    allows?: (label: number) => boolean,
  ): LexicalHit[] {
    const { k, b, d } = lexicalDefaults.bm25;
    const { scores, matched, touched } = this;
    let touchedCount = 0;
    specs.forEach((spec, s) => {
      for (const { term, weight } of spec.expansions) {
        this.postings.forEach((p, f) => {
          const start = p.offsets[term]!;
          const end = p.offsets[term + 1]!;
          const df = end - start;
          if (df === 0) return;
          const idf = Math.log(1 + (this.docCount - df + 0.5) / (df + 0.5));
          const factor = weight * spec.boost * (boost[this.fields[f]!] ?? 1) * idf;
          const { docs, tfs } = p.slice(start, end);
          for (let i = 0; i < df; i++) {
            const slot = docs[i]!;
            const tf = tfs[i]!;
            const score = factor * (d + (tf * (k + 1)) / (tf + k * (1 - b + (b * p.lengths[slot]!) / p.avgLength)));
            // In 'and' mode, matched counts the specs a slot met; a slot met by spec s has matched[slot] = s + 1.
            // A slot is listed once, when first met, so the list never outgrows the slots.
            if (mode === 'and') {
              if (matched[slot] === s || matched[slot] === s + 1) {
                if (matched[slot] === 0) touched[touchedCount++] = slot;
                scores[slot]! += score;
                matched[slot] = s + 1;
              }
            } else {
              if (matched[slot] === 0) touched[touchedCount++] = slot;
              scores[slot]! += score;
              matched[slot] = 1;
            }
          }
        });
      }
    });
    const need = mode === 'and' ? specs.length : 1;
    // The k best by a bounded heap: a common word touches tens of thousands of passages, and sorting
    // them all cost more than scoring them.
    const better = (x: LexicalHit, y: LexicalHit) => x.score > y.score || (x.score === y.score && order(x.label) < order(y.label));
    const best = new TopK(limit, better);
    for (let i = 0; i < touchedCount; i++) {
      const slot = touched[i]!;
      if (matched[slot]! >= need && (!allows || allows(slot))) best.offer(slot, scores[slot]!);
      scores[slot] = 0;
      matched[slot] = 0;
    }
    return best.sorted();
  }

  /** Vocabulary terms one insertion, deletion or substitution away from `term` (not `term` itself). */
  private withinOneEdit(term: string): number[] {
    if (!this.byLength) {
      this.byLength = new Map();
      this.vocabulary.forEach((t, id) => {
        if (t.length < lexicalDefaults.fuzzyMinLength - 1) return;
        let list = this.byLength!.get(t.length);
        if (!list) this.byLength!.set(t.length, (list = []));
        list.push(id);
      });
    }
    const found: number[] = [];
    for (const length of [term.length - 1, term.length, term.length + 1])
      for (const id of this.byLength.get(length) ?? []) if (oneEditApart(term, this.vocabulary[id]!)) found.push(id);
    return found;
  }

  /** The sorted order, made when an index is built or updated (the stored one when it is loaded). */
  private sortedTerms(): Uint32Array {
    if (!this.sorted) {
      const order = Uint32Array.from(this.vocabulary.keys());
      this.sorted = order.sort((x, y) => (this.vocabulary[x]! < this.vocabulary[y]! ? -1 : this.vocabulary[x]! > this.vocabulary[y]! ? 1 : 0));
    }
    return this.sorted;
  }

  /** The first position in the sorted order whose term is not below `term`. */
  private firstAtLeast(term: string): number {
    const sorted = this.sortedTerms();
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.vocabulary[sorted[mid]!]! < term) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  private idOf(term: string): number | undefined {
    if (this.termIds) return this.termIds.get(term);
    const at = this.firstAtLeast(term);
    const id = this.sortedTerms()[at];
    return id !== undefined && this.vocabulary[id] === term ? id : undefined;
  }

  /** Terms starting with `prefix`, the most frequent first, at most `maxPrefixTerms`. */
  private withPrefix(prefix: string): number[] {
    const sorted = this.sortedTerms();
    const lo = this.firstAtLeast(prefix);
    const ids: number[] = [];
    for (let i = lo; i < sorted.length && this.vocabulary[sorted[i]!]!.startsWith(prefix); i++) ids.push(sorted[i]!);
    const df = (id: number) => this.postings.reduce((sum, p) => sum + p.offsets[id + 1]! - p.offsets[id]!, 0);
    return ids.length <= lexicalDefaults.maxPrefixTerms ? ids : ids.sort((x, y) => df(y) - df(x)).slice(0, lexicalDefaults.maxPrefixTerms);
  }
}

/** The k best items offered, by a min-heap on `better` (its root is the worst kept). */
class TopK {
  private readonly heap: LexicalHit[] = [];
  private readonly probe: LexicalHit = { label: 0, score: 0 };

  constructor(
    private readonly k: number,
    private readonly better: (x: LexicalHit, y: LexicalHit) => boolean,
  ) {}

  offer(label: number, score: number): void {
    const { heap, k, better } = this;
    // Most offers lose to the worst kept hit: compare with one reused probe, and allocate for the winners only.
    this.probe.label = label;
    this.probe.score = score;
    if (heap.length >= k && !(k > 0 && better(this.probe, heap[0]!))) return;
    const hit = { label, score };
    if (heap.length < k) {
      heap.push(hit);
      let i = heap.length - 1;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!better(heap[parent]!, heap[i]!)) break;
        [heap[parent], heap[i]] = [heap[i]!, heap[parent]!];
        i = parent;
      }
    } else {
      heap[0] = hit;
      let i = 0;
      for (;;) {
        const left = 2 * i + 1;
        const right = left + 1;
        let worst = i;
        if (left < heap.length && better(heap[worst]!, heap[left]!)) worst = left;
        if (right < heap.length && better(heap[worst]!, heap[right]!)) worst = right;
        if (worst === i) break;
        [heap[worst], heap[i]] = [heap[i]!, heap[worst]!];
        i = worst;
      }
    }
  }

  sorted(): LexicalHit[] {
    return [...this.heap].sort((x, y) => (this.better(x, y) ? -1 : this.better(y, x) ? 1 : 0));
  }
}

function averageLength(lengths: Uint16Array, docCount: number): number {
  let total = 0;
  for (let i = 0; i < lengths.length; i++) total += lengths[i]!;
  return docCount === 0 ? 0 : total / docCount;
}

/** Levenshtein distance exactly 1 (MiniSearch's fuzzy match at distance 1). */
function oneEditApart(a: string, b: string): boolean {
  if (a === b) return false;
  if (a.length > b.length) [a, b] = [b, a];
  const la = a.length;
  const lb = b.length;
  if (lb - la > 1) return false;
  let i = 0;
  while (i < la && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (la === lb) {
    for (let j = i + 1; j < la; j++) if (a.charCodeAt(j) !== b.charCodeAt(j)) return false;
    return true;
  }
  for (let j = i; j < la; j++) if (a.charCodeAt(j) !== b.charCodeAt(j + 1)) return false;
  return true;
}

/** Old postings without the removed slots, followed by the new ones (which have higher slots), term by term. */
function mergePostings(old: FieldPostings | undefined, terms: number, removed: ReadonlySet<number>, fresh: Map<number, number[]>, lengths: Uint16Array): FieldPostings {
  const oldTerms = old ? old.offsets.length - 1 : 0;
  const kept = old?.all();
  let total = 0;
  for (const list of fresh.values()) total += list.length / 2;
  if (kept) total += kept.docs.length;
  const offsets = new Uint32Array(terms + 1);
  const docs = new Uint32Array(total);
  const tfs = new Uint16Array(total);
  let at = 0;
  for (let t = 0; t < terms; t++) {
    offsets[t] = at;
    if (old && kept && t < oldTerms)
      for (let i = old.offsets[t]!; i < old.offsets[t + 1]!; i++) {
        if (removed.has(kept.docs[i]!)) continue;
        docs[at] = kept.docs[i]!;
        tfs[at++] = kept.tfs[i]!;
      }
    const list = fresh.get(t);
    if (list)
      for (let i = 0; i < list.length; i += 2) {
        docs[at] = list[i]!;
        tfs[at++] = list[i + 1]!;
      }
  }
  offsets[terms] = at;
  return { offsets, ...inMemory(docs.slice(0, at), tfs.slice(0, at)), lengths, avgLength: 0 };
}
