import { coverage, idf, type TermStats } from './terms.ts';

/** One content word of a question (or one understood English term) and its indexed readings. */
export interface QuestionUnit {
  /** As the asker wrote it. */
  display: string;
  readings: string[];
}

/** What the best passage says of a question it answers only in part. */
export interface PartialAnswer {
  mentioned: string;
  missing: string;
  /** The missing word does occur in the index, only not in the best passage. */
  elsewhere: boolean;
}

/** Fuzzy coverage from which a word counts as present: a derived form, not a lookalike. */
const PRESENT = 0.7;

/**
 * In-domain questions with an unanswerable twist ("population of Baku", "birth date of Aliyev") share
 * a shape (issue 12): exactly one of their two rarest words is absent from the best passage. That is
 * too weak to reject an answer (on ARCD it would reject 14% of answerable questions) but exactly what
 * a reader should be told.
 */
export function findPartial(units: QuestionUnit[], passageTerms: ReadonlySet<string>, stats: TermStats): PartialAnswer | null {
  const distinct = [...new Map(units.map((u) => [u.readings.join(' '), u])).values()];
  if (distinct.length < 2) return null;
  const rarity = (u: QuestionUnit) => Math.min(...u.readings.map((term) => idf(stats, term)));
  const [a, b] = distinct.sort((x, y) => rarity(y) - rarity(x));
  const present = (u: QuestionUnit) => coverage([u.readings], passageTerms, stats, true) >= PRESENT;
  if (present(a!) === present(b!)) return null;
  const [found, lost] = present(a!) ? [a!, b!] : [b!, a!];
  return { mentioned: found.display, missing: lost.display, elsewhere: lost.readings.some((term) => stats.df(term) > 0) };
}

/** The one line that tells the reader, in the question's language. */
export function partialLine({ mentioned, missing, elsewhere }: PartialAnswer, english: boolean): string {
  if (english)
    return elsewhere ? `The articles mention “${mentioned}” and “${missing}”, but not together.` : `The articles mention “${mentioned}”, but not “${missing}”.`;
  return elsewhere ? `تذكر المقالات «${mentioned}» و«${missing}»، لكن ليس معًا.` : `تذكر المقالات «${mentioned}»، لكنها لا تذكر «${missing}».`;
}
