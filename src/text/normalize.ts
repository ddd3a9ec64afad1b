/**
 * Arabic-aware normalization for matching only: the stored and displayed text is never changed.
 * Each rule folds spellings that readers treat as the same word (hamza seats, taa marbuta, Persian
 * letters in Arabic text, Eastern digits), so "اذربيجان" finds "أذربيجان" and "روسيه" finds "روسية".
 */

/** Characters that carry no meaning for matching or display: BOM, zero-width and bidi controls, soft hyphen. */
export const INVISIBLE = /[\u00AD\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;

const DIACRITICS = /[\u0610-\u061A\u064B-\u065F\u0670\u06D6-\u06ED]/g;
const TATWEEL = /\u0640/g;

const LETTER_FOLDS: [RegExp, string][] = [
  [/[أإآٱ]/g, 'ا'], // hamza/madda seats on alef are often dropped in informal writing
  [/ؤ/g, 'و'],
  [/ئ/g, 'ي'],
  [/[ىی]/g, 'ي'], // alef maqsura and Persian yeh are written for final yeh
  [/ة/g, 'ه'], // taa marbuta is commonly typed as haa
  [/ک/g, 'ك'], // Persian keheh, seen in scraped tag lines
];

/** Eastern Arabic (U+0660–9) and Persian (U+06F0–9) digits share their low nibble with the digit value. */
export function foldDigits(text: string): string {
  return text.replace(/[\u0660-\u0669\u06F0-\u06F9]/g, (d) => String(d.charCodeAt(0) & 0xf));
}

/** Normalizes text for matching: NFKC, invisibles removed, Arabic letters folded, digits to ASCII, lower case. */
export function normalizeForMatch(text: string): string {
  let out = foldDigits(text.normalize('NFKC').replace(INVISIBLE, ''))
    .replace(DIACRITICS, '')
    .replace(TATWEEL, '');
  for (const [pattern, replacement] of LETTER_FOLDS) out = out.replace(pattern, replacement);
  return out.toLowerCase();
}
