import { ara, eng } from 'stopword';
import { normalizeForMatch } from './normalize.ts';
import { createStemmer, type StemmerName } from './stem.ts';

/** Runs of letters or digits; everything else (punctuation, quotes, symbols) separates words. */
const WORD = /[\p{L}\p{N}]+/gu;

/** Splits text into normalized words (no stopword removal, no stemming). */
export function tokenize(text: string): string[] {
  return normalizeForMatch(text).match(WORD) ?? [];
}

/**
 * Question words and fillers that the stock Arabic list lacks; they never carry the answer. Their
 * common run-together and colloquial spellings ("ماهو", "اللتى", "مين") too: an unknown word weighs
 * most in coverage, so a question typed that way looked unanswered.
 */
const EXTRA_STOPWORDS = ['ماذا', 'لماذا', 'متى', 'كم', 'هل', 'اي', 'بماذا', 'لمن', 'عن', 'ما', 'هو', 'هي', 'ماهو', 'ماهي', 'ماهى', 'مالذي', 'اللتي', 'اللتى', 'مين', 'what', 'who', 'which', 'why', 'how', 'when', 'where'];

/**
 * Words of the stock Arabic list that carry content in news: numbers and quantities (answers to "كم"),
 * "وقف" (as in وقف إطلاق النار), force, visit, years and month names, agency and UN prefixes, and
 * "آمين", which normalizes to "امين" (secretary, as in الأمين العام).
 */
const CONTENT_WORDS = new Set(
  ['آمين', 'زيارة', 'قوة', 'وقف', 'مليار', 'مليون', 'ايار', 'مايو', 'سنة', 'سنوات', 'عام', 'عاما', 'عامة', 'صفر', 'اعادة', 'اطار', 'برس', 'لوكالة', 'للامم', 'شخصا', 'واحد', 'ثلاثة', 'اربعة', 'عشر', 'عشرة', 'الف', 'ايام', 'يوم'].flatMap(tokenize),
);

export const STOPWORDS: ReadonlySet<string> = new Set(
  [...ara, ...eng, ...EXTRA_STOPWORDS].flatMap((w) => tokenize(w)).filter((w) => !CONTENT_WORDS.has(w)),
);

/** The function handed to the lexical index: normalized word → indexed term(s), or null for a stopword. */
export type TermProcessor = (word: string) => string | string[] | null;

/**
 * Number words one to ten (normalized), so "المحافظات السبع" and "7 محافظات" share a term. A Map, not
 * an object literal: words come from questions and scraped pages, and "constructor" must not find
 * Object.prototype's.
 */
const NUMBER_WORDS = new Map(
  Object.entries({
    واحد: '1', احد: '1', اثنان: '2', اثنين: '2', ثلاث: '3', ثلاثه: '3', اربع: '4', اربعه: '4', خمس: '5', خمسه: '5',
    سته: '6', سبع: '7', سبعه: '7', ثماني: '8', ثمانيه: '8', تسع: '9', تسعه: '9', عشر: '10', عشره: '10',
  }),
);
const NUMBER_PREFIX = /^(وال|ال|و)(?=..)/;

function numberValue(word: string): string | undefined {
  return NUMBER_WORDS.get(word) ?? NUMBER_WORDS.get(word.replace(NUMBER_PREFIX, ''));
}

/** Words whose terms are remembered: a corpus repeats its vocabulary, and the dictionary stem costs ~60 lookups. */
const TERM_CACHE_SIZE = 200_000;

export function createTermProcessor(stemmer: StemmerName): TermProcessor {
  const stem = createStemmer(stemmer);
  const cache = new Map<string, string | string[] | null>();
  return (word) => {
    let terms = cache.get(word);
    if (terms === undefined) {
      terms = STOPWORDS.has(word) ? null : (numberValue(word) ?? stem(word));
      if (cache.size >= TERM_CACHE_SIZE) cache.clear();
      cache.set(word, terms);
    }
    return terms;
  };
}

/** Content terms of a text: tokenized, stopwords dropped, stemmed (every reading of each word). */
export function contentTerms(text: string, processTerm: TermProcessor): string[] {
  return tokenize(text).flatMap((word) => processTerm(word) ?? []);
}

/** The content words of a question, each as its list of readings (usually one). */
export function contentWords(text: string, processTerm: TermProcessor): string[][] {
  return tokenize(text).flatMap((word) => {
    const terms = processTerm(word);
    return terms === null ? [] : [typeof terms === 'string' ? [terms] : terms];
  });
}
