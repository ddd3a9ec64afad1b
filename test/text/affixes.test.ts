import { describe, expect, it } from 'vitest';
import { affixReading } from '../../src/text/affixes.ts';
import { contentTerms, createTermProcessor } from '../../src/text/tokens.ts';

describe('affixReading (Hunspell Arabic rules)', () => {
  it('takes off clitic chains and verb endings that light10 misses', () => {
    expect(affixReading('وبسكانها')).toBe('سكان');
    expect(affixReading('سقطت')).toBe('سقط');
  });

  it('keeps a word the dictionary lists, and gives null for one it cannot analyse', () => {
    expect(affixReading('يسكن')).toBe('يسكن');
    expect(affixReading('باغ')).toBeNull();
  });

  it('lets the keyword terms of a derived form meet the plain word', () => {
    const process = createTermProcessor('light10');
    const text = new Set(contentTerms('عدد سكان المدينة', process));
    expect(contentTerms('وبسكانها', process).some((t) => text.has(t))).toBe(true);
  });
});
