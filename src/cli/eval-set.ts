import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { UserError } from '../errors.ts';
import { projectRoot } from '../paths.ts';
import { normalizeForMatch } from '../text/normalize.ts';
import type { SearchResponse } from '../types.ts';

/** The labelled questions shipped with the project (a copy of the shared dev set): `npm run eval`'s default. */
export const DEFAULT_EVAL_FILE = path.join(projectRoot, 'eval/dev.jsonl');

/** What each field of an eval line must be, as the error message says it. */
const FIELDS = {
  id: 'text naming the question, e.g. "d01"',
  kind: 'text grouping the questions in the report, e.g. "ar", "en" or "none"',
  question: 'the question as text',
  answers: 'a list of texts, one of which the right passage contains ([] when unanswerable)',
  file: 'the seed file that answers it, or null when the articles do not',
} as const;

const evalItemSchema = z.object({
  id: z.string().min(1),
  kind: z.string().min(1),
  question: z.string(),
  answers: z.array(z.string().min(1)),
  file: z.string().min(1).nullable(),
})
  // An answerable question without answers could never be scored a hit: a labelling mistake, not a miss.
  .refine((item) => item.file === null || item.answers.length > 0, { path: ['answers'] });

/** One labelled question, as in eval/dev.jsonl. `file` null and no answers: not answerable. */
export type EvalItem = z.infer<typeof evalItemSchema>;

/** Parses one line; a bad one is a UserError naming the file, the line and the field. */
export function parseEvalLine(line: string, file: string, lineNumber: number): EvalItem {
  const where = `Line ${lineNumber} of ${file}`;
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    throw new UserError(`${where} is not valid JSON: each line is one object with ${Object.keys(FIELDS).join(', ')}.`, 'eval-file');
  }
  const parsed = evalItemSchema.safeParse(value);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  const field = issue.path[0] as keyof typeof FIELDS | undefined;
  if (field === undefined) throw new UserError(`${where} is not a JSON object: each line is one object with ${Object.keys(FIELDS).join(', ')}.`, 'eval-file');
  const given = (value as Record<string, unknown>)[field];
  const problem = given === undefined ? 'is missing' : `is ${JSON.stringify(given)}`;
  throw new UserError(`${where}: "${field}" ${problem}; it must be ${FIELDS[field]}.`, 'eval-file');
}

export async function readEvalSet(file: string): Promise<EvalItem[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new UserError(`The eval file ${file} cannot be read: give a .jsonl file of {"id","kind","question","answers","file"} lines (the default is eval/dev.jsonl).`, 'usage');
  }
  return text.split('\n').flatMap((line, i) => (line.trim() === '' ? [] : [parseEvalLine(line, file, i + 1)]));
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
