/**
 * Finds how the corpus spells a Latin name: "Putin" → بوتين, "Aliyev" → علييف. The name becomes a
 * pattern of Arabic letters (each Latin consonant any of the letters it is written with, each vowel
 * an optional long vowel) and is matched against the index's own words, so only spellings the
 * articles use can come out.
 */
const DIGRAPHS: [string, string][] = [
  ['kh', 'خ'], ['gh', 'غ'], ['sh', 'ش'], ['ch', '(?:تش|ش)'], ['zh', '[جز]'], ['th', '[ثت]'], ['ph', 'ف'], ['ts', 'تس'], ['dzh', 'ج'], ['dj', 'ج'],
];
const CONSONANTS: Record<string, string> = {
  b: 'ب', p: 'ب', t: '[تط]', d: '[دض]', f: 'ف', v: '[فو]', g: '[غجك]', h: '[هح]', j: '[جي]', k: '[كق]', q: '[قك]',
  l: 'ل', m: 'م', n: 'ن', r: 'ر', s: '[سص]', z: '[زذظ]', w: 'و', x: 'كس', y: 'ي', c: '[كس]',
};
/** A vowel is usually unwritten inside a word, or a long vowel; a leading one needs a carrier (ا or ع). */
const VOWEL_INSIDE = '[اويع]?';
const VOWEL_FIRST = '[اعي]';

/** A RegExp for the Arabic spellings of a Latin name (lower case ASCII letters), or null when too short. */
export function namePattern(name: string): RegExp | null {
  const latin = name.toLowerCase().replace(/[^a-z]/g, '').replace(/(.)\1+/g, '$1');
  if (latin.length < 4) return null;
  let out = '';
  for (let i = 0; i < latin.length; ) {
    const digraph = DIGRAPHS.find(([l]) => latin.startsWith(l, i));
    if (digraph) {
      out += digraph[1];
      i += digraph[0].length;
      continue;
    }
    const c = latin[i]!;
    out += 'aeiou'.includes(c) ? (i === 0 ? VOWEL_FIRST : VOWEL_INSIDE) : CONSONANTS[c]!;
    i++;
  }
  // Arabic attaches the article and one-letter particles to the name.
  return new RegExp(`^(?:ال|وال|و|ب|ل)?(${out})$`);
}

/** The corpus's most frequent spelling of a Latin name, or null. `words`: normalized word → count. */
export function matchName(name: string, words: ReadonlyMap<string, number>): string | null {
  const pattern = namePattern(name);
  if (!pattern) return null;
  let best: { word: string; count: number } | null = null;
  for (const [word, count] of words) {
    const m = pattern.exec(word);
    if (m && m[1]!.length >= 3 && (!best || count > best.count)) best = { word: m[1]!, count };
  }
  return best?.word ?? null;
}
