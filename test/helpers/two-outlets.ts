import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { SEEDS_DIR, tempDir } from './seed-index.ts';

const OSBOA = '002_ccbd85f9e8a8f053.txt';

/**
 * A seeds folder: the real seeds plus a second copy of Al-Osboa's report run by another outlet, with
 * its own المصدر: label and date and one lightly edited sentence, as outlets do with an agency report.
 */
export function writeTwoOutletSeeds(): string {
  const dir = tempDir('kb-same-story-');
  cpSync(SEEDS_DIR, dir, { recursive: true });
  const copy = readFileSync(path.join(SEEDS_DIR, OSBOA), 'utf8')
    .replace('المصدر: الأسبوع', 'المصدر: الجزيرة')
    .replace('20th, September 2023', '23rd, September 2023')
    .replace('اليوم الأربعاء', 'يوم الأربعاء');
  writeFileSync(path.join(dir, '005_copy_of_002.txt'), copy);
  return dir;
}
