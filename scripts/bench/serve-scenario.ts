import { monitorEventLoopDelay } from 'node:perf_hooks';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/log.ts';
import { openSearcher } from '../../src/search/searcher.ts';
import { timeAutocomplete } from './autocomplete.ts';

/**
 * Benchmark scenario, in its own process (so its memory is the bot's own): opens the index in INDEX
 * as the bot does, answers QUERIES, then reloads the index as the bot does after a rebuild while
 * a timer keeps running, and reports the longest event-loop stall. Prints one JSON line. Run with
 * --expose-gc: memory is read after a collection, so it shows what stays, not garbage not yet freed.
 */
const [indexDir, queriesJson, countArg] = process.argv.slice(2) as [string, string, string];
const config = loadConfig(process.env);
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
const rssMb = () => (gc(), process.memoryUsage().rss / 1024 / 1024);
const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

const loadStarted = performance.now();
const searcher = await openSearcher({ indexDir, config, log: silentLogger });
const loadMs = performance.now() - loadStarted;
const rssAfterLoadMb = rssMb();

const questions = JSON.parse(queriesJson) as string[];
const queries = Array.from({ length: Number(countArg) }, (_, i) => questions[i % questions.length]!);
for (const q of queries.slice(0, 20)) await searcher.search(q); // warm-up: JIT and first-use caches
const times: number[] = [];
for (const q of queries) {
  const t = performance.now();
  await searcher.search(q);
  times.push(performance.now() - t);
}
times.sort((a, b) => a - b);
const rssAfterQueriesMb = rssMb();

// The reload, as index-watch does it: the new index opens while the old one keeps serving. Three
// times, as one stall can come from elsewhere on a busy machine: the worst and the middle one are kept.
const stalls: number[] = [];
let reloadMs = 0;
let rssBothOpenMb = 0;
for (let i = 0; i < 3; i++) {
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  const reloadStarted = performance.now();
  const serving = setInterval(() => void searcher.search(questions[0]!), 20);
  const next = await openSearcher({ indexDir, config, log: silentLogger });
  reloadMs = Math.max(reloadMs, performance.now() - reloadStarted);
  clearInterval(serving);
  delay.disable();
  stalls.push(delay.max / 1e6);
  rssBothOpenMb = Math.max(rssBothOpenMb, rssMb());
  await next.close();
}
// After the memory figures: the autocomplete lookup is the bot's (src/bot/suggest.ts), not the searcher's.
const autocomplete = await timeAutocomplete(searcher, questions);
await searcher.close();
stalls.sort((a, b) => a - b);

console.log(
  JSON.stringify({
    loadMs,
    rssAfterLoadMb,
    p50: percentile(times, 50),
    p95: percentile(times, 95),
    queries: queries.length,
    rssAfterQueriesMb,
    reloadMs,
    reloadStallMs: stalls[2]!,
    reloadStallMedianMs: stalls[1]!,
    rssBothOpenMb,
    autocompleteP95: autocomplete.p95,
  }),
);
