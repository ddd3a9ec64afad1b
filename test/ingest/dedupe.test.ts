import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { splitArticles } from '../../src/ingest/articles.ts';
import { findNearDuplicates } from '../../src/ingest/dedupe.ts';
import { buildPassages, defaultPassageOptions, splitLongText } from '../../src/ingest/passages.ts';
import { tokenize } from '../../src/text/tokens.ts';
import { seedFiles, seedText } from '../helpers/seeds.ts';

/** The check as it was: every text against every kept one (quadratic), the reference for the fast one. */
function pairwiseDuplicates(texts: string[][], threshold: number): boolean[] {
  const kept: Set<string>[] = [];
  return texts.map((words) => {
    const set = new Set(words);
    const duplicate = kept.some((other) => {
      let shared = 0;
      for (const w of set) if (other.has(w)) shared++;
      return shared / (set.size + other.size - shared || 1) >= threshold;
    });
    if (!duplicate) kept.push(set);
    return duplicate;
  });
}

const seedPieces = (file: string) =>
  splitArticles(file, seedText(file)).flatMap((a) => a.paragraphs.flatMap((p) => splitLongText(p.text))).map(tokenize);
const seedWords = [...new Set(seedFiles.flatMap((f) => tokenize(seedText(f))))];

describe('findNearDuplicates', () => {
  it.each(seedFiles)('keeps the same passages of %s as comparing every pair', (file) => {
    const pieces = seedPieces(file);
    expect(findNearDuplicates(pieces, 0.9)).toEqual(pairwiseDuplicates(pieces, 0.9));
  });

  it('keeps the same passages as comparing every pair, on every seed paragraph and its near copies', () => {
    const paragraphs = seedFiles.flatMap(seedPieces);
    // A near copy: a seed paragraph with a few words dropped, replaced or added, so that Jaccard lands on both sides of 0.9.
    const nearCopy = fc
      .tuple(fc.constantFrom(...paragraphs), fc.array(fc.tuple(fc.nat(), fc.constantFrom(...seedWords), fc.constantFrom('drop', 'swap', 'add')), { maxLength: 6 }))
      .map(([words, edits]) => {
        const out = [...words];
        for (const [at, word, edit] of edits) {
          const i = at % (out.length + 1);
          if (edit === 'drop') out.splice(i, 1);
          else if (edit === 'swap') out.splice(i, 1, word);
          else out.splice(i, 0, word);
        }
        return out;
      });
    fc.assert(
      fc.property(fc.array(fc.oneof(fc.constantFrom(...paragraphs), nearCopy), { maxLength: 60 }), fc.constantFrom(0.5, 0.8, 0.9, 1), (texts, threshold) => {
        expect(findNearDuplicates(texts, threshold)).toEqual(pairwiseDuplicates(texts, threshold));
      }),
      { numRuns: 200 },
    );
  });

  it('never calls a text without words a duplicate', () => {
    expect(findNearDuplicates([[], [], ['قره', 'باغ'], ['قره', 'باغ']], 0.9)).toEqual([false, false, false, true]);
  });

  it('reports its progress, ending with all texts done', () => {
    const calls: [number, number][] = [];
    findNearDuplicates(Array.from({ length: 5000 }, (_, i) => [`w${i}`]), 0.9, (done, total) => calls.push([done, total]));
    expect(calls).toEqual([[0, 5000], [2000, 5000], [4000, 5000], [5000, 5000]]);
  });
});

describe('buildPassages', () => {
  it('keeps the paragraphs of a page that the pairwise check keeps', () => {
    // Seed 000 with every paragraph repeated, once as is and once with its last word dropped.
    const [article] = splitArticles('000_f128db0503374b86.txt', seedText('000_f128db0503374b86.txt'));
    const paragraphs = article!.paragraphs.flatMap((p) => [p, { heading: null, text: p.text }, { heading: null, text: p.text.replace(/\s+\S+$/, '') }]);
    const pieces = paragraphs.flatMap((p) => splitLongText(p.text));
    const duplicate = pairwiseDuplicates(pieces.map(tokenize), defaultPassageOptions.nearDuplicate);
    expect(duplicate.filter(Boolean).length).toBeGreaterThan(article!.paragraphs.length);
    const kept = buildPassages([{ ...article!, paragraphs }]).map((p) => p.text.split('\n').at(-1));
    expect(kept).toEqual(pieces.filter((_, i) => !duplicate[i]));
  });
});
