import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/log.ts';
import { LexicalIndex } from '../../src/search/lexical.ts';
import { openSearcher } from '../../src/search/searcher.ts';
import { idf } from '../../src/search/terms.ts';
import { contentWords, createTermProcessor, tokenize } from '../../src/text/tokens.ts';
import { NgramEmbedder } from '../../src/embed/ngram.ts';
import { buildIndex } from '../../src/search/build.ts';
import { tempDir, TEST_HNSW } from '../helpers/seed-index.ts';
import { seedLine } from '../helpers/seeds.ts';

/**
 * Words from questions and scraped pages are never object keys: a name of Object.prototype in any
 * text must be an ordinary word for the tokenizer, the index build and the search.
 */
const PROTOTYPE_NAMES = Object.getOwnPropertyNames(Object.prototype); // constructor, toString, __proto__, hasOwnProperty, …
const ARABIC = seedLine('000_f128db0503374b86.txt', 'وقالت وزارة الدفاع الروسية').split(' ').slice(0, 30);
const ENGLISH = ['the', 'ceasefire', 'in', 'Karabakh', 'was', 'signed', 'by', 'Russia', 'seven', 'districts'];

/** A text of Arabic and English words with Object.prototype names mixed in, in their own case and lower case. */
const mixedText = fc
  .array(fc.oneof(fc.constantFrom(...ARABIC), fc.constantFrom(...ENGLISH), fc.constantFrom(...PROTOTYPE_NAMES), fc.constantFrom(...PROTOTYPE_NAMES.map((n) => n.toLowerCase()))), {
    minLength: 1,
    maxLength: 25,
  })
  .map((words) => words.join(' '));

describe('Object.prototype names in text', () => {
  const processTerm = createTermProcessor('light10');

  it('are ordinary words for tokenize and the term processor', () => {
    fc.assert(
      fc.property(mixedText, (text) => {
        for (const word of tokenize(text)) {
          const terms = processTerm(word);
          for (const term of [terms ?? []].flat()) expect(typeof term).toBe('string');
        }
        for (const readings of contentWords(text, processTerm)) for (const term of readings) expect(typeof term).toBe('string');
      }),
    );
  });

  it('weigh as unseen words in a keyword index that lacks them', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...ARABIC), { minLength: 3, maxLength: 20 }), fc.constantFrom(...PROTOTYPE_NAMES), (words, name) => {
        const built = LexicalIndex.build([{ text: words.join(' ') }], processTerm);
        for (const term of [processTerm(name.toLowerCase()) ?? []].flat()) expect(idf(built.terms, term)).toBe(idf(built.terms, 'xyzzy'));
      }),
    );
  });

  it('are indexed and searched like any word', async () => {
    const config = loadConfig({});
    const root = tempDir('kb-proto-');
    await fc.assert(
      fc.asyncProperty(fc.array(mixedText, { minLength: 2, maxLength: 4 }), mixedText, async (paragraphs, question) => {
        const run = mkdtempSync(path.join(root, 'run-'));
        const seeds = path.join(run, 'seeds');
        mkdirSync(path.join(seeds, 'constructor'), { recursive: true });
        // A title, then paragraphs long enough to be running text.
        const body = paragraphs.map((p) => `${p} ${ARABIC.join(' ')}`).join('\n\n');
        writeFileSync(path.join(seeds, 'constructor', 'toString.txt'), `constructor __proto__ hasOwnProperty\n\n${body}\n`);
        const indexDir = path.join(run, 'index');
        await buildIndex({ seedsDir: seeds, outDir: indexDir, embedder: new NgramEmbedder(), hnsw: TEST_HNSW, log: silentLogger });
        const searcher = await openSearcher({ indexDir, config, log: silentLogger });
        // The question always names the article's title word, so it shares a word with the index.
        const response = await searcher.search(`${question.replace(/_/g, ' ')} constructor`);
        expect(response.results.length).toBeGreaterThan(0);
        for (const result of response.results) expect(Number.isFinite(result.score)).toBe(true);
        expect(typeof response.confident).toBe('boolean');
      }),
      { numRuns: 15 },
    );
  });
});
