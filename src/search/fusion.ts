/**
 * Reciprocal rank fusion (Cormack et al., 2009): each list adds weight / (k + rank) for the items it
 * ranks. It needs no score calibration between BM25 and cosine, which live on unrelated scales.
 */
export interface RankedList {
  labels: number[];
  weight: number;
}

/**
 * The paper uses k = 60, tuned for long lists over large collections. Here lists are short and the top
 * of the keyword list is often decisive (one rare name), so a smaller k lets it count: on the dev and
 * extra questions k = 5–10 kept every answer in the top 3, k ≥ 30 dropped one to rank 4. On ARCD
 * (issue 12) hit@1/hit@3 were 0.823/0.951 at k = 3, 0.821/0.949 at 5, 0.823/0.949 at 7, 0.820/0.944
 * at 10 and 0.814/0.941 at 20: 5 sits on the plateau without taking its best point.
 */
const RRF_K = 5;

/** Ties are broken by `order` (lower first), by label when none is given. */
export function fuseRankings(lists: RankedList[], order: (label: number) => number = (label) => label, k = RRF_K): { label: number; score: number }[] {
  const scores = new Map<number, number>();
  for (const { labels, weight } of lists) {
    labels.forEach((label, rank) => scores.set(label, (scores.get(label) ?? 0) + weight / (k + rank + 1)));
  }
  return [...scores]
    .map(([label, score]) => ({ label, score }))
    .sort((a, b) => b.score - a.score || order(a.label) - order(b.label));
}

