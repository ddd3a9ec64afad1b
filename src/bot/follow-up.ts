import { STOPWORDS, tokenize } from '../text/tokens.ts';

/**
 * What a thread follow-up is searched with: its own words, then the content words of the thread's
 * first question that it does not already have (as written; the search folds them like any question).
 * "ومتى حدث ذلك؟" alone names no event; with the first question's words it finds the one asked about.
 */
export function withFirstQuestion(followUp: string, first: string): string {
  const have = new Set(tokenize(followUp));
  const added: string[] = [];
  for (const word of first.match(/[\p{L}\p{N}]+/gu) ?? []) {
    const folded = tokenize(word)[0];
    if (folded === undefined || STOPWORDS.has(folded) || have.has(folded)) continue;
    have.add(folded);
    added.push(word);
  }
  return added.length === 0 ? followUp : `${followUp} ${added.join(' ')}`;
}
