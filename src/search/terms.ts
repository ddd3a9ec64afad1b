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

/** A term's trigrams, and a 32-bit mask of them that rules out most pairs without comparing sets. */
interface Grams {
  set: Set<string>;
  mask: number;
}

/** Trigrams of recently seen terms: sentence scoring compares the same terms over and over. */
const trigramCache = new Map<string, Grams>();
const TRIGRAM_CACHE_SIZE = 50_000;

function trigrams(term: string): Grams {
  const cached = trigramCache.get(term);
  if (cached) return cached;
  if (trigramCache.size >= TRIGRAM_CACHE_SIZE) trigramCache.clear();
  const padded = `<${term}>`;
  const grams: Grams = { set: new Set(), mask: 0 };
  for (let i = 0; i + 3 <= padded.length; i++) {
    grams.set.add(padded.slice(i, i + 3));
    grams.mask |= 1 << ((padded.charCodeAt(i) * 31 * 31 + padded.charCodeAt(i + 1) * 31 + padded.charCodeAt(i + 2)) & 31);
  }
  trigramCache.set(term, grams);
  return grams;
}

/** Dice similarity of character trigrams: "موافقه" ~ "وافق", where light stems differ. */
function likeness(a: string, b: string): number {
  const ga = trigrams(a);
  const gb = trigrams(b);
  // No common mask bit means no common trigram; and Dice cannot reach 0.5 (the least that counts)
  // when one set is under a third of the other.
  if ((ga.mask & gb.mask) === 0 || 3 * Math.min(ga.set.size, gb.set.size) < Math.max(ga.set.size, gb.set.size)) return 0;
  let shared = 0;
  for (const g of ga.set) if (gb.set.has(g)) shared++;
  return (2 * shared) / (ga.set.size + gb.set.size);
}

/** A question's distinct words and their weights, computed once per question (sentences are many). */
interface Weighted {
  stats: TermStats;
  words: { readings: string[]; weight: number }[];
  /** Least weight of a word that gets fuzzy credit. */
  gate: number;
}
const prepared = new WeakMap<string[][], Weighted>();

/**
 * Only words weighing at least half the question's heaviest get fuzzy credit: it halves the cost of
 * sentence scoring and changed no ARCD or dev figure (common words hardly move coverage anyway).
 */
const FUZZY_MIN_SHARE = 0.5;

function weighted(queryWords: string[][], stats: TermStats): Weighted {
  const cached = prepared.get(queryWords);
  if (cached?.stats === stats) return cached;
  const distinct = new Map(queryWords.map((readings) => [readings.join(' '), readings]));
  const words = [...distinct.values()].map((readings) => ({ readings, weight: Math.min(...readings.map((term) => idf(stats, term))) }));
  const result = { stats, words, gate: FUZZY_MIN_SHARE * Math.max(0, ...words.map((w) => w.weight)) };
  prepared.set(queryWords, result);
  return result;
}

/**
 * How much of the question a text covers: the idf-weighted share of the question's distinct content
 * words that occur in the text (0..1); a word counts when any of its readings does, and weighs as its
 * most common reading. With `fuzzy`, a word absent from the text earns partial credit for its closest
 * text term (trigram likeness of 0.5 or more), for derived forms the stemmer misses. The text's
 * distinct terms come as a Set, or as an array when they are few and kept long (the sentence cache).
 */
export function coverage(
  queryWords: string[][],
  textTerms: ReadonlySet<string> | readonly string[],
  stats: TermStats,
  fuzzy = false,
  /** Likeness of term pairs already compared for this question (the sentences of a passage share terms). */
  seen: Map<string, Map<string, number>> = new Map(),
): number {
  let total = 0;
  let found = 0;
  const { words, gate } = weighted(queryWords, stats);
  const contains = 'has' in textTerms ? (term: string) => textTerms.has(term) : (term: string) => textTerms.includes(term);
  for (const { readings, weight } of words) {
    total += weight;
    if (readings.some(contains)) found += weight;
    else if (fuzzy && weight >= gate) {
      let best = 0;
      for (const term of readings) {
        let known = seen.get(term);
        if (!known) seen.set(term, (known = new Map<string, number>()));
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
