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
