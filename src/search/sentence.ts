import { dotSparse, embedNgrams, ngramFeatures, type SparseFeatures } from '../embed/ngram.ts';
import { fnv1a } from '../text/hash.ts';
import { splitSentences } from '../text/sentences.ts';
import { contentTerms, contentWords, tokenize, type TermProcessor } from '../text/tokens.ts';
import type { Passage } from '../types.ts';
import { LruCache } from './lru.ts';
import { coverage, type TermStats } from './terms.ts';

/**
 * Adjacent word pairs of a text, stopwords included ("هي اخر" in a question finds "هي آخر محافظة"),
 * as distinct 32-bit hashes: a sentence's pairs as strings in a Set were the largest part of the
 * cache. Two different pairs of a question and a sentence share a hash about once in ten million
 * sentences, and then add one pair's 0.1.
 */
function wordPairs(text: string): Uint32Array {
  const words = tokenize(text);
  return Uint32Array.from(new Set(words.slice(1).map((w, i) => fnv1a(`${words[i]} ${w}`))));
}

/** What a question is compared with, computed once per search. */
export interface QueryFeatures {
  /** Content words of the question, each with its readings. */
  words: string[][];
  vector: Float32Array;
  pairs: Set<number>;
  /** Term likeness already computed for this question, shared by all its sentences. */
  seen: Map<string, Map<string, number>>;
}

/**
 * What a sentence is compared with; the same for every question, so it is cached. Its distinct terms
 * in an array, not a Set: a sentence has a few dozen, and the array takes a quarter of the memory.
 */
interface SentenceFeatures {
  sentence: string;
  terms: string[];
  ngrams: SparseFeatures;
  pairs: Uint32Array;
}

export interface SentenceScorer {
  query(question: string): QueryFeatures;
  /** The sentence of a passage that best answers the question, and its score. */
  best(query: QueryFeatures, label: number, passage: Pick<Passage, 'text' | 'article'>): { sentence: string; score: number };
}

/** Passages whose sentence features are kept; a query looks at 20, so this covers many queries' worth. */
const CACHED_PASSAGES = 2000;

/**
 * Picks the sentence of a passage that best answers the question: the one covering most of the
 * question's informative words (derived forms the stems miss earn partial credit: ARCD hit@1 +0.7
 * points), then character n-gram similarity (which also catches spelling
 * variants the stems miss) and shared word pairs. Model-free, so it costs microseconds whatever the
 * embedder. Its score also ranks passages: an answer sits in one sentence, not scattered over a
 * paragraph.
 */
export function createSentenceScorer(processTerm: TermProcessor, stats: TermStats): SentenceScorer {
  const cache = new LruCache<number, SentenceFeatures[]>(CACHED_PASSAGES);

  function featuresOf(label: number, { text, article }: Pick<Passage, 'text' | 'article'>): SentenceFeatures[] {
    const cached = cache.get(label);
    if (cached) return cached;
    const lines = text.split('\n');
    const body = lines.length > 1 ? lines.slice(1).join(' ') : text; // skip the heading line
    // Every sentence of an article is about its title's subject, even one that only says "he".
    const titleTerms = article.title ? contentTerms(article.title, processTerm) : [];
    const features = splitSentences(body).map((sentence) => ({
      sentence,
      terms: [...new Set([...contentTerms(sentence, processTerm), ...titleTerms])],
      ngrams: ngramFeatures(sentence),
      pairs: wordPairs(sentence),
    }));
    return cache.set(label, features);
  }

  return {
    query: (question) => ({ words: contentWords(question, processTerm), vector: embedNgrams(question), pairs: new Set(wordPairs(question)), seen: new Map() }),
    best(query, label, passage) {
      let best = { sentence: passage.text, score: -Infinity };
      for (const s of featuresOf(label, passage)) {
        let shared = 0;
        for (const pair of s.pairs) if (query.pairs.has(pair)) shared++;
        const score = coverage(query.words, s.terms, stats, true, query.seen) + 0.25 * dotSparse(query.vector, s.ngrams) + 0.1 * Math.min(shared, 3);
        if (score > best.score) best = { sentence: s.sentence, score };
      }
      return best;
    },
  };
}
