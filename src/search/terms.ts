import { contentTerms, type TermProcessor } from '../text/tokens.ts';

/** Document frequencies of the indexed terms: how informative each query term is. */
export interface TermStats {
  docCount: number;
  df: Record<string, number>;
}

export function countTerms(texts: string[], processTerm: TermProcessor): TermStats {
  const df: Record<string, number> = Object.create(null);
  for (const text of texts) for (const term of new Set(contentTerms(text, processTerm))) df[term] = (df[term] ?? 0) + 1;
  return { docCount: texts.length, df };
}

/** BM25's idf; a term the corpus never uses gets the highest weight, so a question about it cannot look covered. */
export function idf(stats: TermStats, term: string): number {
  const n = stats.df[term] ?? 0;
  return Math.log(1 + (stats.docCount - n + 0.5) / (n + 0.5));
}

/** Trigram sets of recently seen terms: sentence scoring compares the same terms over and over. */
const trigramCache = new Map<string, Set<string>>();
const TRIGRAM_CACHE_SIZE = 50_000;

function trigrams(term: string): Set<string> {
  const cached = trigramCache.get(term);
  if (cached) return cached;
  if (trigramCache.size >= TRIGRAM_CACHE_SIZE) trigramCache.clear();
  const padded = `<${term}>`;
  const grams = new Set<string>();
  for (let i = 0; i + 3 <= padded.length; i++) grams.add(padded.slice(i, i + 3));
  trigramCache.set(term, grams);
  return grams;
}

/** Dice similarity of character trigrams: "موافقه" ~ "وافق", where light stems differ. */
function likeness(a: string, b: string): number {
  const ga = trigrams(a);
  const gb = trigrams(b);
  // Dice cannot reach 0.5 (the least that counts) when one set is under a third of the other.
  if (3 * Math.min(ga.size, gb.size) < Math.max(ga.size, gb.size)) return 0;
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
/** A question's distinct words and their weights, computed once per question (sentences are many). */
const prepared = new WeakMap<string[][], { stats: TermStats; words: { readings: string[]; weight: number }[] }>();

function weighted(queryWords: string[][], stats: TermStats) {
  const cached = prepared.get(queryWords);
  if (cached?.stats === stats) return cached.words;
  const distinct = new Map(queryWords.map((readings) => [readings.join(' '), readings]));
  const words = [...distinct.values()].map((readings) => ({ readings, weight: Math.min(...readings.map((term) => idf(stats, term))) }));
  prepared.set(queryWords, { stats, words });
  return words;
}

export function coverage(
  queryWords: string[][],
  textTerms: ReadonlySet<string>,
  stats: TermStats,
  fuzzy = false,
  /** Likeness of term pairs already compared for this question (the sentences of a passage share terms). */
  seen: Map<string, Map<string, number>> = new Map(),
): number {
  let total = 0;
  let found = 0;
  for (const { readings, weight } of weighted(queryWords, stats)) {
    total += weight;
    if (readings.some((term) => textTerms.has(term))) found += weight;
    else if (fuzzy) {
      let best = 0;
      for (const term of readings) {
        let known = seen.get(term);
        if (!known) seen.set(term, (known = new Map()));
        for (const other of textTerms) {
          let like = known.get(other);
          if (like === undefined) known.set(other, (like = likeness(term, other)));
          if (like > best) best = like;
        }
      }
      if (best >= 0.5) found += weight * best;
    }
  }
  return total === 0 ? 0 : found / total;
}
