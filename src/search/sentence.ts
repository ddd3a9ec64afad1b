import { dotSparse, embedNgrams, ngramFeatures, type SparseFeatures } from '../embed/ngram.ts';
import { fnv1a } from '../text/hash.ts';
import { splitSentences } from '../text/sentences.ts';
import { contentTerms, contentWords, tokenize, type TermProcessor } from '../text/tokens.ts';
import type { Passage } from '../types.ts';
import { RingCache } from './ring-cache.ts';
import { coverage, type TermStats } from './terms.ts';

/**
 * Adjacent word pairs of a text, stopwords included ("هي اخر" in a question finds "هي آخر محافظة"),
 * as distinct 32-bit hashes: a sentence's pairs as strings in a Set were the largest part of the
 * cache. Two different pairs of a question and a sentence share a hash about once in ten million
 * sentences, and then add one pair's 0.1.
 */
function pairHashes(text: string): Set<number> {
  const words = tokenize(text);
  return new Set(words.slice(1).map((w, i) => fnv1a(`${words[i]} ${w}`)));
}
const wordPairs = (text: string): Uint32Array => Uint32Array.from(pairHashes(text));

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
 * The numbers of all its sentences sit end to end in one stretch of bytes (sentence i's n-grams are
 * entries ngramEnds[i - 1]..ngramEnds[i], its word pairs pairEnds[i - 1]..pairEnds[i]), in the
 * cache's ring; strings stay in the heap.
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

/** What the cache keeps in the heap for a passage: its strings and the counts that place its numbers. */
interface Layout {
  sentences: string[];
  terms: string[][];
  /** Counts of n-gram entries (n) and word pairs (m). */
  n: number;
  m: number;
}

/** Widest first, so that every view is aligned: weights, then pairs and ends, then buckets. */
const byteLength = ({ n, m, sentences }: Layout) => 8 * n + 4 * (m + 2 * sentences.length) + 2 * n;

function viewsOf(layout: Layout, buffer: ArrayBuffer, offset: number): PassageFeatures {
  const { sentences, terms, n, m } = layout;
  const k = sentences.length;
  return {
    sentences,
    terms,
    ngrams: { weights: new Float64Array(buffer, offset, n), buckets: new Uint16Array(buffer, offset + 8 * n + 4 * (m + 2 * k), n) },
    pairs: new Uint32Array(buffer, offset + 8 * n, m),
    ngramEnds: new Uint32Array(buffer, offset + 8 * n + 4 * m, k),
    pairEnds: new Uint32Array(buffer, offset + 8 * n + 4 * (m + k), k),
  };
}

export interface SentenceScorer {
  query(question: string): QueryFeatures;
  /** The sentence of a passage that best answers the question, and its score. */
  best(query: QueryFeatures, label: number, passage: Pick<Passage, 'text' | 'article'>): { sentence: string; score: number };
}

/**
 * What the sentence cache keeps: bytes of sentence numbers (~5.5 KB a passage of the bench's
 * corpus, so ~2,300 passages) and passages whose strings stay in the heap. A query reranks 30
 * passages, so this covers many questions' worth.
 */
export const sentenceCacheDefaults = { bytes: 12 * 1024 * 1024, passages: 4000 };

/**
 * Picks the sentence of a passage that best answers the question: the one covering most of the
 * question's informative words (derived forms the stems miss earn partial credit: ARCD hit@1 +0.7
 * points), then character n-gram similarity (which also catches spelling
 * variants the stems miss) and shared word pairs. Model-free, so it costs microseconds whatever the
 * embedder. Its score also ranks passages: an answer sits in one sentence, not scattered over a
 * paragraph.
 */
export function createSentenceScorer(processTerm: TermProcessor, stats: TermStats, cacheSize = sentenceCacheDefaults): SentenceScorer {
  const cache = new RingCache<Layout>(cacheSize.bytes, cacheSize.passages);

  function featuresOf(label: number, { text, article }: Pick<Passage, 'text' | 'article'>): PassageFeatures {
    const cached = cache.get(label);
    if (cached) return viewsOf(cached.meta, cache.bytes, cached.offset);
    const lines = text.split('\n');
    const body = lines.length > 1 ? lines.slice(1).join(' ') : text; // skip the heading line
    // Every sentence of an article is about its title's subject, even one that only says "he".
    const titleTerms = article.title ? contentTerms(article.title, processTerm) : [];
    const sentences = splitSentences(body);
    const terms = sentences.map((sentence) => [...new Set([...contentTerms(sentence, processTerm), ...titleTerms])]);
    const ngrams = sentences.map((sentence) => ngramFeatures(sentence));
    const pairs = sentences.map(wordPairs);
    const layout = {
      sentences,
      terms,
      n: ngrams.reduce((sum, f) => sum + f.buckets.length, 0),
      m: pairs.reduce((sum, p) => sum + p.length, 0),
    };
    const record = cache.set(label, layout, byteLength(layout));
    const features = record ? viewsOf(layout, cache.bytes, record.offset) : viewsOf(layout, new ArrayBuffer(byteLength(layout)), 0);
    let [ngramAt, pairAt] = [0, 0];
    for (let i = 0; i < layout.sentences.length; i++) {
      features.ngrams.weights.set(ngrams[i]!.weights, ngramAt);
      features.ngrams.buckets.set(ngrams[i]!.buckets, ngramAt);
      features.pairs.set(pairs[i]!, pairAt);
      features.ngramEnds[i] = ngramAt += ngrams[i]!.buckets.length;
      features.pairEnds[i] = pairAt += pairs[i]!.length;
    }
    return features;
  }

  return {
    query: (question) => ({
      words: contentWords(question, processTerm),
      vector: embedNgrams(question),
      pairs: pairHashes(question),
      seen: new Map(),
    }),
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
