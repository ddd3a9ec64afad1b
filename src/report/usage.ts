import type { Db } from '../store/database.ts';
import { contentWords, createTermProcessor, tokenize } from '../text/tokens.ts';

/** What the operator's usage report shows; every list is best or most frequent first. */
export interface UsageReport {
  since: string | null;
  totals: Activity & { ratedUp: number; ratedDown: number };
  perDay: (Activity & { day: string })[];
  perServer: (Activity & { guildId: string })[];
  /** Questions answered "not confident", grouped by their content words: the articles to add. */
  unanswered: { words: string[]; count: number; examples: string[] }[];
  /** Not-confident questions whose text is past the retention period: counted, not grouped. */
  unansweredWithoutText: number;
  ratedDown: { questionId: number; ratedAt: string; question: string | null; reason: string | null; comment: string | null; passages: string[] }[];
  mostCited: { passageId: string; times: number }[];
}

export interface Activity {
  questions: number;
  /** Share of questions answered confidently, 0–1 (NaN when there were none). */
  confidentShare: number;
  medianLatencyMs: number | null;
}

export const reportDefaults = {
  /** Groups of unanswered questions listed. */
  unansweredGroups: 20,
  /** Example questions shown per group. */
  examplesPerGroup: 2,
  /** Two unanswered questions share a group when their content words overlap at least this much (Jaccard). */
  groupOverlap: 0.5,
  ratedDown: 20,
  mostCited: 10,
};

interface QuestionRow {
  day: string;
  guild_id: string | null;
  question: string | null;
  confident: number;
  latency_ms: number;
}

export function buildUsageReport(db: Db, options: { since?: string | null } = {}): UsageReport {
  const since = options.since ?? null;
  const from = since === null ? 0 : Date.parse(`${since}T00:00:00Z`);
  const rows = db
    .prepare(
      `SELECT date(asked_at / 1000, 'unixepoch') AS day, guild_id, question, confident, latency_ms
       FROM questions WHERE asked_at >= ? ORDER BY asked_at`,
    )
    .all(from) as QuestionRow[];
  const ratings = db
    .prepare(`SELECT SUM(rating = 1) AS up, SUM(rating = -1) AS down FROM ratings WHERE rated_at >= ?`)
    .get(from) as { up: number | null; down: number | null };
  const notConfident = rows.filter((r) => r.confident === 0);
  return {
    since,
    totals: { ...activity(rows), ratedUp: ratings.up ?? 0, ratedDown: ratings.down ?? 0 },
    perDay: groupBy(rows, (r) => r.day).map(([day, group]) => ({ day, ...activity(group) })),
    perServer: groupBy(rows, (r) => r.guild_id ?? 'direct messages')
      .map(([guildId, group]) => ({ guildId, ...activity(group) }))
      .sort((a, b) => b.questions - a.questions),
    unanswered: groupUnanswered(notConfident.flatMap((r) => (r.question === null ? [] : [r.question]))),
    unansweredWithoutText: notConfident.filter((r) => r.question === null).length,
    ratedDown: ratedDown(db, from),
    mostCited: db
      .prepare(
        `SELECT s.passage_id AS passageId, COUNT(*) AS times FROM shown_passages s JOIN questions q ON q.id = s.question_id
         WHERE q.asked_at >= ? GROUP BY s.passage_id ORDER BY times DESC, passageId LIMIT ?`,
      )
      .all(from, reportDefaults.mostCited) as { passageId: string; times: number }[],
  };
}

function ratedDown(db: Db, from: number): UsageReport['ratedDown'] {
  const rows = db
    .prepare(
      `SELECT r.question_id AS questionId, r.rated_at AS ratedAt, q.question, r.reason, r.comment,
              (SELECT group_concat(passage_id, ' ') FROM (SELECT passage_id FROM shown_passages WHERE question_id = r.question_id ORDER BY rank)) AS passages
       FROM ratings r JOIN questions q ON q.id = r.question_id
       WHERE r.rating = -1 AND r.rated_at >= ? ORDER BY r.rated_at DESC LIMIT ?`,
    )
    .all(from, reportDefaults.ratedDown) as { questionId: number; ratedAt: number; question: string | null; reason: string | null; comment: string | null; passages: string | null }[];
  return rows.map((r) => ({ ...r, ratedAt: new Date(r.ratedAt).toISOString(), passages: r.passages ? r.passages.split(' ') : [] }));
}

function activity(rows: QuestionRow[]): Activity {
  const latencies = rows.map((r) => r.latency_ms).sort((a, b) => a - b);
  return {
    questions: rows.length,
    confidentShare: rows.length === 0 ? Number.NaN : rows.filter((r) => r.confident === 1).length / rows.length,
    medianLatencyMs: median(latencies),
  };
}

function median(sorted: number[]): number | null {
  if (sorted.length === 0) return null;
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** Groups in first-seen order of their key. A Map, so that no key can reach Object.prototype. */
function groupBy<T>(items: T[], key: (item: T) => string): [string, T[]][] {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const group = groups.get(k);
    if (group) group.push(item);
    else groups.set(k, [item]);
  }
  return [...groups];
}

const processTerm = createTermProcessor('light10');

/**
 * Clusters questions whose content words (stemmed, stopwords dropped) overlap: "كم عدد سكان باكو" and
 * "سكان باكو؟" land together. Greedy, most frequent wording first; fine for the thousands of rows a
 * report covers.
 */
export function groupUnanswered(questions: string[]): UsageReport['unanswered'] {
  const byWording = groupBy(questions, (q) => [...stems(q)].sort().join(' ')).sort((a, b) => b[1].length - a[1].length);
  const clusters: { stems: Set<string>; words: string[]; members: string[] }[] = [];
  for (const [key, members] of byWording) {
    if (key === '') continue;
    const own = new Set(key.split(' '));
    const home = clusters.find((c) => jaccard(c.stems, own) >= reportDefaults.groupOverlap);
    if (home) home.members.push(...members);
    else clusters.push({ stems: own, words: surfaceWords(members[0]!), members: [...members] });
  }
  return clusters
    .sort((a, b) => b.members.length - a.members.length)
    .slice(0, reportDefaults.unansweredGroups)
    .map((c) => ({ words: c.words, count: c.members.length, examples: [...new Set(c.members)].slice(0, reportDefaults.examplesPerGroup) }));
}

function stems(question: string): Set<string> {
  return new Set(contentWords(question, processTerm).map((readings) => readings[0]!));
}

/** The question's content words as the asker typed them, for people to read. */
function surfaceWords(question: string): string[] {
  return (question.match(/[\p{L}\p{M}\p{N}]+/gu) ?? []).filter((w) => tokenize(w).some((t) => processTerm(t) !== null));
}

function jaccard(a: Set<string>, b: Set<string>): number {
  let shared = 0;
  for (const x of a) if (b.has(x)) shared++;
  return shared / (a.size + b.size - shared);
}
