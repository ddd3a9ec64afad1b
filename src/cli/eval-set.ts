import { readFile } from 'node:fs/promises';
import { UserError } from '../errors.ts';
import { normalizeForMatch } from '../text/normalize.ts';
import type { SearchResponse } from '../types.ts';

/** One labelled question, as in ../shared/eval/dev.jsonl. `file` null and no answers: not answerable. */
export interface EvalItem {
  id: string;
  kind: string;
  question: string;
  answers: string[];
  file: string | null;
}

export async function readEvalSet(file: string): Promise<EvalItem[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new UserError(`The eval file ${file} cannot be read: give a .jsonl file of {"id","kind","question","answers","file"} lines.`, 'usage');
  }
  return text.split('\n').flatMap((line, i) => {
    if (line.trim() === '') return [];
    try {
      const item = JSON.parse(line) as EvalItem;
      if (typeof item.question !== 'string' || !Array.isArray(item.answers)) throw new Error('fields');
      return [item];
    } catch {
      throw new UserError(`Line ${i + 1} of ${file} is not a valid eval item: each line needs "question" (text) and "answers" (list).`, 'usage');
    }
  });
}

const squash = (text: string) => normalizeForMatch(text).replace(/[^\p{L}\p{N}]+/gu, ' ').trim();

/** Rank (1-based) of the first result from the labelled file that contains one of the answers, or null. */
export function hitRank(item: EvalItem, response: SearchResponse): number | null {
  const answers = item.answers.map(squash);
  const index = response.results.findIndex(
    (r) => r.passage.article.file === item.file && answers.some((a) => squash(r.passage.text).includes(a)),
  );
  return index === -1 ? null : index + 1;
}

export interface KindReport {
  kind: string;
  questions: number;
  answerable: number;
  hit1: number;
  hit3: number;
  mrr: number;
  /** Unanswerable questions answered "not confident" (share of unanswerable ones). */
  rejected: number;
  /** Answerable questions answered "not confident" (share of answerable ones). */
  falseRejections: number;
}

export interface EvalOutcome {
  item: EvalItem;
  rank: number | null;
  confident: boolean;
}

export function summarize(kind: string, outcomes: EvalOutcome[]): KindReport {
  const answerable = outcomes.filter((o) => o.item.file !== null);
  const unanswerable = outcomes.filter((o) => o.item.file === null);
  const share = (n: number, of: number) => (of === 0 ? NaN : n / of);
  return {
    kind,
    questions: outcomes.length,
    answerable: answerable.length,
    hit1: share(answerable.filter((o) => o.rank === 1).length, answerable.length),
    hit3: share(answerable.filter((o) => o.rank !== null && o.rank <= 3).length, answerable.length),
    mrr: share(answerable.reduce((sum, o) => sum + (o.rank ? 1 / o.rank : 0), 0), answerable.length),
    rejected: share(unanswerable.filter((o) => !o.confident).length, unanswerable.length),
    falseRejections: share(answerable.filter((o) => !o.confident).length, answerable.length),
  };
}
