import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { decodeText } from '../../src/ingest/read.ts';

const SEEDS = path.resolve(import.meta.dirname, '../../seeds');

/** The real seed files as the indexer reads them (decoded and cleaned of invisibles). */
export function seedText(file: string): string {
  const decoded = decodeText(readFileSync(path.join(SEEDS, file)));
  if ('reason' in decoded) throw new Error(`${file}: ${decoded.reason}`);
  return decoded.text;
}

export const seedFiles = readdirSync(SEEDS).filter((f) => f.endsWith('.txt')).sort();

/** The line of a seed file that contains `fragment` (fixtures come from the real pages). */
export function seedLine(file: string, fragment: string): string {
  const line = seedText(file).split('\n').find((l) => l.includes(fragment));
  if (line === undefined) throw new Error(`no line of ${file} contains ${fragment}`);
  return line;
}
