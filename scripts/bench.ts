import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { defineCommand, runMain } from 'citty';
import { makeTestModel } from './make-test-model.ts';
import { formatModelMemory, measureModelMemory } from './bench/model-memory.ts';
import { benchModel, formatModelBench } from './bench-model.ts';
import { writeSyntheticCorpus } from './bench/corpus.ts';
import { writeLargeFile } from './bench/large-file.ts';
import { answerHelpOrVersion } from '../src/cli/help.ts';
import { benchBot } from './bench/bot.ts';
import { benchFilters } from './bench/filters.ts';
import { BOT_NODE_FLAGS, bundle } from './bundle.ts';

/**
 * `npm run bench [-- --passages N]`: for the seeds and a synthetic corpus of N passages, with the
 * offline embedder and with a generated model of multilingual-e5-small's shapes: build time, update time (articles added and
 * removed), index size, load time, the longest event-loop stall during a reload, memory after loading
 * and after the queries, query and autocomplete latency. With the model, the synthetic corpus is built
 * from random unit vectors (a real build takes ~40 min; scripts/bench/random-vectors.ts) while its
 * update and all questions use the model. Each scenario runs in its own processes
 * (scripts/bench/*-scenario.ts), so memory figures are its own.
 * Then: one 20 MB file (offline), search filters and the bot's rows on the synthetic offline index,
 * and the model bench (scripts/bench-model.ts).
 */
const USAGE = `Usage: npm run bench [-- --passages N --queries N --articles N --embedders ngram,model]

Builds, updates and serves the seeds and a synthetic corpus of N passages (default 50,000) with the
offline embedder and a generated model of multilingual-e5-small's shapes (random weights; the
synthetic corpus gets random unit vectors instead of a ~40 min build, its update and questions use
the model), each scenario in its own processes, then one 20 MB file, search filters, the bot's rows,
the model's memory and the model bench. Takes about 15 minutes at 100,000; prints Markdown.
  --passages N     passages in the synthetic corpus (default 50000)
  --queries N      questions timed per scenario (default 1000)
  --articles N     articles added and removed by the timed update (default 10)
  --embedders X    ngram, model (the e5-sized model), or ngram,model (default both)`;
if (answerHelpOrVersion(USAGE)) process.exit(0);

const SEEDS = path.resolve('seeds');

function questions(): string[] {
  const lines = readFileSync('test/fixtures/extra-questions.jsonl', 'utf8').trim().split('\n');
  try {
    lines.push(...readFileSync(path.resolve('../shared/eval/dev.jsonl'), 'utf8').trim().split('\n'));
  } catch {
    // the dev set is optional: the project's own questions suffice
  }
  return lines.map((line) => (JSON.parse(line) as { question: string }).question);
}

interface BuildFigures {
  passages: number;
  buildMs: number;
  indexMb: number;
  update: { updateMs: number; added: number; removed: number; mode: string } | null;
  randomVectors: boolean;
  embeddedPerSecond: number | null;
}

interface ServeFigures {
  loadMs: number;
  rssAfterLoadMb: number;
  p50: number;
  p95: number;
  queries: number;
  rssAfterQueriesMb: number;
  reloadMs: number;
  reloadStallMs: number;
  reloadStallMedianMs: number;
  rssBothOpenMb: number;
  autocompleteP95: number;
  reloadQuietStallMs: number;
  reloadStallCpuMs: number | null;
  reloadQuietCpuMs: number | null;
  /** The reload after the timed update, applied in place to the index it updated. */
  update: { reloadMs: number; stallMs: number; stallMedianMs: number; quietStallMs: number; stallCpuMs: number | null; quietCpuMs: number | null; rssMb: number } | null;
}

/** Runs a scenario in its own process; `asBot`: as `npm start` runs the bot, bundled (scripts/bundle.ts) and run by plain node. */
async function runScenario<T>(script: string, args: string[], env: Record<string, string>, asBot = false): Promise<T> {
  const entry = asBot ? [...BOT_NODE_FLAGS, await bundle(script, `bench/${path.basename(script, '.ts')}`)] : ['--import', 'tsx', script];
  const out = execFileSync(process.execPath, ['--expose-gc', ...entry, ...args], {
    env: { ...process.env, ...env },
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  return JSON.parse(out.trim().split('\n').at(-1)!) as T;
}

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

const bench = defineCommand({
  meta: { name: 'bench', description: 'Index and serving benchmark on the seeds and on a synthetic corpus (each scenario in its own process).' },
  args: {
    passages: { type: 'string', default: '50000', description: 'Passages in the synthetic corpus (articles of 10 passages made of seed sentences)' },
    queries: { type: 'string', default: '1000', description: 'Questions timed per scenario (the project and dev questions, repeated)' },
    articles: { type: 'string', default: '10', description: 'Articles added and removed by the timed update of the synthetic corpus' },
    embedders: { type: 'string', default: 'ngram,model', description: 'Rows to run: ngram (offline), model (the e5-sized generated model), or both' },
  },
  async run({ args }) {
    const passages = Number(args.passages);
    const articles = Number(args.articles);
    const work = mkdtempSync(path.join(os.tmpdir(), 'kb-bench-'));
    try {
      const wanted = new Set(args.embedders.split(','));
      const model = path.join(work, 'e5-small');
      if (wanted.has('model')) await makeTestModel(model, 'e5-small');
      const ngram = { EMBEDDER: 'ngram' };
      // MODELS_DIR in the work folder: the memory-mapped copy of the model (src/embed/mapped-model.ts) goes there.
      const e5 = { EMBEDDER: 'transformers', EMBEDDING_MODEL: model, EMBEDDING_DTYPE: 'q8', OFFLINE: '1', MODELS_DIR: path.join(work, 'models') };
      const queries = JSON.stringify(questions());

      /** A scenario: a fresh copy of its corpus, built and updated in one process, served in another. */
      const scenario = async (name: string, env: Record<string, string>, corpus: 'seeds' | 'synthetic' | 'large-file') => {
        process.stderr.write(`bench: ${name}...\n`);
        const dir = path.join(work, name.replace(/\W+/g, '-'));
        const [seedsDir, spareDir, outDir] = ['seeds', 'spare', 'index'].map((d) => path.join(dir, d)) as [string, string, string];
        mkdirSync(spareDir, { recursive: true });
        if (corpus === 'seeds') cpSync(SEEDS, seedsDir, { recursive: true });
        else if (corpus === 'large-file') await writeLargeFile(SEEDS, seedsDir, 20 * 1024 * 1024);
        else {
          // N passages plus `articles` spare articles, held back for the update.
          await writeSyntheticCorpus(SEEDS, seedsDir, passages + articles * 10);
          for (const file of readdirSync(seedsDir).sort().slice(-articles)) renameSync(path.join(seedsDir, file), path.join(spareDir, file));
        }
        const build = await runScenario<BuildFigures>('scripts/bench/build-scenario.ts', [seedsDir, outDir, spareDir, corpus === 'synthetic' ? String(articles) : '0'], env);
        const parentDir = `${outDir}-parent`;
        const serve = await runScenario<ServeFigures>('scripts/bench/serve-scenario.ts', [outDir, queries, args.queries, ...(existsSync(parentDir) ? [parentDir] : [])], env, true);
        rmSync(parentDir, { recursive: true, force: true });
        // The synthetic offline index stays for the filter and bot rows below; the work folder goes at the end.
        rmSync(seedsDir, { recursive: true, force: true });
        return { name, build, serve, outDir };
      };

      const rows = [];
      for (const corpus of ['seeds', 'synthetic'] as const) {
        const name = corpus === 'seeds' ? 'seeds' : `synthetic ${passages / 1000}k`;
        if (wanted.has('ngram')) rows.push(await scenario(`${name}, ngram`, ngram, corpus));
        // At the seeds the model embeds every passage; on the synthetic corpus the build takes random vectors.
        if (wanted.has('model'))
          rows.push(await scenario(`${name}, e5-sized model`, corpus === 'seeds' ? e5 : { ...e5, BENCH_RANDOM_VECTORS: '1' }, corpus));
      }
      if (wanted.has('ngram')) rows.push(await scenario('one 20 MB file, ngram', ngram, 'large-file'));
      const header = [
        'corpus, embedder',
        'passages',
        'build s',
        `update s (+${articles}/−${articles} articles)`,
        'index MB',
        'load ms',
        'reload stall ms (worst / middle of 3)',
        'RSS after load MB',
        `RSS after ${args.queries} queries MB`,
        'query p50 ms',
        'query p95 ms',
        'autocomplete p95 ms',
      ];
      const body = rows.map(({ name, build: b, serve: s }) => [
        name,
        fmt(b.passages),
        b.randomVectors ? `${fmt(b.buildMs / 1000, 1)} (random vectors)` : fmt(b.buildMs / 1000, 1),
        b.update ? fmt(b.update.updateMs / 1000, 1) : '—',
        fmt(b.indexMb, 1),
        fmt(s.loadMs),
        `${fmt(s.reloadStallMs, 1)} / ${fmt(s.reloadStallMedianMs, 1)}`,
        fmt(s.rssAfterLoadMb),
        fmt(s.rssAfterQueriesMb),
        fmt(s.p50, 2),
        fmt(s.p95, 2),
        fmt(s.autocompleteP95, 2),
      ]);
      const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
      const line = (cells: string[]) => '| ' + cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ') + ' |';
      console.log([line(header), line(widths.map((w) => '-'.repeat(w))), ...body.map(line)].join('\n'));
      console.log(
        `\nMemory is RSS after a garbage collection. The reload stall is the longest event-loop delay (perf_hooks.monitorEventLoopDelay) ` +
          `while the index is opened again as the bot reopens it after a full build (a large graph freed first, src/search/reload.ts), the serving one answering every 20 ms (three reloads); with both open, RSS was ` +
          rows.map((r) => `${fmt(r.serve.rssBothOpenMb)} MB (${r.name})`).join(', ') +
          '. The update adds articles of 10 passages and removes the first articles of the corpus.',
      );
      for (const { name, build: b } of rows.filter((r) => r.build.randomVectors && r.build.embeddedPerSecond))
        console.log(
          `${name}: built from random unit vectors of the model's dimension in ${fmt(b.buildMs / 1000, 1)} s (the model's cost is not in it); ` +
            `its update embedded the new passages with the model at ${fmt(b.embeddedPerSecond!, 1)} passages/s, at which embedding ` +
            `${fmt(b.passages)} passages would take ~${fmt(b.passages / b.embeddedPerSecond! / 60)} min more. Questions and the update use the model.`,
        );
      const cpu = (ms: number | null) => (ms === null ? '' : `, on-CPU ${fmt(ms, 1)}`);
      console.log(
        '\nReloads: stall ms worst / middle of 3 (quiet: the worst over the same serving without a reload; on-CPU: the longest the ' +
          'thread itself ran between two turns of the loop, Linux), RSS with both searchers open. ' +
          rows
            .map(({ name, serve: s }) =>
              [
                `${name}: full ${fmt(s.reloadStallMs, 1)} / ${fmt(s.reloadStallMedianMs, 1)} (quiet ${fmt(s.reloadQuietStallMs, 1)}${cpu(s.reloadStallCpuMs)}), ${fmt(s.rssBothOpenMb)} MB`,
                s.update
                  ? `; in place after the update ${fmt(s.update.stallMs, 1)} / ${fmt(s.update.stallMedianMs, 1)} (quiet ${fmt(s.update.quietStallMs, 1)}${cpu(s.update.stallCpuMs)}), ${fmt(s.update.rssMb)} MB, ${fmt(s.update.reloadMs)} ms`
                  : '',
              ].join(''),
            )
            .join('; ') +
          '.',
      );
      if (wanted.has('model')) console.log('\n' + formatModelMemory(await measureModelMemory(e5, ['tokenizer only', 'product', 'unmapped', 'through tsx'], questions())));
      const synthetic = rows.find((r) => r.name === `synthetic ${passages / 1000}k, ngram`);
      if (synthetic) {
        console.log('\n' + (await benchFilters(synthetic.outDir, questions())));
        console.log('\n' + (await benchBot(synthetic.outDir, questions())));
      }
      if (wanted.has('model')) console.log('\n' + formatModelBench(await benchModel()));
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  },
});

await runMain(bench);
