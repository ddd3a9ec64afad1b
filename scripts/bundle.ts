import { mkdir, readdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { projectRoot } from '../src/paths.ts';

/**
 * Node flags of the bot's process (`npm start` spells them out, and a test holds package.json to this
 * list), also given to the bench's processes that measure the bot. A young generation of 2 MB semi-spaces
 * instead of V8's default of up to 16 MB: a question's garbage dies young, so the bigger nursery only
 * kept RSS higher. Measured with `scripts/bench/serve-scenario.ts` at 100k passages, 1,000 questions:
 * RSS after them 496 → 442 MB with the e5-sized model, 169–171 → 155–157 MB offline; query p95 the same
 * (12.9 → 13.3 ms, 4.3 → 4.3 ms), p50 up by ~0.1 ms.
 */
export const BOT_NODE_FLAGS = ['--max-semi-space-size=2'];

/**
 * Bundles a TypeScript entry point into dist/NAME/ for plain `node`: `npm start` runs the bot this
 * way (its `prestart` runs this file), and the bench its serving processes, so that no loader runs
 * beside the bot (tsx's runs in a thread with its own V8 heap, ~35 MB) and transformers.js is loaded
 * as Node loads it. Packages stay in node_modules (`packages: 'external'`); code splitting keeps the
 * model's code, imported on demand (src/embed/create.ts), in a chunk of its own, so an offline bot
 * never loads transformers.js. Built on every start (~20 ms), so it is never older than the code.
 * Returns the path of the entry's bundle.
 */
export async function bundle(entry: string, name: string): Promise<string> {
  const outdir = path.join(projectRoot, 'dist', name);
  const { outputFiles } = await build({
    entryPoints: [path.resolve(projectRoot, entry)],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    splitting: true,
    outdir,
    outExtension: { '.js': '.mjs' },
    entryNames: '[name]',
    chunkNames: 'chunks/[name]-[hash]',
    write: false,
    logLevel: 'warning',
  });
  // Chunks are named by their content, so a file is replaced only by the same bytes; the entry is
  // written last, so a process starting meanwhile never imports a chunk not yet written. Each file is
  // renamed into place: a half-written bundle is never run.
  const written = new Set<string>();
  const isChunk = (file: { path: string }) => path.relative(outdir, file.path).startsWith(`chunks${path.sep}`);
  for (const file of [...outputFiles.filter(isChunk), ...outputFiles.filter((file) => !isChunk(file))]) {
    await mkdir(path.dirname(file.path), { recursive: true });
    const temporary = `${file.path}.tmp-${process.pid}`;
    await writeFile(temporary, file.contents);
    await rename(temporary, file.path);
    written.add(file.path);
  }
  // Chunks of earlier builds, no longer imported (another build's temporary files are left alone).
  for (const found of await readdir(outdir, { recursive: true, withFileTypes: true })) {
    const file = path.join(found.parentPath, found.name);
    if (found.isFile() && file.endsWith('.mjs') && !written.has(file)) await rm(file, { force: true });
  }
  return path.join(outdir, `${path.basename(entry, path.extname(entry))}.mjs`);
}

// `npm start`'s prestart: the bot.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    await bundle('src/bot/main.ts', 'bot');
  } catch (error) {
    // esbuild has printed a compile error already; a folder that cannot be written is said here.
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    console.error(
      `npm start could not bundle the bot into ${path.join(projectRoot, 'dist', 'bot')}: ${reason}. The project folder must be writable by the user running the bot.`,
    );
    process.exit(1);
  }
}
