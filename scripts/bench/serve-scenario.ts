import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/log.ts';
import { openSearcher, type Searcher } from '../../src/search/searcher.ts';
import { watchStalls } from './loop-stalls.ts';
import { timeAutocomplete } from './autocomplete.ts';
import { gc, pct, rssMb } from './measure.ts';

/**
 * Benchmark scenario, in its own process (so its memory is the bot's own): opens the index in INDEX
 * as the bot does, answers QUERIES, then reloads the index as the bot does after a full build and,
 * given PARENT (the index INDEX is an update of), as it does after an update, while a timer keeps
 * running, and reports the longest event-loop stall. Prints one JSON line. Run with --expose-gc:
 * memory is read after a collection, so it shows what stays, not garbage not yet freed.
 */
const [indexDir, queriesJson, countArg, parentDir] = process.argv.slice(2) as [string, string, string, string | undefined];
const config = loadConfig(process.env);

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

// Reloads as the bot does them (index-watch, start.ts: the new index opened with the serving one as
// `previous`), each while the serving index answers a question every 20 ms, three times: one stall can
// come from elsewhere on a busy machine, so the worst and the middle one are kept, and before each
// reload the same serving runs for a second without one: its longest stall is what the machine's
// other work costs. RSS is read right after each reload, with both searchers still open, as they are
// until the old one retires.
interface Reload {
  reloadMs: number;
  stallMs: number;
  stallMedianMs: number;
  /** Worst stall over the same serving without a reload. */
  quietStallMs: number;
  /** Linux: the longest the thread itself ran between two turns of the loop, worst of 3 (the stall without waits for a core). */
  stallCpuMs: number | null;
  /** The same for the serving without a reload. */
  quietCpuMs: number | null;
  rssMb: number;
}
/** The longest event-loop stalls (loop-stalls.ts) while `work` runs and `served` answers a question every 20 ms. */
async function stallDuring<T>(served: Searcher, work: () => Promise<T>): Promise<[T, { wallMs: number; cpuMs: number | null }]> {
  const stalls = watchStalls();
  const serving = setInterval(() => void served.search(questions[0]!), 20);
  const result = await work();
  clearInterval(serving);
  return [result, stalls.stop()];
}
async function reloads(servedDir: string, nextDir: string): Promise<Reload> {
  const stalls: number[] = [];
  const quiet: number[] = [];
  let stallCpuMs: number | null = null;
  let quietCpuMs: number | null = null;
  let reloadMs = 0;
  let rss = 0;
  for (let i = 0; i < 3; i++) {
    const served = await openSearcher({ indexDir: servedDir, config, log: silentLogger });
    for (const q of questions.slice(0, 20)) await served.search(q);
    gc();
    const [, calm] = await stallDuring(served, () => new Promise((resolve) => setTimeout(resolve, 1000)));
    quiet.push(calm.wallMs);
    if (calm.cpuMs !== null) quietCpuMs = Math.max(quietCpuMs ?? 0, calm.cpuMs);
    const reloadStarted = performance.now();
    const [next, stall] = await stallDuring(served, () => openSearcher({ indexDir: nextDir, config, log: silentLogger, previous: served }));
    reloadMs = Math.max(reloadMs, performance.now() - reloadStarted);
    stalls.push(stall.wallMs);
    if (stall.cpuMs !== null) stallCpuMs = Math.max(stallCpuMs ?? 0, stall.cpuMs);
    rss = Math.max(rss, rssMb());
    await next.close();
    await served.close();
  }
  stalls.sort((a, b) => a - b);
  return { reloadMs, stallMs: stalls[2]!, stallMedianMs: stalls[1]!, quietStallMs: Math.max(...quiet), stallCpuMs, quietCpuMs, rssMb: rss };
}
// After the memory figures: the autocomplete lookup is the bot's (src/bot/suggest.ts), not the searcher's.
const autocomplete = await timeAutocomplete(searcher, questions);
await searcher.close();
// A full reload: the index opened again (as after a full build or compaction).
const full = await reloads(indexDir, indexDir);
// After an update (when the build kept the index it updated): the served parent updated into it.
const update = parentDir ? await reloads(parentDir, indexDir) : null;

console.log(
  JSON.stringify({
    loadMs,
    rssAfterLoadMb,
    p50: pct(times, 0.5),
    p95: pct(times, 0.95),
    queries: queries.length,
    rssAfterQueriesMb,
    reloadMs: full.reloadMs,
    reloadStallMs: full.stallMs,
    reloadStallMedianMs: full.stallMedianMs,
    rssBothOpenMb: full.rssMb,
    reloadQuietStallMs: full.quietStallMs,
    reloadStallCpuMs: full.stallCpuMs,
    reloadQuietCpuMs: full.quietCpuMs,
    update,
    autocompleteP95: autocomplete.p95,
  }),
);
