import { describe, expect, it } from 'vitest';
import { findPartial, partialLine } from '../../src/search/partial.ts';

const df = new Map(Object.entries({ باكو: 2, سكان: 3, قال: 60, رئيس: 40 }));
const stats = { docCount: 100, df: (term: string) => df.get(term) ?? 0 };
const unit = (display: string, reading: string) => ({ display, readings: [reading] });

describe('findPartial', () => {
  it('finds the one rare word the best passage lacks', () => {
    const partial = findPartial([unit('Baku', 'باكو'), unit('population', 'سكان'), unit('said', 'قال')], new Set(['باكو', 'قال']), stats);
    expect(partial).toEqual({ mentioned: 'Baku', missing: 'population', elsewhere: true });
    expect(partialLine(partial!, true)).toBe('The articles mention “Baku” and “population”, but not together.');
  });

  it('says a word is never mentioned when the index lacks it, in Arabic for an Arabic question', () => {
    const partial = findPartial([unit('باكو', 'باكو'), unit('عملة', 'عمله')], new Set(['باكو']), stats);
    expect(partialLine(partial!, false)).toBe('تذكر المقالات «باكو»، لكنها لا تذكر «عملة».');
  });

  it('is null when both rare words are there, or both are missing', () => {
    expect(findPartial([unit('a', 'باكو'), unit('b', 'سكان')], new Set(['باكو', 'سكان']), stats)).toBeNull();
    expect(findPartial([unit('a', 'باكو'), unit('b', 'سكان')], new Set(['قال']), stats)).toBeNull();
  });
});
