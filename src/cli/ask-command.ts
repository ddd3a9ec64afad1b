import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { defineCommand } from 'citty';
import { isUserError, UserError } from '../errors.ts';
import { decodeText } from '../ingest/read.ts';
import { openSearcher, searchDefaults } from '../search/searcher.ts';
import { answerToJson, renderAnswer, renderBatchError, renderSource, sourceToJson } from './format.ts';
import { cliContext } from './run.ts';

export const askCommand = defineCommand({
  meta: { name: 'ask', description: 'Answer a question from the index, with the passages and where they come from.' },
  args: {
    question: { type: 'positional', required: false, description: 'The question, in Arabic or English (quotes optional: the words are joined)' },
    json: { type: 'boolean', description: 'Print one JSON line per question on stdout' },
    batch: { type: 'string', description: 'File with one question per line' },
    source: { type: 'string', description: 'Show the passage with this citation id in full' },
    index: { type: 'string', description: 'Index folder (default: INDEX_DIR or index/)' },
    limit: { type: 'string', description: 'Number of passages (1–20, default 5)' },
    publisher: { type: 'string', description: 'Only passages of this outlet, e.g. الجزيرة' },
    since: { type: 'string', description: 'Only articles published on or after this date: 2023, 2023-09 or 2023-09-20' },
    until: { type: 'string', description: 'Only articles published on or before this date (2023-09: through 30 September)' },
    all: { type: 'boolean', description: 'Show the closest passages even when the articles do not seem to answer' },
  },
  async run({ args, data }) {
    const { config, log, out, stdoutIsTTY } = cliContext(data);
    const limit = parseLimit(args.limit);
    // `npm run ask -- كم عدد المركبات` without quotes arrives as several words: they are one question.
    const question = args._.length > 0 ? args._.join(' ') : undefined;
    const modes = [question !== undefined, args.batch !== undefined, args.source !== undefined].filter(Boolean).length;
    if (modes !== 1) throw new UserError('Give exactly one of: a question ("npm run ask -- \\"سؤال\\""), --batch FILE, or --source ID.', 'usage');
    const indexDir = args.index ? path.resolve(args.index) : config.paths.indexDir;
    const searcher = await openSearcher({ indexDir, config, log });

    if (args.source !== undefined) {
      if (args.source.trim() === '') throw new UserError('--source needs a passage id, e.g. --source k7m2qx9a (ids are shown next to each answer).', 'usage');
      const view = searcher.source(args.source);
      out(args.json ? JSON.stringify(sourceToJson(view)) : renderSource(view));
      return;
    }
    const questions = args.batch !== undefined ? await readBatch(args.batch) : [question!];
    const wordsOnly = searcher.manifest.embedder.kind === 'ngram';
    for (const question of questions) {
      try {
        const response = await searcher.search(question, { limit, publisher: args.publisher, since: args.since, until: args.until });
        if (wordsOnly && response.understood?.every((t) => t.arabic.length === 0))
          log.warn('No word of this English question was found in the dictionary or the articles: ask in Arabic, or rebuild the index with the model (README, "The embedding model").');
        out(args.json ? JSON.stringify(answerToJson(response)) : renderAnswer(response, stdoutIsTTY, args.all) + '\n');
      } catch (error) {
        // In a batch one bad line must not lose the answers to the others; alone, it is the command's error.
        // A bad filter is the command's mistake, not the line's: it would fail every line the same way.
        if (!isUserError(error) || args.batch === undefined || FILTER_ERRORS.has(error.code)) throw error;
        out(args.json ? JSON.stringify({ query: question, error: error.message }) : renderBatchError(question, error.message) + '\n');
      }
    }
  },
});

const FILTER_ERRORS = new Set(['bad-date', 'unknown-publisher']);

function parseLimit(value: string | undefined): number {
  if (value === undefined) return searchDefaults.limit;
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > 20) throw new UserError(`--limit needs a whole number from 1 to 20 (got "${value}").`, 'usage');
  return n;
}

/** Checked as seed files are: a binary or non-UTF-8 file would otherwise be answered line by line as garbage. */
async function readBatch(file: string): Promise<string[]> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch {
    throw new UserError(`The batch file ${file} cannot be read: give a text file with one question per line.`, 'usage');
  }
  const decoded = decodeText(bytes);
  if ('reason' in decoded)
    throw new UserError(`The batch file ${file} cannot be used: ${decoded.reason}; give a UTF-8 text file with one question per line.`, 'usage');
  const { text } = decoded;
  const questions = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  if (questions.length === 0) throw new UserError(`The batch file ${file} has no questions: put one question per line.`, 'usage');
  return questions;
}
