import { describe, expect, it } from 'vitest';
import { countTerms, coverage, idf } from '../../src/search/terms.ts';
import { contentTerms, contentWords, createTermProcessor } from '../../src/text/tokens.ts';

const process = createTermProcessor('light10');
const stats = countTerms(['قوات حفظ السلام الروسية في الإقليم', 'قوات روسية في الإقليم', 'أمين المظالم غيغام ستيبانيان'], process);

describe('idf', () => {
  it('weighs a rare term above a common one, and an unknown term highest', () => {
    expect(idf(stats, 'مظالم')).toBeGreaterThan(idf(stats, 'قوات'));
    expect(idf(stats, 'انتخاب')).toBeGreaterThan(idf(stats, 'مظالم'));
  });
});

describe('coverage', () => {
  const question = contentWords('من هو أمين المظالم في الإقليم؟', process);

  it('is 1 when the text holds every content term of the question', () => {
    expect(coverage(question, new Set(contentTerms('أمين المظالم في الإقليم', process)), stats)).toBe(1);
  });

  it('counts rare terms more than common ones', () => {
    const rare = coverage(question, new Set(['مظالم']), stats);
    const common = coverage(question, new Set(['اقليم']), stats);
    expect(rare).toBeGreaterThan(common);
  });

  it('gives partial credit for a derived form only when asked to', () => {
    const terms = contentWords('موافقة', process);
    const text = new Set(contentTerms('وافق', process));
    expect(coverage(terms, text, stats)).toBe(0);
    expect(coverage(terms, text, stats, true)).toBeGreaterThan(0.4);
  });

  it('is 0 for a question without content terms', () => {
    expect(coverage([], new Set(['قوات']), stats)).toBe(0);
  });
});
