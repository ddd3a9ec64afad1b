import { dot, embedNgrams } from '../embed/ngram.ts';
import { splitSentences } from '../text/sentences.ts';
import { contentTerms, contentWords, tokenize, type TermProcessor } from '../text/tokens.ts';
import { coverage, type TermStats } from './terms.ts';

/**
 * Picks the sentence of a passage that best answers the question: the one covering most of the
 * question's informative terms, ties broken by character n-gram similarity (which also catches
 * spelling variants the stems miss). Model-free, so it costs microseconds whatever the embedder.
 * Its score also ranks passages: an answer sits in one sentence, not scattered over a paragraph.
 */
/** Adjacent word pairs of a text, stopwords included: "هي اخر" in a question finds "هي آخر محافظة". */
export function wordPairs(text: string): Set<string> {
  const words = tokenize(text);
  return new Set(words.slice(1).map((w, i) => `${words[i]} ${w}`));
}

/** What a question is compared with, computed once per search. */
export interface QueryFeatures {
  /** Content words of the question, each with its readings. */
  words: string[][];
  vector: Float32Array;
  pairs: Set<string>;
}

export function queryFeatures(question: string, processTerm: TermProcessor): QueryFeatures {
  return { words: contentWords(question, processTerm), vector: embedNgrams(question), pairs: wordPairs(question) };
}

export function bestSentence(
  query: QueryFeatures,
  passageText: string,
  processTerm: TermProcessor,
  stats: TermStats,
): { sentence: string; score: number } {
  const lines = passageText.split('\n');
  const body = lines.length > 1 ? lines.slice(1).join(' ') : passageText; // skip the heading line
  let best = { sentence: body, score: -Infinity };
  for (const sentence of splitSentences(body)) {
    let shared = 0;
    for (const pair of wordPairs(sentence)) if (query.pairs.has(pair)) shared++;
    const score =
      coverage(query.words, new Set(contentTerms(sentence, processTerm)), stats) +
      0.25 * dot(query.vector, embedNgrams(sentence)) +
      0.1 * Math.min(shared, 3);
    if (score > best.score) best = { sentence, score };
  }
  return best;
}
