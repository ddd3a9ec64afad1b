import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { syntheticParagraphs } from './corpus.ts';

/**
 * The "one 20 MB file" scenario: a single seed file of `bytes` bytes of synthetic paragraphs (see
 * corpus.ts), such as a scraped archive page or a concatenated dump. Cleaning and de-duplication work
 * per file, so this is where a quadratic step shows (the pairwise near-duplicate check never finished).
 */
export async function writeLargeFile(seedsDir: string, outDir: string, bytes: number): Promise<void> {
  const paragraph = await syntheticParagraphs(seedsDir);
  const parts = ['أرشيف الأخبار\n'];
  for (let size = 0, serial = 0; size < bytes; serial++) {
    const text = `\n${paragraph(serial)}\n`;
    parts.push(text);
    size += Buffer.byteLength(text);
  }
  await mkdir(outDir, { recursive: true });
  await writeFile(path.join(outDir, 'archive.txt'), parts.join(''));
}
