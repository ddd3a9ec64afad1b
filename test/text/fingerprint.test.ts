import { describe, expect, it } from 'vitest';
import { pipelineFingerprint, textFingerprint, type TextPipeline } from '../../src/text/fingerprint.ts';
import { createTermProcessor, STOPWORDS, tokenize } from '../../src/text/tokens.ts';

const current: TextPipeline = { stemmer: 'light10', tokenize, stopwords: STOPWORDS, processTerm: createTermProcessor('light10') };

describe('textFingerprint', () => {
  it('is the fingerprint of the pipeline as it is, and stable', () => {
    expect(textFingerprint('light10')).toBe(pipelineFingerprint(current));
    expect(textFingerprint('light10')).toMatch(/^[0-9a-f]{16}$/);
  });

  it('differs between stemmers', () => {
    expect(textFingerprint('snowball')).not.toBe(textFingerprint('light10'));
  });

  it('changes when a stopword is added or removed, with no constant bumped', () => {
    expect(pipelineFingerprint({ ...current, stopwords: new Set([...STOPWORDS, 'قره']) })).not.toBe(textFingerprint('light10'));
    const fewer = new Set(STOPWORDS);
    fewer.delete('في');
    expect(pipelineFingerprint({ ...current, stopwords: fewer })).not.toBe(textFingerprint('light10'));
  });

  it('changes when normalization or tokenizing changes', () => {
    // As if hamza seats were no longer folded.
    const unfolded = (text: string) => tokenize(text).map((w) => w.replace(/^ا/, 'أ'));
    expect(pipelineFingerprint({ ...current, tokenize: unfolded })).not.toBe(textFingerprint('light10'));
  });

  it('changes when stemming or number words change', () => {
    const processTerm = createTermProcessor('light10');
    const noNumbers = (word: string) => (/^\d+$/.test(String(processTerm(word))) ? word : processTerm(word));
    expect(pipelineFingerprint({ ...current, processTerm: noNumbers })).not.toBe(textFingerprint('light10'));
  });
});
