import { spawn } from 'node:child_process';
import path from 'node:path';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/log.ts';
import { openSearcher } from '../../src/search/searcher.ts';
import { timeAutocomplete } from './autocomplete.ts';
import { BOT_NODE_FLAGS, bundle } from '../bundle.ts';
import * as p from '../../test/bot/fake-discord/payloads.ts';
import { FakeDiscord, type RecordedRequest } from '../../test/bot/fake-discord/server.ts';
import { pct, sleep } from './measure.ts';

/**
 * The bot's rows of `npm run bench`, on an index built by the caller:
 * - `/source` autocomplete: p50/p95/max of suggestSources over typed texts from 1 to 1,000 characters;
 * - a burst of BURST questions from distinct users, sent at once through the fake Discord to the real
 *   bot process, run as `npm start` runs it (bundled, scripts/bundle.ts): acknowledgement latency (dispatch → the
 *   interaction's callback request) and what each question finally got (an answer, or "busy").
 */
const BURST = Number(process.env.BENCH_BURST ?? 1000);
const TOKEN = 'MTAwMDAwMDAwMDAwMDAwMDAx.bench.token';

export async function autocomplete(indexDir: string, questions: string[]): Promise<string> {
  const searcher = await openSearcher({ indexDir, config: loadConfig({ EMBEDDER: 'ngram' }), log: silentLogger });
  const t = await timeAutocomplete(searcher, questions);
  const passages = searcher.manifest.counts.passages;
  return `/source autocomplete at ${passages.toLocaleString('en')} passages (${t.count} suggestions, 1–1,000 typed characters): p50 ${t.p50.toFixed(2)} ms, p95 ${t.p95.toFixed(2)} ms, max ${t.max.toFixed(2)} ms`;
}

export async function burst(indexDir: string, questions: string[]): Promise<string> {
  const fake = await new FakeDiscord(TOKEN, 41_250).start();
  const child = spawn(process.execPath, [...(process.env.BENCH_PROFILE ? ['--cpu-prof', '--cpu-prof-dir', process.env.BENCH_PROFILE] : []), ...BOT_NODE_FLAGS, await bundle('src/bot/main.ts', 'bot')], {
    env: { ...process.env, DISCORD_TOKEN: TOKEN, DISCORD_API_URL: fake.apiUrl, INDEX_DIR: indexDir, EMBEDDER: 'ngram', RATE_LIMIT_COUNT: '1000', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'inherit', 'pipe'],
  });
  let log = '';
  child.stderr.on('data', (c: Buffer) => (log += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  while (fake.identifies.length === 0 || fake.connected === 0) {
    if (child.exitCode !== null) throw new Error(`the bot did not start:\n${log}`);
    await sleep(50);
  }
  await sleep(500);

  const sent = Array.from({ length: BURST }, (_, i) =>
    fake.dispatchInteraction(p.commandInteraction('ask', { question: questions[i % questions.length]! }, String(600000000000000000n + BigInt(i)))),
  );
  const byToken = new Map(sent.map((d) => [d.token, d]));
  const acked = new Map<string, number>();
  const final = new Map<string, 'answer' | 'busy'>();
  const finishedAt = new Map<string, number>();
  let seen = 0;
  const scan = (r: RecordedRequest) => {
    const token = /\/(itoken-[^/]+)/.exec(r.path)?.[1];
    const d = token ? byToken.get(token) : undefined;
    if (!d) return;
    const finish = (how: 'busy' | 'answer') => {
      final.set(d.token, how);
      finishedAt.set(d.token, r.at - d.at);
    };
    if (r.path.endsWith('/callback') && !acked.has(d.token)) {
      acked.set(d.token, r.at - d.at);
      if (r.body?.type === 4) finish('busy');
    } else if (r.method === 'PATCH' && r.body?.embeds) finish('answer');
    else if (r.method === 'POST' && r.body?.flags === 64) finish('busy');
  };
  const end = Date.now() + 120_000;
  while (final.size < BURST && Date.now() < end) {
    while (seen < fake.requests.length) scan(fake.requests[seen++]!);
    await sleep(100);
  }
  child.kill('SIGTERM');
  const code = await exited;
  await fake.close();

  const acks = [...acked.values()].sort((a, b) => a - b);
  const done = [...finishedAt.values()].sort((a, b) => a - b);
  const answered = [...final.values()].filter((v) => v === 'answer').length;
  const late = acks.filter((ms) => ms > 3000).length;
  return [
    `burst of ${BURST} questions through the fake Discord (bot process, exit ${code}): acknowledged ${acks.length}, ` +
      `ack min ${pct(acks, 0).toFixed(0)} ms, p50 ${pct(acks, 0.5).toFixed(0)} ms, p95 ${pct(acks, 0.95).toFixed(0)} ms, max ${pct(acks, 1).toFixed(0)} ms, over 3 s: ${late}`,
    `  final replies: ${answered} answers, ${final.size - answered} "busy, try again", ${BURST - final.size} none; last reply after ${(pct(done, 1) / 1000).toFixed(1)} s`,
  ].join('\n');
}

/** Both rows on the index at `indexDir` (built with the offline embedder). */
export async function benchBot(indexDir: string, questions: string[]): Promise<string> {
  return [await autocomplete(indexDir, questions), await burst(indexDir, questions)].join('\n');
}

// `npx tsx scripts/bench/bot.ts INDEX_DIR`: the bot rows alone, on an existing index.
if (import.meta.url === `file://${process.argv[1]}`) {
  const { readFileSync } = await import('node:fs');
  const questions = readFileSync('test/fixtures/extra-questions.jsonl', 'utf8')
    .trim()
    .split('\n')
    .map((line) => (JSON.parse(line) as { question: string }).question);
  console.log(await benchBot(path.resolve(process.argv[2]!), questions));
}
