import path from 'node:path';
import { defineCommand } from 'citty';
import { createEmbedder } from '../embed/create.ts';
import { describeEmbedder } from '../embed/embedder.ts';
import { checkSeedsFolder } from '../ingest/read.ts';
import { buildIndex } from '../search/build.ts';
import { createProgress } from './progress.ts';
import { cli } from './run.ts';

export const indexCommand = defineCommand({
  meta: { name: 'index', description: 'Clean, split and embed the seed articles into a searchable index.' },
  args: {
    seeds: { type: 'string', description: 'Folder of .txt/.md articles (default: SEEDS_DIR or seeds/)' },
    out: { type: 'string', description: 'Folder to write the index to (default: INDEX_DIR or index/)' },
    full: { type: 'boolean', description: 'Rebuild the whole index instead of updating it with the changed files only' },
  },
  async run({ args }) {
    const { config, log, isTTY } = cli();
    const seedsDir = args.seeds ? path.resolve(args.seeds) : config.paths.seedsDir;
    const outDir = args.out ? path.resolve(args.out) : config.paths.indexDir;
    checkSeedsFolder(seedsDir);
    const embedder = await createEmbedder(config.embed, config.paths.modelsDir, log);
    log.info(`Indexing ${seedsDir} with ${describeEmbedder(embedder.info)}.`);
    const progress = createProgress('embedding', isTTY, (line) => log.info(line));
    const summary = await buildIndex({
      seedsDir,
      outDir,
      embedder,
      hnsw: config.hnsw,
      stemmer: config.text.stemmer,
      log,
      full: args.full,
      onEmbedProgress: (done, total) => progress.update(done, total),
    }).finally(() => progress.stop());
    const { counts, buildMs } = summary.manifest;
    const what = `${counts.files} files: ${counts.articles} articles, ${counts.passages} passages`;
    const seconds = `${(buildMs / 1000).toFixed(1)} s`;
    if (summary.mode === 'unchanged') log.info(`No seed file changed since the last build: ${outDir} is up to date (${what}).`);
    else if (summary.mode === 'update')
      log.info(`Updated ${outDir} in ${seconds}: ${summary.added} passages added, ${summary.removed} removed, ${summary.reusedVectors} vectors reused; now ${what}.`);
    else log.info(`Indexed ${what} (${summary.reusedVectors} vectors reused) in ${seconds} into ${outDir}.`);
    if (counts.files === 0) log.warn(`No .txt or .md files were indexed from ${seedsDir}: put articles there and run again.`);
    for (const s of summary.skipped) log.warn(`Skipped ${s.file}: ${s.reason}.`);
  },
});
