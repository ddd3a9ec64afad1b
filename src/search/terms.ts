import { contentTerms, type TermProcessor } from '../text/tokens.ts';

/** Document frequencies of the indexed terms: how informative each query term is. */
export interface TermStats {
  docCount: number;
  /** Passages holding the term. */
  df(term: string): number;
}

export function countTerms(texts: string[], processTerm: TermProcessor): TermStats {
  const df = new Map<string, number>();
  for (const text of texts) for (const term of new Set(contentTerms(text, processTerm))) df.set(term, (df.get(term) ?? 0) + 1);
  return { docCount: texts.length, df: (term) => df.get(term) ?? 0 };
}

/** BM25's idf; a term the corpus never uses gets the highest weight, so a question about it cannot look covered. */
export function idf(stats: TermStats, term: string): number {
  const n = stats.df(term);
  return Math.log(1 + (stats.docCount - n + 0.5) / (n + 0.5));
}

function trigrams(term: string): Set<string> {
  const padded = `<${term}>`;
  const grams = new Set<string>();
  for (let i = 0; i + 3 <= padded.length; i++) grams.add(padded.slice(i, i + 3));
  return grams;
}

/** Dice similarity of character trigrams: "موافقه" ~ "وافق", where light stems differ. */
function likeness(a: string, b: string): number {
  const ga = trigrams(a);
  const gb = trigrams(b);
  let shared = 0;
  for (const g of ga) if (gb.has(g)) shared++;
  return (2 * shared) / (ga.size + gb.size);
}

/**
 * How much of the question a text covers: the idf-weighted share of the question's distinct content
 * words that occur in the text (0..1); a word counts when any of its readings does, and weighs as its
 * most common reading. With `fuzzy`, a word absent from the text earns partial credit for its closest
 * text term (trigram likeness of 0.5 or more), for derived forms the stemmer misses.
 */
export function coverage(queryWords: string[][], textTerms: ReadonlySet<string>, stats: TermStats, fuzzy = false): number {
  let total = 0;
  let found = 0;
  const distinct = new Map(queryWords.map((readings) => [readings.join(' '), readings]));
  for (const readings of distinct.values()) {
    const weight = Math.min(...readings.map((term) => idf(stats, term)));
    total += weight;
    if (readings.some((term) => textTerms.has(term))) found += weight;
    else if (fuzzy) {
      let best = 0;
      for (const term of readings) for (const other of textTerms) best = Math.max(best, likeness(term, other));
      if (best >= 0.5) found += weight * best;
    }
  }
  return total === 0 ? 0 : found / total;
}
