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
import { createCatalog, passageFilter, type SearchFilter } from './filter.ts';
import { fuseRankings } from './fusion.ts';
import type { Manifest } from './manifest.ts';
import { validateQuestion } from './question.ts';
import { findPartial, partialLine, type QuestionUnit } from './partial.ts';
import { createStoryGrouper } from './same-story.ts';
import { createSentenceScorer } from './sentence.ts';
import { readIndexFiles, type IndexData } from './store.ts';
import { coverage } from './terms.ts';

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
};

/**
 * Say of the vector list in fusion, against 1 for keywords and 1 for sentences. Hashed n-grams have no
 * idea which words matter, so they get half a say; the model is a full, independent signal.
 */
const VECTOR_WEIGHT = { ngram: 0.5, transformers: 1 } as const;

export async function openSearcher(options: { indexDir: string; config: Config; log: Logger }): Promise<Searcher> {
  const data = readIndexFiles(options.indexDir);
  const { embed, paths } = options.config;
  const embedder = await embedderForIndex(data.manifest.embedder, embed, paths.modelsDir, options.indexDir);
  options.log.debug('Index loaded.', { dir: options.indexDir, passages: data.passages.length });
  return createSearcher(data, embedder);
}

function createSearcher(data: IndexData, embedder: Embedder): Searcher {
  const { manifest, passages, vectors, lexical } = data;
  const { terms } = lexical;
  const processTerm = createTermProcessor(manifest.text.stemmer);
  const scorer = createSentenceScorer(processTerm, terms);
  const byId = new Map(passages.map((p, label) => [p.id, label]));
  const catalog = createCatalog(passages);
  const groupStories = createStoryGrouper(passages);
  const vocabulary = indexVocabulary(passages, (text) => contentWords(text, processTerm), terms.df);

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
    const vectorHits = vectors.search(await embedder.embedQuery(question), searchDefaults.candidates, filter ?? undefined);
    const lexicalHits = lexical.search(question, searchDefaults.candidates, filter?.allows, searchDefaults.titleWeight);
    // Vector and keyword lists find candidates; the best-sentence score then reranks the leaders,
    // because an answer sits in one sentence, not scattered across a paragraph.
    const retrieved = [
      { labels: vectorHits.map((h) => h.label), weight: VECTOR_WEIGHT[manifest.embedder.kind] },
      { labels: lexicalHits.map((h) => h.label), weight: 1 },
    ];
    const asked = scorer.query(question);
    const sentences = new Map(
      fuseRankings(retrieved)
        .slice(0, searchDefaults.reranked)
        .map(({ label }) => [label, scorer.best(asked, label, passages[label]!)]),
    );
    const bySentence = [...sentences].sort((a, b) => b[1].score - a[1].score).map(([label]) => label);
    const fused = fuseRankings([...retrieved, { labels: bySentence, weight: 1 }]);
    const scores = new Map(fused.map(({ label, score }) => [label, score]));
    // The same story told by several outlets takes one result slot and lists the others.
    const stories = groupStories([...scores.keys()], limit);
    const top = stories[0] ? passages[stories[0].label]! : null;
    const topTerms = new Set(top ? contentTerms(`${top.article.title ?? ''}\n${top.text}`, processTerm) : []);
    const units = understood ? englishUnits(understood, processTerm) : questionUnits(original, processTerm);
    // Partial answers speak of words that were searched, not of English words with no Arabic.
    const searchedUnits = understood ? units.filter((_, i) => understood[i]!.arabic.length > 0) : units;
    const partial = top ? findPartial(searchedUnits, topTerms, terms) : null;
    const signals = {
      coverage: top ? coverage(understood ? units.map((u) => u.readings) : asked.words, topTerms, terms, true) : 0,
      overlap: top ? dotSparse(asked.vector, ngramFeatures(top.text)) : 0,
      similarity: vectorHits[0]?.similarity ?? 0,
    };
    return {
      query: original,
      ...(understood ? { understood } : {}),
      // A translated question has lost its small words; a missing rare one is then too much to guess past.
      confident: top !== null && isConfident(signals, manifest.embedder.kind) && !(understood && partial),
      ...(partial ? { partial: partialLine(partial, understood !== undefined) } : {}),
      results: stories.map(({ label, repeats }) => {
        const passage = passages[label]!;
        const sentence = sentences.get(label) ?? scorer.best(asked, label, passage);
        return { passage, score: scores.get(label)!, sentence: sentence.sentence, alsoIn: repeats.map((r) => passages[r]!) };
      }),
      skippedUndated: filter?.skippedUndated ?? 0,
      filter: filter?.applied ?? null,
    };
  }

  function source(id: string): SourceView {
    const label = byId.get(id.trim().toLowerCase());
    if (label === undefined)
      throw new UserError(`There is no passage with id "${id.trim()}": ids are shown next to each answer of \`ask\` (or /ask).`, 'unknown-id');
    const passage = passages[label]!;
    const sameArticle = (p: Passage | undefined): p is Passage => p !== undefined && p.article === passage.article;
    const n = searchDefaults.neighbours;
    return {
      passage,
      before: passages.slice(Math.max(0, label - n), label).filter(sameArticle),
      after: passages.slice(label + 1, label + 1 + n).filter(sameArticle),
    };
  }

  function suggest(typed: string, limit = 25): Passage[] {
    const prefix = typed.trim().toLowerCase();
    const byPrefix = passages.filter((p) => p.id.startsWith(prefix));
    const byWords = tokenize(typed).length > 0 ? lexical.searchPrefix(typed, limit).map((h) => passages[h.label]!) : [];
    return [...new Set([...byPrefix, ...byWords])].slice(0, limit);
  }

  function stats(): IndexStats {
    const articles = [...new Set(passages.map((p) => p.article))];
    const dates = articles.flatMap((a) => a.published ?? []).sort();
    return {
      files: manifest.counts.files,
      articles: manifest.counts.articles,
      passages: passages.length,
      publishers: [...new Set(articles.flatMap((a) => a.publisher ?? []))].sort(),
      dateRange: { from: dates[0] ?? null, to: dates.at(-1) ?? null },
      embedder: manifest.embedder,
      builtAt: manifest.builtAt,
    };
  }

  return { manifest, search, source, suggest, stats, publishers: () => [...catalog.publishers] };
}

/** The index's words, for translating English questions: which Arabic it contains, and its spellings. */
function indexVocabulary(passages: Passage[], words: (text: string) => string[][], df: Record<string, number>): IndexVocabulary {
  let counts: Map<string, number> | undefined;
  return {
    contains(arabic) {
      const content = words(arabic);
      return content.length > 0 && content.every((readings) => readings.some((term) => (df[term] ?? 0) > 0));
    },
    words() {
      if (!counts) {
        counts = new Map();
        for (const p of passages) for (const word of tokenize(p.text)) counts.set(word, (counts.get(word) ?? 0) + 1);
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
