import MiniSearch from 'minisearch';
import { tokenize, type TermProcessor } from '../text/tokens.ts';

export interface LexicalHit {
  label: number;
  score: number;
}

interface LexicalDoc {
  label: number;
  text: string;
}

/**
 * BM25 keyword search (MiniSearch) over the passages, with our Arabic tokenizer and term processor
 * handed in, as MiniSearch intends for languages it does not know. One edit of fuzziness on long
 * terms absorbs transliteration variants ("كاراباخ"/"كراباخ") that normalization cannot.
 */
function options(processTerm: TermProcessor) {
  return {
    idField: 'label',
    fields: ['text'],
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
  private constructor(private readonly index: MiniSearch<LexicalDoc>) {}

  static build(texts: string[], processTerm: TermProcessor): LexicalIndex {
    const index = new MiniSearch<LexicalDoc>(options(processTerm));
    index.addAll(texts.map((text, label) => ({ label, text })));
    return new LexicalIndex(index);
  }

  static load(saved: unknown, processTerm: TermProcessor): LexicalIndex {
    return new LexicalIndex(MiniSearch.loadJS<LexicalDoc>(saved as Parameters<typeof MiniSearch.loadJS>[0], options(processTerm)));
  }

  toJSON(): unknown {
    return this.index.toJSON();
  }

  /**
   * Plain BM25: MiniSearch multiplies each score by the number of query terms matched, which lets two
   * common words ("قره باغ") outweigh the one rare word that names the answer; that factor is undone.
   */
  search(query: string, k: number): LexicalHit[] {
    return this.index
      .search(query)
      .map((r) => ({ label: r.id as number, score: r.score / (r.queryTerms.length || 1) }))
      .sort((a, b) => b.score - a.score || a.label - b.label)
      .slice(0, k);
  }

  /** Prefix search for autocomplete: every typed word may be the start of a word of the passage. */
  searchPrefix(typed: string, k: number): LexicalHit[] {
    return this.index
      .search(typed, { prefix: true, fuzzy: false, combineWith: 'AND' })
      .slice(0, k)
      .map((r) => ({ label: r.id as number, score: r.score }));
  }
}
