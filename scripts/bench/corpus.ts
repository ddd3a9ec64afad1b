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
 * A maker of synthetic paragraphs of real seed sentences: two different sentences drawn at random
 * (kept under the passage length limit so each paragraph is exactly one passage and near-duplicates
 * stay rare), with the serial number it is given.
 */
export async function syntheticParagraphs(seedsDir: string): Promise<(serial: number) => string> {
  const { files } = await readSeedFiles(seedsDir);
  const sentences = files.flatMap((f) => splitArticles(f.file, f.text).flatMap((a) => a.paragraphs.flatMap((p) => splitSentences(p.text))));
  const next = random(42);
  const pick = () => sentences[Math.floor(next() * sentences.length)]!;
  return (serial) => {
    let pair: [string, string];
    do pair = [pick(), pick()];
    while (pair[0] === pair[1] || pair[0].length + pair[1].length > 680);
    return `${pair.join(' ')} (${serial})`;
  };
}

/** Outlets of the synthetic articles, the big ones repeated: a few outlets carry most of a real corpus. */
export const SYNTHETIC_OUTLETS = [
  ...Array<string>(6).fill('الجزيرة'),
  ...Array<string>(3).fill('الأسبوع'),
  ...Array<string>(2).fill('العربية'),
  ...Array<string>(2).fill('سكاي نيوز عربية'),
  'ليفانت نيوز',
  'زنقة 20',
  'الشرق الأوسط',
  'فرانس 24',
];

/**
 * The labelled outlet and date of synthetic article `f`: outlets skewed as above, dates spread over
 * 2020-09 to 2024-12, and every tenth article undated, so that filters have real work to do.
 */
function metadataLines(f: number): { date: string; source: string } {
  const day = new Date(Date.UTC(2020, 8, 1) + ((f * 37) % 1580) * 86_400_000).toISOString().slice(0, 10);
  return { date: f % 10 === 9 ? '' : `تاريخ النشر: ${day}\n`, source: `المصدر: ${SYNTHETIC_OUTLETS[(f * 7) % SYNTHETIC_OUTLETS.length]}\n` };
}

/**
 * Writes a synthetic corpus of `passages` synthetic paragraphs in files (articles) of `perFile`. The
 * generator is seeded: a larger corpus starts with the same files as a smaller one.
 */
export async function writeSyntheticCorpus(seedsDir: string, outDir: string, passages: number, perFile = 10): Promise<void> {
  const paragraph = await syntheticParagraphs(seedsDir);
  await mkdir(outDir, { recursive: true });
  for (let f = 0; f * perFile < passages; f++) {
    const paragraphs = Array.from({ length: Math.min(perFile, passages - f * perFile) }, (_, i) => paragraph(f * perFile + i));
    const { date, source } = metadataLines(f);
    await writeFile(
      path.join(outDir, `synthetic-${String(f).padStart(6, '0')}.txt`),
      `عنوان الملف ${f}\n${date}\n${paragraphs.join('\n\n')}\n\n${source}`,
    );
  }
}
