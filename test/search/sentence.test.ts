import { describe, expect, it } from 'vitest';
import { createSentenceScorer } from '../../src/search/sentence.ts';
import { countTerms } from '../../src/search/terms.ts';
import { createTermProcessor } from '../../src/text/tokens.ts';
import type { ArticleMeta } from '../../src/types.ts';

const process = createTermProcessor('light10');
const article = (title: string | null): ArticleMeta => ({ file: 'a.txt', articleIndex: 0, title, publisher: null, published: null });

describe('createSentenceScorer', () => {
  const texts = ['وافق البرلمان على القانون بعد نقاش طويل. ورفض الرئيس التعليق على الأمر.', 'وُلد في مكة وتوفي في المدينة.'];
  const scorer = createSentenceScorer(process, countTerms(texts, process));

  it('gives a derived form the stems miss partial credit, so its sentence wins', () => {
    const best = scorer.best(scorer.query('ما سبب موافقة البرلمان؟'), 0, { text: texts[0]!, article: article(null) });
    expect(best.sentence).toContain('وافق البرلمان');
  });

  it("counts the article title's words as present in every sentence of the article", () => {
    const question = scorer.query('أين ولد محمد؟');
    const withTitle = scorer.best(question, 1, { text: texts[1]!, article: article('محمد') });
    const without = createSentenceScorer(process, countTerms(texts, process)).best(question, 1, { text: texts[1]!, article: article(null) });
    expect(withTitle.score).toBeGreaterThan(without.score);
  });

  it('scores a passage the same from its cache as when first seen, however many passages came between', () => {
    const passages = Array.from({ length: 60 }, (_, i) => ({ text: `${texts[i % 2]!} رقم ${i} في الإقليم.`, article: article('محمد') }));
    const small = createSentenceScorer(process, countTerms(texts, process), { bytes: 4096, passages: 20 });
    const question = small.query('متى وافق البرلمان على القانون في الإقليم؟');
    const fresh = (label: number) => createSentenceScorer(process, countTerms(texts, process)).best(question, label, passages[label]!);
    const first = fresh(0);
    for (let round = 0; round < 3; round++)
      for (const label of passages.keys()) {
        expect(small.best(question, label, passages[label]!)).toEqual(fresh(label));
        // Passage 0, read again and again, moves to the head of the ring: its numbers move with it.
        if (label % 3 === 0) expect(small.best(question, 0, passages[0]!)).toEqual(first);
      }
  });
});
