import { describe, expect, it } from 'vitest';
import { CONFIDENCE, isConfident } from '../../src/search/confidence.ts';

describe('isConfident', () => {
  it.each([
    [{ coverage: 0.27, overlap: 0.43, similarity: 0.3 }, 'ngram', true], // the hardest answerable dev question
    [{ coverage: 0.17, overlap: 0.18, similarity: 0.2 }, 'ngram', false], // US elections: not in the corpus
    [{ coverage: 0, overlap: 0.07, similarity: 0.1 }, 'ngram', false], // English over Arabic without the model
    [{ coverage: 0, overlap: 0.07, similarity: 0.9 }, 'transformers', true], // the model matches across languages
    [{ coverage: 0, overlap: 0.07, similarity: 0.9 }, 'ngram', false], // n-gram similarity is no such evidence
  ] as const)('judges %j from %s as %s', (signals, embedder, expected) => {
    expect(isConfident(signals, embedder)).toBe(expected);
  });

  it('draws the lexical line between the dev set groups (0.35 unanswerable, 0.69 answerable)', () => {
    expect(CONFIDENCE.minLexical).toBeGreaterThan(0.35);
    expect(CONFIDENCE.minLexical).toBeLessThan(0.69);
  });
});
