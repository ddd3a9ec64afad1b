import type { EmbedderKind } from '../config.ts';

/** What the top of a result list says about whether the corpus answers the question. */
export interface ConfidenceSignals {
  /** idf-weighted share of the question's content terms found (fuzzily) in the best passage, 0..1. */
  coverage: number;
  /** Character n-gram cosine of question and best passage, 0..1; the same measure whatever the embedder. */
  overlap: number;
  /** Cosine similarity of the best vector match, in the index embedder's own scale. */
  similarity: number;
}

/**
 * Calibrated on eval/dev.jsonl, checked on test/fixtures/extra-questions.jsonl; the measured
 * ranges are in the README, "Confidence". In-domain questions with an unanswerable twist ("when was
 * Aliyev born?") score like answerable ones and are the known weak spot.
 */
export const CONFIDENCE = {
  minLexical: 0.65,
  /**
   * The model can match a question that shares no words with the text (English over Arabic). The
   * multilingual-e5 model card notes its cosine scores sit between about 0.7 and 1.0 even for unrelated
   * text, so only a high score counts. Not calibrated here: no model weights on our machines.
   */
  minModelSimilarity: 0.86,
};

export function isConfident(signals: ConfidenceSignals, embedder: EmbedderKind): boolean {
  if (signals.coverage + signals.overlap >= CONFIDENCE.minLexical) return true;
  return embedder === 'transformers' && signals.similarity >= CONFIDENCE.minModelSimilarity;
}
