import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { defineCommand } from 'citty';
import { isUserError, UserError } from '../errors.ts';
import { openSearcher, searchDefaults } from '../search/searcher.ts';
import { answerToJson, renderAnswer, renderSource, sourceToJson } from './format.ts';
import { cli } from './run.ts';

export const askCommand = defineCommand({
  meta: { name: 'ask', description: 'Answer a question from the index, with the passages and where they come from.' },
  args: {
    question: { type: 'positional', required: false, description: 'The question, in Arabic or English' },
    json: { type: 'boolean', description: 'Print one JSON line per question on stdout' },
    batch: { type: 'string', description: 'File with one question per line' },
    source: { type: 'string', description: 'Show the passage with this citation id in full' },
    index: { type: 'string', description: 'Index folder (default: INDEX_DIR or index/)' },
    limit: { type: 'string', description: 'Number of passages (1–20, default 5)' },
    all: { type: 'boolean', description: 'Show the closest passages even when the articles do not seem to answer' },
  },
  async run({ args }) {
    const { config, log, out } = cli();
    const limit = parseLimit(args.limit);
    const modes = [args.question !== undefined, args.batch !== undefined, args.source !== undefined].filter(Boolean).length;
    if (modes !== 1) throw new UserError('Give exactly one of: a question ("npm run ask -- \\"سؤال\\""), --batch FILE, or --source ID.', 'usage');
    const indexDir = args.index ? path.resolve(args.index) : config.paths.indexDir;
    const searcher = await openSearcher({ indexDir, config, log });

    if (args.source !== undefined) {
      if (args.source.trim() === '') throw new UserError('--source needs a passage id, e.g. --source k7m2qx9a (ids are shown next to each answer).', 'usage');
      const view = searcher.source(args.source);
      out(args.json ? JSON.stringify(sourceToJson(view)) : renderSource(view));
      return;
    }
    const questions = args.batch !== undefined ? await readBatch(args.batch) : [args.question!];
    const wordsOnly = searcher.manifest.embedder.kind === 'ngram';
    for (const question of questions) {
      try {
        const response = await searcher.search(question, { limit });
        if (wordsOnly && response.understood?.every((t) => t.arabic.length === 0))
          log.warn('No word of this English question was found in the dictionary or the articles: ask in Arabic, or rebuild the index with the model (README, "The embedding model").');
        out(args.json ? JSON.stringify(answerToJson(response)) : renderAnswer(response, Boolean(process.stdout.isTTY), args.all) + '\n');
      } catch (error) {
        // In a batch one bad line must not lose the answers to the others; alone, it is the command's error.
        if (!isUserError(error) || args.batch === undefined) throw error;
        out(args.json ? JSON.stringify({ query: question, error: error.message }) : `Q: ${question}\nerror: ${error.message}\n`);
      }
    }
  },
});

function parseLimit(value: string | undefined): number {
  if (value === undefined) return searchDefaults.limit;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 20) throw new UserError(`--limit needs a whole number from 1 to 20 (got "${value}").`, 'usage');
  return n;
}

async function readBatch(file: string): Promise<string[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new UserError(`The batch file ${file} cannot be read: give a text file with one question per line.`, 'usage');
  }
  const questions = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  if (questions.length === 0) throw new UserError(`The batch file ${file} has no questions: put one question per line.`, 'usage');
  return questions;
}
