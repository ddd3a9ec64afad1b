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
 * What the sentences of one passage are compared with; the same for every question, so it is cached.
 * The numbers of all its sentences share one buffer (sentence i's n-grams are entries
 * ngramEnds[i - 1]..ngramEnds[i], its word pairs pairEnds[i - 1]..pairEnds[i]): a few objects a
 * passage rather than eight a sentence, since every new question's candidates turn the cache over
 * and what it drops is garbage that waits for a full collection.
 */
interface PassageFeatures {
  sentences: string[];
  /** Distinct terms of each sentence, the title's included: arrays, a quarter of a Set's memory. */
  terms: string[][];
  ngrams: SparseFeatures;
  ngramEnds: Uint32Array;
  pairs: Uint32Array;
  pairEnds: Uint32Array;
}

function pack(sentences: string[], terms: string[][]): PassageFeatures {
  const ngrams = sentences.map((sentence) => ngramFeatures(sentence));
  const pairs = sentences.map(wordPairs);
  const [n, m, k] = [ngrams.reduce((sum, f) => sum + f.buckets.length, 0), pairs.reduce((sum, p) => sum + p.length, 0), sentences.length];
  // Widest first, so that every view is aligned: weights, then pairs and ends, then buckets.
  const buffer = new ArrayBuffer(8 * n + 4 * (m + 2 * k) + 2 * n);
  const packed: PassageFeatures = {
    sentences,
    terms,
    ngrams: { weights: new Float64Array(buffer, 0, n), buckets: new Uint16Array(buffer, 8 * n + 4 * (m + 2 * k), n) },
    pairs: new Uint32Array(buffer, 8 * n, m),
    ngramEnds: new Uint32Array(buffer, 8 * n + 4 * m, k),
    pairEnds: new Uint32Array(buffer, 8 * n + 4 * (m + k), k),
  };
  let [ngramAt, pairAt] = [0, 0];
  for (let i = 0; i < k; i++) {
    packed.ngrams.weights.set(ngrams[i]!.weights, ngramAt);
    packed.ngrams.buckets.set(ngrams[i]!.buckets, ngramAt);
    packed.pairs.set(pairs[i]!, pairAt);
    packed.ngramEnds[i] = ngramAt += ngrams[i]!.buckets.length;
    packed.pairEnds[i] = pairAt += pairs[i]!.length;
  }
  return packed;
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
  const cache = new LruCache<number, PassageFeatures>(CACHED_PASSAGES);

  function featuresOf(label: number, { text, article }: Pick<Passage, 'text' | 'article'>): PassageFeatures {
    const cached = cache.get(label);
    if (cached) return cached;
    const lines = text.split('\n');
    const body = lines.length > 1 ? lines.slice(1).join(' ') : text; // skip the heading line
    // Every sentence of an article is about its title's subject, even one that only says "he".
    const titleTerms = article.title ? contentTerms(article.title, processTerm) : [];
    const sentences = splitSentences(body);
    const terms = sentences.map((sentence) => [...new Set([...contentTerms(sentence, processTerm), ...titleTerms])]);
    return cache.set(label, pack(sentences, terms));
  }

  return {
    query: (question) => ({ words: contentWords(question, processTerm), vector: embedNgrams(question), pairs: new Set(wordPairs(question)), seen: new Map() }),
    best(query, label, passage) {
      const { sentences, terms, ngrams, ngramEnds, pairs, pairEnds } = featuresOf(label, passage);
      let best = { sentence: passage.text, score: -Infinity };
      for (let i = 0; i < sentences.length; i++) {
        let shared = 0;
        for (let j = i > 0 ? pairEnds[i - 1]! : 0; j < pairEnds[i]!; j++) if (query.pairs.has(pairs[j]!)) shared++;
        const similarity = dotSparse(query.vector, ngrams, i > 0 ? ngramEnds[i - 1]! : 0, ngramEnds[i]);
        const score = coverage(query.words, terms[i]!, stats, true, query.seen) + 0.25 * similarity + 0.1 * Math.min(shared, 3);
        if (score > best.score) best = { sentence: sentences[i]!, score };
      }
      return best;
    },
  };
}
