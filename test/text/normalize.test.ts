import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeForMatch } from '../../src/text/normalize.ts';

describe('normalizeForMatch', () => {
  it.each([
    // hamza seats and madda on alef
    ['أذربيجان', 'اذربيجان'],
    ['إقليم', 'اقليم'],
    ['آغدام', 'اغدام'],
    ['ٱلله', 'الله'],
    // hamza on waw and yeh
    ['مسؤول', 'مسوول'],
    ['رئيس', 'رييس'],
    // taa marbuta and alef maqsura
    ['روسية', 'روسيه'],
    ['على', 'علي'],
    // Persian letters as scraped in the seeds' tag lines
    ['الروسیة', 'الروسيه'],
    ['کاراباخ', 'كاراباخ'],
    // diacritics and tatweel
    ['عسكريًا', 'عسكريا'],
    ['شُردوا', 'شردوا'],
    ['قـــره', 'قره'],
    // Eastern Arabic and Persian digits
    ['٢٥ / ديسمبر / ٢٠٢٤', '25 / ديسمبر / 2024'],
    ['۱۹۹۴', '1994'],
    // invisible characters and Latin case
    ['\uFEFFقره\u200Bباغ\u200F', 'قرهباغ'],
    ['Published On', 'published on'],
  ])('normalizes %s to %s', (input, expected) => {
    expect(normalizeForMatch(input)).toBe(expected);
  });

  it('makes a spelling variant of a question match the text as written', () => {
    expect(normalizeForMatch('بوساطه روسيه')).toBe(normalizeForMatch('بوساطة روسية'));
    expect(normalizeForMatch('القوات الاذريه')).toBe(normalizeForMatch('القوات الأذرية'));
  });

  it('is idempotent on every line of the seeds', async () => {
    const { readFileSync, readdirSync } = await import('node:fs');
    const dir = new URL('../../seeds/', import.meta.url);
    for (const file of readdirSync(dir)) {
      for (const line of readFileSync(new URL(file, dir), 'utf8').split('\n')) {
        const once = normalizeForMatch(line);
        expect(normalizeForMatch(once)).toBe(once);
      }
    }
  });
});

describe('normalizeForMatch properties', () => {
  it('changes nothing when applied twice, for any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (text) => normalizeForMatch(normalizeForMatch(text)) === normalizeForMatch(text)),
      { numRuns: 2000 },
    );
  });

  it('folds Arabic letters one for one, never dropping or adding one', () => {
    const arabicLetter = fc.constantFrom(...'ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأؤإئةى');
    fc.assert(fc.property(fc.array(arabicLetter, { minLength: 1, maxLength: 12 }), (letters) => normalizeForMatch(letters.join('')).length === letters.length));
  });
});
