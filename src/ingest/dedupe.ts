import type { OnProgress } from '../types.ts';
import { sortedJaccard } from '../text/jaccard.ts';

/**
 * Near-duplicate detection in near-linear time. A text is a duplicate when its word set has a
 * Jaccard similarity at or above the threshold with an earlier text that was kept; comparing every
 * pair is quadratic (a 20 MB page never finished), so candidates come from prefix filtering
 * (Chaudhuri et al. 2006; Bayardo et al., "All-Pairs", 2007), which is exact, not probabilistic:
 *
 * - words are ranked rarest first over all the texts;
 * - two sets with Jaccard ≥ t share at least ⌈t·|x|⌉ words, so each set's |x| − ⌈t·|x|⌉ + 1 rarest
 *   words (its prefix) must meet the other's prefix: only texts whose prefixes share a word, and
 *   whose sizes are within a factor t, are compared in full.
 *
 * Rare words have short posting lists, so each text meets a handful of candidates. The decisions
 * are exactly those of comparing every pair.
 */

/** How often progress is reported, in texts; fewer texts take milliseconds and report nothing. */
const PROGRESS_EVERY = 2000;

/** Each text's distinct words as ids sorted rarest first (ties by first appearance, for a fixed order). */
function rankedSets(texts: string[][]): Int32Array[] {
  const counts = new Map<string, { count: number; first: number }>();
  texts.forEach((words) => {
    for (const word of new Set(words)) {
      const entry = counts.get(word);
      if (entry) entry.count++;
      else counts.set(word, { count: 1, first: counts.size });
    }
  });
  const rank = new Map<string, number>();
  [...counts.entries()]
    .sort(([, a], [, b]) => a.count - b.count || a.first - b.first)
    .forEach(([word], i) => rank.set(word, i));
  return texts.map((words) => Int32Array.from(new Set(words), (w) => rank.get(w)!).sort());
}

/** Length of the prefix that a set of `size` words must share with any set it is t-similar to. */
function prefixLength(size: number, threshold: number): number {
  // The tolerance keeps 0.9·30 = 27.000000000000004 from rounding up and shortening the prefix.
  return size - Math.ceil(threshold * size - 1e-9) + 1;
}

/**
 * For texts given as word lists, in order: true for each one that repeats (Jaccard ≥ threshold) a
 * text kept before it. A text with no words is never a duplicate, as before.
 */
export function findNearDuplicates(texts: string[][], threshold: number, onProgress?: OnProgress): boolean[] {
  const sets = rankedSets(texts);
  const report = texts.length > PROGRESS_EVERY ? onProgress : undefined;
  const postings = new Map<number, number[]>();
  const seenBy = new Int32Array(sets.length).fill(-1);
  const duplicate = sets.map((set, x) => {
    if (x % PROGRESS_EVERY === 0) report?.(x, sets.length);
    const prefix = set.subarray(0, prefixLength(set.length, threshold));
    for (const word of prefix) {
      for (const y of postings.get(word) ?? []) {
        if (seenBy[y] === x) continue;
        seenBy[y] = x;
        const other = sets[y]!;
        if (other.length < threshold * set.length - 1e-9 || set.length < threshold * other.length - 1e-9) continue;
        if (sortedJaccard(set, other) >= threshold) return true;
      }
    }
    for (const word of prefix) {
      const list = postings.get(word);
      if (list) list.push(x);
      else postings.set(word, [x]);
    }
    return false;
  });
  report?.(sets.length, sets.length);
  return duplicate;
}
