import snowball from 'snowball-stemmers';
import { affixReading } from './affixes.ts';

export type StemmerName = 'light10' | 'snowball' | 'none';

const LIGHT10_PREFIXES = ['وال', 'بال', 'كال', 'فال', 'لل', 'ال'];
/** Light10's suffixes after normalization (ة→ه, ى→ي), longest first. */
const LIGHT10_SUFFIXES = ['ها', 'ان', 'ات', 'ون', 'وا', 'ين', 'يه', 'ه', 'ا', 'ي'];

/** Shortest stem light10 may leave; at 2 (the original) "امين" → "ام" and "قره" → "قر" collide with unrelated words. */
const MIN_STEM = 3;

/**
 * Larkey et al.'s light10 stemmer on normalized text: strips a leading "و", one definite-article
 * prefix and then suffixes, keeping at least MIN_STEM letters. Light stemming suits retrieval better
 * than root extraction, which merges unrelated words.
 */
export function light10(word: string): string {
  // As the conjunction, "و" is followed by a word of 4+ letters; shorter words keep it ("وقعت").
  return stripAffixes(word.length >= 5 && word.startsWith('و') ? word.slice(1) : word);
}

/**
 * A leading "و" is either the conjunction or the word's first letter ("وضعتها", "وزارة"), and no
 * light stemmer can tell which. Both readings are returned, so that "وضعتها" still meets "وضعت".
 */
export function light10Readings(word: string): string[] {
  const stem = light10(word);
  const kept = word.startsWith('و') ? stripAffixes(word) : stem;
  return kept === stem ? [stem] : [stem, kept];
}

function stripAffixes(word: string): string {
  let w = word;
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

/**
 * Light10's readings plus the dictionary's stem (affixes.ts), which takes off what light10's fixed
 * lists miss ("وبسكانها" → سكان, "سقطت" → سقط). Kept as Hunspell gives it: light-stemming it again
 * lost on ARCD (hit@1 0.808 against 0.810).
 */
function light10WithDictionary(word: string): string[] {
  const readings = light10Readings(word);
  const stem = affixReading(word);
  return stem === null || readings.includes(stem) ? readings : [...readings, stem];
}

const arabicSnowball = snowball.newStemmer('arabic');
const englishSnowball = snowball.newStemmer('english');
const ARABIC_LETTER = /[\u0600-\u06FF]/;

/** Returns the stemmer (one or more readings per word) for Arabic words; Latin words get English Snowball. */
export function createStemmer(name: StemmerName): (word: string) => string | string[] {
  const arabic =
    name === 'light10' ? light10WithDictionary : name === 'snowball' ? (w: string) => arabicSnowball.stem(w) : (w: string) => w;
  return (word) => (ARABIC_LETTER.test(word) ? arabic(word) : name === 'none' ? word : englishSnowball.stem(word));
}
