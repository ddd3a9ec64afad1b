import type { Config } from '../config.ts';
import { embedderForIndex } from '../embed/create.ts';
import { dotSparse, ngramFeatures } from '../embed/ngram.ts';
import type { Embedder, EmbedderInfo } from '../embed/embedder.ts';
import { UserError } from '../errors.ts';
import type { Logger } from '../log.ts';
import { isEnglish, understandEnglish, type IndexVocabulary } from '../translate/english.ts';
import { contentTerms, contentWords, createTermProcessor, tokenize, type TermProcessor } from '../text/tokens.ts';
import type { Passage, SearchResponse, SourceView } from '../types.ts';
import { isConfident } from './confidence.ts';
import { catalogOf, passageFilter, type SearchFilter } from './filter.ts';
import { fuseRankings } from './fusion.ts';
import type { Manifest } from './manifest.ts';
import { validateQuestion } from './question.ts';
import { findPartial, partialLine, type QuestionUnit } from './partial.ts';
import { createStoryGrouper } from './same-story.ts';
import { createSentenceScorer } from './sentence.ts';
import type { LexicalHit } from './lexical.ts';
import type { PassageStore } from './passage-store.ts';
import { graphFor, reloadDefaults, type ReloadTunables } from './reload.ts';
import { closeIndex, readIndexWithoutGraph, type IndexData } from './store.ts';
import type { LabelFilter, VectorHit } from './vector.ts';
import { coverage, type TermStats } from './terms.ts';

export interface IndexStats {
  files: number;
  articles: number;
  passages: number;
  publishers: string[];
  /** Earliest and latest stated publication dates (ISO), null when no article states one. */
  dateRange: { from: string | null; to: string | null };
  embedder: EmbedderInfo;
  builtAt: string;
}

/**
 * What a search may be narrowed to (`publisher`: one of publishers(), spelling folded; `since`/`until`:
 * `2023`, `2023-09` or `2023-09-20`, inclusive) and how many results it returns.
 */
export interface SearchOptions extends SearchFilter {
  limit?: number;
}

/** One loaded index plus the embedder that built it: the single search entry point of the CLI and the bot. */
export interface Searcher {
  readonly manifest: Manifest;
  /**
   * Validates the question (throws UserError for empty, punctuation-only or over-long ones) and the
   * filter (UserError for a bad date or an outlet the index does not have), and searches.
   */
  search(query: string, options?: SearchOptions): Promise<SearchResponse>;
  /** Throws UserError for an unknown id. */
  source(id: string): SourceView;
  /** For autocomplete: passages whose id starts with `typed`, then passages containing its words. */
  suggest(typed: string, limit?: number): Passage[];
  stats(): IndexStats;
  /** The outlets articles state, for autocomplete: spelling variants merged, most passages first. */
  publishers(): string[];
  /** Releases the index's open file; call once no search is running on it (the bot does after a reload). */
  close(): Promise<void>;
}

export const searchDefaults = {
  /** Results returned when the caller does not say. */
  limit: 5,
  /** Candidates taken from each of the vector and keyword lists before fusion. */
  candidates: 50,
  /**
   * Leading fused candidates reranked by their best sentence (10–50 scored the same on the dev set; on
   * ARCD 50 beat 30 by 0.1–0.2 points but cost 5× the query time at 10k passages: README, "Measured").
   */
  reranked: 30,
  /** Passages shown on each side of a cited one. */
  neighbours: 1,
  /** BM25 weight of the article title's field against 1 for the passage text. */
  titleWeight: 1,
  /** Leading results whose best lexical match decides confidence (the bot shows 3 a page). */
  confidenceDepth: 3,
};

/**
 * Say of the vector list in fusion, against 1 for keywords and 1 for sentences. Hashed n-grams have no
 * idea which words matter, so they get half a say; the model is a full, independent signal.
 */
const VECTOR_WEIGHT = { ngram: 0.5, transformers: 1 } as const;

/**
 * Models loaded by this process, by what the manifest records: the bot reloads the index after every
 * build, and loading the model again would cost seconds and a second copy of its weights.
 */
const models = new Map<string, Promise<Embedder>>();

function embedderFor(info: EmbedderInfo, config: Config, indexDir: string): Promise<Embedder> {
  const { embed, paths } = config;
  if (info.kind === 'ngram') return embedderForIndex(info, embed, paths.modelsDir, indexDir);
  const key = JSON.stringify([info, embed, paths.modelsDir]);
  let model = models.get(key);
  if (!model) {
    model = embedderForIndex(info, embed, paths.modelsDir, indexDir);
    models.set(key, model);
    model.catch(() => models.delete(key));
  }
  return model;
}

/** The index behind each searcher this process opened, so that a reload can update its graph in place. */
const opened = new WeakMap<Searcher, IndexData>();

export interface OpenSearcherOptions {
  indexDir: string;
  config: Config;
  log: Logger;
  /**
   * The searcher serving until now, when this one replaces it (the bot's reload): if the index is an
   * update of it, its vector list is updated in place and shared; if the index is large and not, its
   * vector list is freed before the new one loads (src/search/reload.ts). It keeps answering meanwhile.
   */
  previous?: Searcher;
  reload?: Partial<ReloadTunables>;
}

export async function openSearcher(options: OpenSearcherOptions): Promise<Searcher> {
  const { indexDir, log } = options;
  const data = await readIndexWithoutGraph(indexDir);
  try {
    const embedder = await embedderFor(data.manifest.embedder, options.config, indexDir);
    if (data.manifest.embedder.kind !== 'ngram') {
      const served = options.previous ? (opened.get(options.previous) ?? null) : null;
      const { vectors, how } = await graphFor(indexDir, data, served, { ...reloadDefaults, ...options.reload }, log);
      data.vectors = vectors;
      if (options.previous) log.info(`vector list ${how}`, { dir: indexDir });
    }
    log.debug('Index loaded.', { dir: indexDir, passages: data.passages.count });
    const searcher = createSearcher(data, embedder);
    data.vectors?.acquire();
    opened.set(searcher, data);
    return searcher;
  } catch (error) {
    await closeIndex(data);
    throw error;
  }
}

function createSearcher(data: IndexData, embedder: Embedder): Searcher {
  const { manifest, passages, vectors, ngramVectors, lexical } = data;
  const { terms } = lexical;
  const processTerm = createTermProcessor(manifest.text.stemmer);
  const scorer = createSentenceScorer(processTerm, terms);
  const order = (label: number) => passages.orderOf(label);
  const catalog = catalogOf(passages.table.list.articles, Int32Array.from({ length: passages.slots }, (_, slot) => (passages.isLive(slot) ? passages.articleOf(slot) : -1)));
  const groupStories = createStoryGrouper(passages);
  const vocabulary = indexVocabulary(passages, (text) => contentWords(text, processTerm), terms);

  /**
   * The model's vectors are searched in HNSW. The offline embedder's vectors rank the keyword
   * candidates instead: an HNSW graph of n-gram vectors cost 4 KB a passage in memory for the same
   * quality (README, "Memory and speed").
   */
  async function vectorSearch(question: string, candidates: LexicalHit[], filter: LabelFilter | undefined): Promise<VectorHit[]> {
    const query = await embedder.embedQuery(question);
    // The graph may be shared with a newer index (updated in place): only this index's slots count.
    if (vectors) return vectors.search(query, searchDefaults.candidates, filter, passages.slots);
    return candidates
      .map(({ label }) => ({ label, similarity: ngramVectors!.similarity(query, label) }))
      .sort((a, b) => b.similarity - a.similarity || order(a.label) - order(b.label));
  }

  async function search(query: string, options: SearchOptions = {}): Promise<SearchResponse> {
    const original = validateQuestion(query);
    const limit = options.limit ?? searchDefaults.limit;
    // Without the model, an English question is searched as the Arabic words the articles use for it.
    const understood = embedder.info.kind !== 'transformers' && isEnglish(original) ? understandEnglish(original, vocabulary) : undefined;
    const placed = understood?.filter((t) => t.arabic.length > 0);
    const question = placed?.length ? placed.flatMap((t) => t.arabic).join(' ') : original;
    // A filter narrows the candidate lists themselves (not their top), so `limit` results come back
    // whenever that many allowed passages match; the reranking and fusion below only see those.
    const filter = passageFilter(options, catalog);
    const lexicalHits = lexical.search(question, searchDefaults.candidates, {
      order,
      allows: filter?.allows,
      boost: { text: 1, title: searchDefaults.titleWeight },
    });
    const vectorHits = await vectorSearch(question, lexicalHits, filter ?? undefined);
    // Vector and keyword lists find candidates; the best-sentence score then reranks the leaders,
    // because an answer sits in one sentence, not scattered across a paragraph.
    const retrieved = [
      { labels: vectorHits.map((h) => h.label), weight: VECTOR_WEIGHT[manifest.embedder.kind] },
      { labels: lexicalHits.map((h) => h.label), weight: 1 },
    ];
    const asked = scorer.query(question);
    const sentences = new Map(
      fuseRankings(retrieved, order)
        .slice(0, searchDefaults.reranked)
        .map(({ label }) => [label, scorer.best(asked, label, passages.get(label))]),
    );
    const bySentence = [...sentences].sort((a, b) => b[1].score - a[1].score).map(([label]) => label);
    const fused = fuseRankings([...retrieved, { labels: bySentence, weight: 1 }], order);
    const scores = new Map(fused.map(({ label, score }) => [label, score]));
    // The same story told by several outlets takes one result slot and lists the others.
    const stories = groupStories([...scores.keys()], limit);
    // Each result is read from disk once; the first few also decide partial answers and confidence.
    const shown = stories.map(({ label }) => passages.get(label));
    const termsOf = (passage: Passage) => new Set(contentTerms(`${passage.article.title ?? ''}\n${passage.text}`, processTerm));
    const leading = shown.slice(0, searchDefaults.confidenceDepth).map((passage) => ({ passage, terms: termsOf(passage) }));
    const top = leading[0] ?? null;
    const units = understood ? englishUnits(understood, processTerm) : questionUnits(original, processTerm);
    // Partial answers speak of words that were searched, not of English words with no Arabic.
    const searchedUnits = understood ? units.filter((_, i) => understood[i]!.arabic.length > 0) : units;
    const partial = top ? findPartial(searchedUnits, top.terms, terms) : null;
    const askedWords = understood ? units.map((u) => u.readings) : asked.words;
    // Confident when one of the passages a reader sees first covers the question: an answer at rank 2
    // is still an answer (README, "Confidence").
    const best = leading
      .map(({ passage, terms: passageTerms }) => ({
        coverage: coverage(askedWords, passageTerms, terms, true),
        overlap: dotSparse(asked.vector, ngramFeatures(passage.text)),
      }))
      .reduce((a, b) => (b.coverage + b.overlap > a.coverage + a.overlap ? b : a), { coverage: 0, overlap: 0 });
    const signals = { ...best, similarity: vectorHits[0]?.similarity ?? 0 };
    return {
      query: original,
      ...(understood ? { understood } : {}),
      // A translated question has lost its small words; a missing rare one is then too much to guess past.
      confident: top !== null && isConfident(signals, manifest.embedder.kind) && !(understood && partial),
      ...(partial ? { partial: partialLine(partial, understood !== undefined) } : {}),
      results: stories.map(({ label, repeats }, i) => {
        const passage = shown[i]!;
        const sentence = sentences.get(label) ?? scorer.best(asked, label, passage);
        return { passage, score: scores.get(label)!, sentence: sentence.sentence, alsoIn: repeats.map((r) => passages.get(r)) };
      }),
      skippedUndated: filter?.skippedUndated ?? 0,
      filter: filter?.applied ?? null,
    };
  }

  function source(id: string): SourceView {
    const label = passages.slotOf(id.trim().toLowerCase());
    if (label === undefined)
      throw new UserError(`There is no passage with id "${id.trim()}": ids are shown next to each answer of \`ask\` (or /ask).`, 'unknown-id');
    const article = passages.articleOf(label);
    const n = searchDefaults.neighbours;
    const around = (from: number, to: number) =>
      Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i)
        .filter((slot) => slot >= 0 && slot < passages.slots && passages.isLive(slot) && passages.articleOf(slot) === article)
        .map((slot) => passages.get(slot));
    return { passage: passages.get(label), before: around(label - n, label), after: around(label + 1, label + 1 + n) };
  }

  function suggest(typed: string, limit = 25): Passage[] {
    const prefix = typed.trim().toLowerCase();
    const labels: number[] = [];
    const { ids } = passages.table.list;
    for (let slot = 0; slot < ids.length && labels.length < limit; slot++) if (ids[slot] && ids[slot]!.startsWith(prefix)) labels.push(slot);
    if (tokenize(typed).length > 0) labels.push(...lexical.searchPrefix(typed, limit).map((h) => h.label));
    return [...new Set(labels)].slice(0, limit).map((slot) => passages.get(slot));
  }

  function stats(): IndexStats {
    const articles = passages.liveArticles();
    const dates = articles.flatMap((a) => a.published ?? []).sort();
    return {
      files: manifest.counts.files,
      articles: manifest.counts.articles,
      passages: passages.count,
      publishers: [...new Set(articles.flatMap((a) => a.publisher ?? []))].sort(),
      dateRange: { from: dates[0] ?? null, to: dates.at(-1) ?? null },
      embedder: manifest.embedder,
      builtAt: manifest.builtAt,
    };
  }

  let closed = false;
  async function close(): Promise<void> {
    // A graph shared with a newer searcher (updated in place) stays for it; the last one frees it.
    if (!closed) vectors?.relinquish();
    closed = true;
    await closeIndex(data);
  }

  return { manifest, search, source, suggest, stats, publishers: () => [...catalog.publishers], close };
}

/** The index's words, for translating English questions: which Arabic it contains, and its spellings. */
function indexVocabulary(passages: PassageStore, words: (text: string) => string[][], terms: TermStats): IndexVocabulary {
  let counts: Map<string, number> | undefined;
  return {
    contains(arabic) {
      const content = words(arabic);
      return content.length > 0 && content.every((readings) => readings.some((term) => terms.df(term) > 0));
    },
    words() {
      if (!counts) {
        counts = new Map();
        for (const slot of passages.liveSlots()) for (const word of tokenize(passages.text(slot))) counts.set(word, (counts.get(word) ?? 0) + 1);
      }
      return counts;
    },
  };
}

/**
 * The understood terms of an English question. A word with no Arabic in the index keeps its own
 * spelling as its reading: it weighs as an unknown word and is never covered, so "the weather in
 * Paris" does not pass for a question about Paris.
 */
function englishUnits(understood: NonNullable<SearchResponse['understood']>, processTerm: TermProcessor): QuestionUnit[] {
  return understood.map((t) => ({
    display: t.english,
    readings: t.arabic.length > 0 ? t.arabic.flatMap((a) => contentWords(a, processTerm).flat()) : [t.english.toLowerCase()],
  }));
}

/** The content words of an Arabic question as written, each with its readings. */
function questionUnits(question: string, processTerm: TermProcessor): QuestionUnit[] {
  return (question.match(/[\p{L}\p{M}\p{N}]+/gu) ?? []).flatMap((display) => {
    const readings = contentWords(display, processTerm).flat();
    return readings.length > 0 ? [{ display, readings }] : [];
  });
}
