import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_EVAL_FILE, parseEvalLine, readEvalSet } from '../../src/cli/eval-set.ts';
import { tempDir } from '../helpers/seed-index.ts';

const GOOD = { id: 'd01', kind: 'ar', question: 'كم عدد المركبات المدرعة؟', answers: ['6 وحدات'], file: '000_f128db0503374b86.txt' };
const line = (fields: Record<string, unknown>) => JSON.stringify(fields);
const without = (key: string) => line(Object.fromEntries(Object.entries(GOOD).filter(([k]) => k !== key)));

describe('the shipped eval set', () => {
  it('is in the repository and every line is valid', async () => {
    expect(path.relative(path.resolve(import.meta.dirname, '../..'), DEFAULT_EVAL_FILE)).toBe(path.join('eval', 'dev.jsonl'));
    const items = await readEvalSet(DEFAULT_EVAL_FILE);
    expect(items.length).toBe(readFileSync(DEFAULT_EVAL_FILE, 'utf8').trim().split('\n').length);
    expect(new Set(items.map((i) => i.kind))).toEqual(new Set(['ar', 'ar-variant', 'en', 'none']));
  });

  it('the fixture questions are valid eval lines too', async () => {
    const items = await readEvalSet(path.resolve(import.meta.dirname, '../fixtures/extra-questions.jsonl'));
    expect(items.length).toBeGreaterThan(30);
  });
});

describe('parseEvalLine', () => {
  it('accepts a labelled question, and an unanswerable one', () => {
    expect(parseEvalLine(line(GOOD), 'f.jsonl', 1)).toEqual(GOOD);
    const none = { id: 'd24', kind: 'none', question: 'ما سعر النفط؟', answers: [], file: null };
    expect(parseEvalLine(line(none), 'f.jsonl', 1)).toEqual(none);
  });

  it.each([
    { what: 'a line without kind', text: without('kind'), message: 'Line 7 of dev.jsonl: "kind" is missing; it must be text grouping the questions in the report, e.g. "ar", "en" or "none".' },
    { what: 'a line without question', text: without('question'), message: 'Line 7 of dev.jsonl: "question" is missing; it must be the question as text.' },
    { what: 'answers that are not a list', text: line({ ...GOOD, answers: '6 وحدات' }), message: 'Line 7 of dev.jsonl: "answers" is "6 وحدات"; it must be a list of texts, one of which the right passage contains ([] when unanswerable).' },
    { what: 'an answerable question without answers', text: line({ ...GOOD, answers: [] }), message: 'Line 7 of dev.jsonl: "answers" is []; it must be a list of texts, one of which the right passage contains ([] when unanswerable).' },
    { what: 'a file that is a number', text: line({ ...GOOD, file: 3 }), message: 'Line 7 of dev.jsonl: "file" is 3; it must be the seed file that answers it, or null when the articles do not.' },
    { what: 'a line that is not JSON', text: '{"id": "d01", ', message: 'Line 7 of dev.jsonl is not valid JSON: each line is one object with id, kind, question, answers, file.' },
    { what: 'a line that is a list', text: '[1, 2]', message: 'Line 7 of dev.jsonl is not a JSON object: each line is one object with id, kind, question, answers, file.' },
  ])('rejects $what, naming the file, the line and the field', ({ text, message }) => {
    expect(() => parseEvalLine(text, 'dev.jsonl', 7)).toThrow(message);
  });

  it('counts lines from 1, blank lines included, when reading a file', async () => {
    const file = path.join(tempDir('kb-eval-set-'), 'bad.jsonl');
    writeFileSync(file, `${line(GOOD)}\n\n${without('kind')}\n`);
    await expect(readEvalSet(file)).rejects.toThrow(`Line 3 of ${file}: "kind" is missing`);
  });
});
