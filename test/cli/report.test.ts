import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseSince, reportCommand } from '../../src/cli/report-command.ts';
import { DATABASE_FILE, openDatabase } from '../../src/store/database.ts';
import { createFeedbackStore } from '../../src/store/feedback.ts';
import { runCli } from './run-cli.ts';

let dataDir: string;

beforeAll(() => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'kb-report-'));
  const db = openDatabase(path.join(dataDir, DATABASE_FILE));
  const feedback = createFeedbackStore(db, 'salt');
  const ask = (day: number, question: string, confident: boolean) =>
    feedback.logQuestion({ at: Date.UTC(2026, 10, day, 12), guildId: 'g1', channelId: 'c', userId: 'u', question, confident, topScore: 1, embedder: 'ngram', latencyMs: 20, shown: ['p1'] });
  ask(1, 'كم عدد المركبات المدرعة؟', true);
  const q = ask(2, 'كم عدد سكان باكو؟', false);
  feedback.rate({ questionId: q, userId: 'v', guildId: 'g1', channelId: 'c', rating: -1, at: Date.UTC(2026, 10, 2, 13) });
  db.close();
});

describe('npm run report', () => {
  it('prints the usage report for DATA_DIR', async () => {
    const { code, stdout } = await runCli(reportCommand, [], { DATA_DIR: dataDir });
    expect(code).toBe(0);
    expect(stdout).toContain('Usage since the first question: 2 questions, 50% answered confidently, median latency 20 ms; rated 👍 0, 👎 1.');
    expect(stdout).toContain('سكان باكو');
    expect(stdout).not.toContain('█');
  });

  it('draws a bar per day on a terminal', async () => {
    const { stdout } = await runCli(reportCommand, [], { DATA_DIR: dataDir }, true);
    expect(stdout).toMatch(/2026-11-01 █+/);
  });

  it('starts at --since and writes JSON or CSV', async () => {
    const json = await runCli(reportCommand, ['--since', '2026-11-02', '--json'], { DATA_DIR: dataDir });
    expect(JSON.parse(json.stdout)).toMatchObject({ since: '2026-11-02', totals: { questions: 1 } });
    const csv = await runCli(reportCommand, ['--csv', '--db', path.join(dataDir, DATABASE_FILE)], {});
    expect(csv.stdout.split('\n')[0]).toBe('"per_day","questions","confident_share","median_latency_ms"');
  });

  it.each([
    [['--since', '2026-13-01'], "error: --since takes a date as YYYY-MM-DD (for example 2026-11-01), got '2026-13-01'."],
    [['--json', '--csv'], 'error: Choose one of --json and --csv.'],
  ])('refuses %j with one line', async (args, message) => {
    const { code, stderr } = await runCli(reportCommand, args, { DATA_DIR: dataDir });
    expect(code).toBe(1);
    expect(stderr.trim()).toBe(message);
  });

  it('says where the database would be when the bot never ran', async () => {
    const empty = mkdtempSync(path.join(os.tmpdir(), 'kb-report-none-'));
    const { code, stderr } = await runCli(reportCommand, [], { DATA_DIR: empty });
    expect(code).toBe(1);
    expect(stderr.trim()).toBe(`error: No database at ${path.join(empty, DATABASE_FILE)} yet: the bot creates it when it first starts (set DATA_DIR if it runs with another folder).`);
  });
});

describe('parseSince', () => {
  it('takes real calendar dates only', () => {
    expect(parseSince(undefined)).toBeNull();
    expect(parseSince('2026-02-28')).toBe('2026-02-28');
    expect(() => parseSince('2026-02-30')).toThrow(/YYYY-MM-DD/);
    expect(() => parseSince('yesterday')).toThrow(/YYYY-MM-DD/);
  });
});
