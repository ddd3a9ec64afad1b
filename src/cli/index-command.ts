import path from 'node:path';
import { defineCommand } from 'citty';
import { createEmbedder } from '../embed/create.ts';
import { describeEmbedder, describePrefixes } from '../embed/embedder.ts';
import { checkSeedsFolder } from '../ingest/read.ts';
import { buildIndex } from '../search/build.ts';
import { createProgress } from './progress.ts';
import { cli } from './run.ts';

export const indexCommand = defineCommand({
  meta: { name: 'index', description: 'Clean, split and embed the seed articles into a searchable index.' },
  args: {
    seeds: { type: 'string', description: 'Folder of .txt/.md articles (default: SEEDS_DIR or seeds/)' },
    out: { type: 'string', description: 'Folder to write the index to (default: INDEX_DIR or index/)' },
  },
  async run({ args }) {
    const { config, log, isTTY } = cli();
    const seedsDir = args.seeds ? path.resolve(args.seeds) : config.paths.seedsDir;
    const outDir = args.out ? path.resolve(args.out) : config.paths.indexDir;
    checkSeedsFolder(seedsDir);
    const embedder = await createEmbedder(config.embed, config.paths.modelsDir, log);
    log.info(`Indexing ${seedsDir} with ${describeEmbedder(embedder.info)}.`);
    const prefixes = describePrefixes(embedder.info);
    if (prefixes) log.info(prefixes);
    const progress = createProgress('embedding', isTTY, (line) => log.info(line));
    const summary = await buildIndex({
      seedsDir,
      outDir,
      embedder,
      hnsw: config.hnsw,
      stemmer: config.text.stemmer,
      log,
      onEmbedProgress: (done, total) => progress.update(done, total),
    }).finally(() => progress.stop());
    const { counts, buildMs } = summary.manifest;
    log.info(
      `Indexed ${counts.files} files: ${counts.articles} articles, ${counts.passages} passages ` +
        `(${summary.reusedVectors} vectors reused) in ${(buildMs / 1000).toFixed(1)} s into ${outDir}.`,
    );
    if (summary.truncatedPassages > 0)
      log.info(`${summary.truncatedPassages} passages were longer than the model takes and were embedded from their first tokens (the keyword index has them whole).`);
    if (counts.files === 0) log.warn(`No .txt or .md files were indexed from ${seedsDir}: put articles there and run again.`);
    for (const s of summary.skipped) log.warn(`Skipped ${s.file}: ${s.reason}.`);
  },
});
