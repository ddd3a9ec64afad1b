import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { splitArticles } from '../../src/ingest/articles.ts';
import { readSeedFiles } from '../../src/ingest/read.ts';
import { splitSentences } from '../../src/text/sentences.ts';

/** mulberry32: a seeded generator, so the synthetic corpus is the same on every run. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Writes a synthetic corpus of `passages` passages made of real seed sentences: files (articles) of
 * `perFile` paragraphs, each of two different sentences drawn at random (kept under the passage length
 * limit so each paragraph is exactly one passage and near-duplicates stay rare), with a serial number.
 * The generator is seeded: a larger corpus starts with the same files as a smaller one.
 */
export async function writeSyntheticCorpus(seedsDir: string, outDir: string, passages: number, perFile = 10): Promise<void> {
  const { files } = await readSeedFiles(seedsDir);
  const sentences = files.flatMap((f) => splitArticles(f.file, f.text).flatMap((a) => a.paragraphs.flatMap((p) => splitSentences(p.text))));
  const next = random(42);
  const pick = () => sentences[Math.floor(next() * sentences.length)]!;
  await mkdir(outDir, { recursive: true });
  for (let f = 0; f * perFile < passages; f++) {
    const paragraphs = Array.from({ length: Math.min(perFile, passages - f * perFile) }, (_, i) => {
      let pair: [string, string];
      do pair = [pick(), pick()];
      while (pair[0] === pair[1] || pair[0].length + pair[1].length > 680);
      return `${pair.join(' ')} (${f * perFile + i})`;
    });
    await writeFile(path.join(outDir, `synthetic-${String(f).padStart(6, '0')}.txt`), `عنوان الملف ${f}\n\n${paragraphs.join('\n\n')}\n`);
  }
}
