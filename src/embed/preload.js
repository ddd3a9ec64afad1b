// @ts-check
/**
 * `npm start` runs this before tsx (`node --import ./src/embed/preload.js --import tsx …`): when the
 * bot is going to run the embedding model, transformers.js is loaded here, before tsx's loader hooks
 * exist. Through the hooks, tsx rewrites each dynamic `import(` of the library's 1.3 MB bundle and
 * builds a source map for it, which left the bot 140 MB bigger for good (README, "Memory and
 * speed"); the TypeScript code's own import then finds the module loaded. Plain JavaScript, as it
 * runs before tsx. Offline (EMBEDDER=ngram, or an index built offline) it loads nothing.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import process from 'node:process';
import dotenv from 'dotenv';

/** The bot will load the model: EMBEDDER=transformers, or EMBEDDER=auto (the default) and an index built with one. */
function usesModel() {
  dotenv.config({ quiet: true }); // as src/config.ts reads it; values already in the environment win
  const kind = process.env.EMBEDDER || 'auto';
  if (kind !== 'auto') return kind === 'transformers';
  try {
    const manifest = JSON.parse(readFileSync(path.join(process.env.INDEX_DIR || 'index', 'manifest.json'), 'utf8'));
    return manifest?.embedder?.kind === 'transformers';
  } catch {
    return false; // no index yet, or a damaged one: the bot reports it
  }
}

if (usesModel()) {
  try {
    await import('@huggingface/transformers');
  } catch {
    // The bot's own load of the model reports this, with what to do.
  }
}
