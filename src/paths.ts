import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The project's folder (the one holding its package.json), found by walking up from this module's
 * folder: the files the code ships with (lexicons/, eval/) are read from there. A path relative to
 * the module would break once `npm start` runs the code bundled into dist/ (scripts/bundle.ts).
 */
export function findProjectRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`No package.json in ${from} or any folder above it: the project's files cannot be found.`);
  }
}

export const projectRoot = findProjectRoot(import.meta.dirname);
