import { describe, expect, it } from 'vitest';
import { publisherChoices } from '../../src/bot/publisher-choices.ts';
import { createSeedFakeSearcher } from './helpers/seed-fake.ts';
import { overrideSearcher } from './helpers/searcher.ts';

const OUTLETS = ['الجزيرة', 'الأسبوع', 'وكالة الأناضول', 'RT Arabic', 'x'.repeat(101)];
const searcher = overrideSearcher(createSeedFakeSearcher(), { publishers: () => OUTLETS });

describe('publisherChoices', () => {
  it('offers every outlet a choice can hold, most passages first, for an empty field', () => {
    expect(publisherChoices(searcher, '').map((c) => c.value)).toEqual(OUTLETS.slice(0, 4));
  });

  it('matches spellings as the filter folds them: prefixes first, then names containing the text', () => {
    expect(publisherChoices(searcher, 'الاسبوع')).toEqual([{ name: 'الأسبوع', value: 'الأسبوع' }]);
    expect(publisherChoices(searcher, 'الجزيره')).toEqual([{ name: 'الجزيرة', value: 'الجزيرة' }]);
    expect(publisherChoices(searcher, 'rt').map((c) => c.value)).toEqual(['RT Arabic']);
    expect(publisherChoices(searcher, 'ال').map((c) => c.value)).toEqual(['الجزيرة', 'الأسبوع', 'وكالة الأناضول']);
    expect(publisherChoices(searcher, '\u2068الأسبوع\u2069')).toHaveLength(1);
  });

  it('is bounded: at most the limit, and only the option\'s 100 characters are read', () => {
    const many = overrideSearcher(searcher, { publishers: () => Array.from({ length: 5000 }, (_, i) => `outlet ${i}`) });
    expect(publisherChoices(many, 'outlet', 25)).toHaveLength(25);
    expect(publisherChoices(many, `outlet 1${'0'.repeat(5000)}`)).toEqual([]);
  });
});
