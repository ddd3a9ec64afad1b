import snowball from 'snowball-stemmers';

export type StemmerName = 'light10' | 'snowball' | 'none';

const LIGHT10_PREFIXES = ['وال', 'بال', 'كال', 'فال', 'لل', 'ال'];
/** Light10's suffixes after normalization (ة→ه, ى→ي), longest first. */
const LIGHT10_SUFFIXES = ['ها', 'ان', 'ات', 'ون', 'ين', 'يه', 'ه', 'ي'];

/** Shortest stem light10 may leave; at 2 (the original) "امين" → "ام" and "قره" → "قر" collide with unrelated words. */
const MIN_STEM = 3;

/**
 * Larkey et al.'s light10 stemmer on normalized text: strips a leading "و", one definite-article
 * prefix and then suffixes, keeping at least MIN_STEM letters. Light stemming suits retrieval better
 * than root extraction, which merges unrelated words.
 */
export function light10(word: string): string {
  let w = word;
  // "و" starts many words ("وزاره", "وقعت"); as the conjunction it is followed by a word of 4+ letters.
  if (w.length >= 5 && w.startsWith('و')) w = w.slice(1);
  for (const prefix of LIGHT10_PREFIXES) {
    if (w.startsWith(prefix) && w.length - prefix.length >= MIN_STEM) {
      w = w.slice(prefix.length);
      break;
    }
  }
  for (const suffix of LIGHT10_SUFFIXES) {
    if (w.length - suffix.length >= MIN_STEM && w.endsWith(suffix)) w = w.slice(0, -suffix.length);
  }
  return w;
}

const arabicSnowball = snowball.newStemmer('arabic');
const englishSnowball = snowball.newStemmer('english');
const ARABIC_LETTER = /[\u0600-\u06FF]/;

/** Returns the stemmer for Arabic words; Latin words always get the English Snowball stemmer. */
export function createStemmer(name: StemmerName): (word: string) => string {
  const arabic =
    name === 'light10' ? light10 : name === 'snowball' ? (w: string) => arabicSnowball.stem(w) : (w: string) => w;
  return (word) => (ARABIC_LETTER.test(word) ? arabic(word) : name === 'none' ? word : englishSnowball.stem(word));
}
