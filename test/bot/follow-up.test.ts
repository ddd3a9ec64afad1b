import { beforeAll, describe, expect, it } from 'vitest';
import { withFirstQuestion } from '../../src/bot/follow-up.ts';
import type { Searcher } from '../../src/search/searcher.ts';
import { openTestSearcher } from './helpers/searcher.ts';

let searcher: Searcher;
beforeAll(async () => {
  searcher = await openTestSearcher();
});

describe('withFirstQuestion', () => {
  it('adds the first question’s content words the follow-up lacks, as written, without stopwords', () => {
    expect(withFirstQuestion('ومتى حدث ذلك؟', 'كم عدد المركبات المدرعة التي سلمها الانفصاليون؟')).toBe(
      'ومتى حدث ذلك؟ المركبات المدرعة سلمها الانفصاليون', // "كم", "عدد", "التي" are stopwords
    );
    // Words the follow-up already has (after folding hamza and the like) are not repeated.
    expect(withFirstQuestion('وماذا عن الأسلحة المدرعة؟', 'ما المركبات المدرعة؟')).toBe('وماذا عن الأسلحة المدرعة؟ المركبات');
    expect(withFirstQuestion('when?', 'what?')).toBe('when?');
  });

  it('lets a follow-up that names nothing find what the first question was about', async () => {
    const first = 'كم عدد المركبات المدرعة التي سلمها الانفصاليون؟';
    const followUp = 'ومتى حدث ذلك؟';
    const [top] = (await searcher.search(first, { limit: 1 })).results;
    const alone = (await searcher.search(followUp, { limit: 3 })).results.map((r) => r.passage.id);
    const together = (await searcher.search(withFirstQuestion(followUp, first), { limit: 3 })).results.map((r) => r.passage.id);
    expect(alone).not.toContain(top!.passage.id);
    expect(together[0]).toBe(top!.passage.id);
  });
});
