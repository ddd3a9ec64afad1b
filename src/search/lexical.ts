import MiniSearch from 'minisearch';
import { tokenize, type TermProcessor } from '../text/tokens.ts';
import { countTerms, type TermStats } from './terms.ts';

export interface LexicalHit {
  label: number;
  score: number;
}

interface LexicalDoc {
  label: number;
  text: string;
  /** The article's title: a question names the subject that a paragraph may only call "he". */
  title: string;
}

/**
 * Speed, not ranking: a term found in more than 10% of the passages and in over 1,000 of them is left
 * out of keyword queries. Its BM25 weight is small (idf < 2.3) but its postings are long: on the
 * 50k-passage benchmark such terms made a query cost 60 ms instead of 9. Small corpora are never
 * pruned (on the seeds it cost a hit), and coverage and sentence scoring still see every term.
 */
const PRUNE = { share: 0.1, minPostings: 1000 };

/**
 * BM25 keyword search (MiniSearch) over the passages, with our Arabic tokenizer and term processor
 * handed in, as MiniSearch intends for languages it does not know. One edit of fuzziness on long
 * terms absorbs transliteration variants ("كاراباخ"/"كراباخ") that normalization cannot.
 */
function options(processTerm: TermProcessor) {
  return {
    idField: 'label',
    fields: ['text', 'title'],
    tokenize,
    processTerm: (term: string) => processTerm(term) ?? null,
    searchOptions: {
      combineWith: 'OR' as const,
      fuzzy: (term: string) => (term.length >= 6 ? 1 : false),
      weights: { fuzzy: 0.4, prefix: 0.3 },
    },
  };
}

export class LexicalIndex {
  private constructor(
    private readonly index: MiniSearch<LexicalDoc>,
    private readonly processTerm: TermProcessor,
    /** Document frequencies, for idf-weighted coverage and for pruning common query terms. */
    readonly terms: TermStats,
  ) {}

  static build(texts: string[], processTerm: TermProcessor, titles: (string | null)[] = []): LexicalIndex {
    const index = new MiniSearch<LexicalDoc>(options(processTerm));
    index.addAll(texts.map((text, label) => ({ label, text, title: titles[label] ?? '' })));
    return new LexicalIndex(index, processTerm, countTerms(texts, processTerm));
  }

  static load(saved: { terms: TermStats; index: unknown }, processTerm: TermProcessor): LexicalIndex {
    const index = MiniSearch.loadJS<LexicalDoc>(saved.index as Parameters<typeof MiniSearch.loadJS>[0], options(processTerm));
    // JSON.parse gives df Object.prototype: "constructor" would find a function, not a count.
    const terms = { ...saved.terms, df: Object.assign(Object.create(null) as TermStats['df'], saved.terms.df) };
    return new LexicalIndex(index, processTerm, terms);
  }

  toJSON(): { terms: TermStats; index: unknown } {
    return { terms: this.terms, index: this.index.toJSON() };
  }

  /**
   * Plain BM25: MiniSearch multiplies each score by the number of query terms matched, which lets two
   * common words ("قره باغ") outweigh the one rare word that names the answer; that factor is undone.
   * `allows` (a filter's predicate over passage positions) is applied inside the search, so k hits
   * come back when k allowed passages match.
   */
  search(query: string, k: number, allows?: (label: number) => boolean, titleWeight = 1): LexicalHit[] {
    const maxDf = Math.max(PRUNE.share * this.terms.docCount, PRUNE.minPostings);
    // A word read two ways ("وزارة" as زار and وزار) must weigh as one word, not two.
    const share = new Map<string, number>();
    const processTerm = (word: string) => {
      const terms = [this.processTerm(word) ?? []].flat().filter((term) => (this.terms.df[term] ?? 0) <= maxDf);
      for (const term of terms) share.set(term, 1 / terms.length);
      return terms.length > 0 ? terms : null;
    };
    return this.index
      .search(query, {
        processTerm,
        boostTerm: (term) => share.get(term) ?? 1,
        boost: { text: 1, title: titleWeight },
        ...(allows && { filter: (r) => allows(r.id as number) }),
      })
      .map((r) => ({ label: r.id as number, score: r.score / (r.queryTerms.length || 1) }))
      .sort((a, b) => b.score - a.score || a.label - b.label)
      .slice(0, k);
  }

  /** Prefix search for autocomplete: every typed word may be the start of a word of the passage. */
  searchPrefix(typed: string, k: number): LexicalHit[] {
    // One reading per typed word: AND over every reading of an unfinished word would demand them all.
    const processTerm = (word: string) => [this.processTerm(word) ?? []].flat()[0] ?? null;
    return this.index
      .search(typed, { fields: ['text'], processTerm, prefix: true, fuzzy: false, combineWith: 'AND' })
      .slice(0, k)
      .map((r) => ({ label: r.id as number, score: r.score }));
  }
}
