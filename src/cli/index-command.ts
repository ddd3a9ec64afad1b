import path from 'node:path';
import { defineCommand } from 'citty';
import { createEmbedder } from '../embed/create.ts';
import { describeEmbedder, describePrefixes } from '../embed/embedder.ts';
import { UserError } from '../errors.ts';
import { checkSeedsFolder } from '../ingest/read.ts';
import { buildIndex } from '../search/build.ts';
import { createStepProgress } from './progress.ts';
import { cliContext } from './run.ts';

const STOP_SIGNALS = ['SIGINT', 'SIGTERM'] as const;

export const indexCommand = defineCommand({
  meta: { name: 'index', description: 'Clean, split and embed the seed articles into a searchable index.' },
  args: {
    seeds: { type: 'string', description: 'Folder of .txt/.md articles (default: SEEDS_DIR or seeds/)' },
    out: { type: 'string', description: 'Folder to write the index to (default: INDEX_DIR or index/)' },
    full: { type: 'boolean', description: 'Rebuild the whole index instead of updating it with the changed files only' },
    'allow-empty': { type: 'boolean', description: 'Build the index even when the seeds give no passage (by default refused, keeping the old index)' },
  },
  async run({ args, data }) {
    const { config, log, stderr } = cliContext(data);
    const seedsDir = args.seeds ? path.resolve(args.seeds) : config.paths.seedsDir;
    const outDir = args.out ? path.resolve(args.out) : config.paths.indexDir;
    checkSeedsFolder(seedsDir);
    const embedder = await createEmbedder(config.embed, config.paths.modelsDir, log);
    log.info(`Indexing ${seedsDir} with ${describeEmbedder(embedder.info)}.`);
    const prefixes = describePrefixes(embedder.info);
    if (prefixes) log.info(prefixes);
    const progress = createStepProgress(stderr, (line) => log.info(line));
    // Ctrl-C or SIGTERM stops the build before its swap, so the previous index stays; a second one quits at once
    // (the next build removes what this one left).
    const stop = new AbortController();
    const onSignal = () => {
      if (stop.signal.aborted) process.exit(130);
      progress.stop();
      log.warn('Stopping: the previous index is kept as it was (press Ctrl-C again to quit at once).');
      stop.abort();
    };
    for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
    const summary = await buildIndex({
      seedsDir,
      outDir,
      embedder,
      hnsw: config.hnsw,
      stemmer: config.text.stemmer,
      log,
      full: args.full,
      allowEmpty: args['allow-empty'],
      signal: stop.signal,
      onIngestProgress: (step, done, total) => progress.update(step, done, total),
      onEmbedProgress: (done, total) => progress.update('embedding', done, total),
    })
      .catch((error: unknown) => {
        if (stop.signal.aborted) throw new UserError(`Interrupted: the index in ${outDir} was left as it was.`, 'interrupted');
        throw error;
      })
      .finally(() => {
        progress.stop();
        for (const signal of STOP_SIGNALS) process.off(signal, onSignal);
      });
    const { counts, buildMs } = summary.manifest;
    const what = `${counts.files} files: ${counts.articles} articles, ${counts.passages} passages`;
    const seconds = `${(buildMs / 1000).toFixed(1)} s`;
    if (summary.mode === 'unchanged') log.info(`No seed file changed since the last build: ${outDir} is up to date (${what}).`);
    else if (summary.mode === 'update')
      log.info(`Updated ${outDir} in ${seconds}: ${summary.added} passages added, ${summary.removed} removed, ${summary.reusedVectors} vectors reused; now ${what}.`);
    else log.info(`Indexed ${what} (${summary.reusedVectors} vectors reused) in ${seconds} into ${outDir}.`);
    if (summary.truncatedPassages > 0)
      log.info(`${summary.truncatedPassages} passages were longer than the model takes and were embedded from their first tokens (the keyword index has them whole).`);
  },
});
