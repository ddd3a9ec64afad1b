/**
 * Bidirectional text helpers, shared by the bot and the CLI. Discord lays out each line of an embed
 * (and a bidi-aware terminal each line of output) with the Unicode bidi algorithm, taking the line's
 * direction from its first strong character. Our replies mix English
 * labels, Arabic passages and Latin ids/dates/file names, so:
 * - every line of passage text that contains Arabic starts with RLM, making the line right-to-left
 *   even when it opens with a digit, a Latin name or a markdown marker; a line with no Arabic at all
 *   (a quoted tweet's byline, say) keeps its natural left-to-right layout;
 * - values we insert next to text of the other direction are isolated: Latin ids, dates and file
 *   names in LRI…PDI, Arabic titles and publishers (and the user's question) in FSI…PDI, so they
 *   can neither reorder their neighbours nor be reordered by them;
 * - ids shown for copying sit alone inside a code span with no controls in it, and `/source`
 *   strips bidi controls from what it receives in case some were copied anyway.
 */
export const RLM = '\u200F';
export const LRI = '\u2066';
export const FSI = '\u2068';
export const PDI = '\u2069';

/** A left-to-right value (id, ISO date, file name) embedded in text of either direction. */
export function isolateLtr(text: string): string {
  return LRI + text + PDI;
}

/** A value whose direction follows its own first strong character (Arabic titles, user input). */
export function isolate(text: string): string {
  return FSI + text + PDI;
}

const rtlLetter = /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF]/;

/** Makes every line that contains Arabic (or Hebrew) right-to-left regardless of how it starts. */
export function rtlLines(text: string): string {
  return text
    .split('\n')
    .map((line) => (rtlLetter.test(line) ? RLM + line : line))
    .join('\n');
}

const bidiControls = /[\u061C\u200E\u200F\u202A-\u202E\u2066-\u2069]/g;

export function stripBidiControls(text: string): string {
  return text.replace(bidiControls, '');
}
