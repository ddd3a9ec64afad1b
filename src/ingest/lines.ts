import { normalizeForMatch } from '../text/normalize.ts';
import { splitSentences } from '../text/sentences.ts';
import type { OnProgress } from '../types.ts';
import { isDateOnly, parseDate } from './dates.ts';
import { BULLET, INLINE_LINK, matchChromeRule, TWEET_MAX_CHARS } from './rules.ts';

/**
 * What one line of a scraped page is. Classification looks at the line alone; the article splitter
 * then uses the sequence (header, body, footer) to decide titles, headings and bylines.
 */
export type Line =
  | { kind: 'chrome'; text: string; rule: string }
  | { kind: 'article-marker'; text: string } // "إقرأ أيضاً:" alone: another article may follow
  | { kind: 'teaser'; text: string } // "اقرأ أيضاً: <headline>": a link to another page
  | { kind: 'source'; text: string; publisher: string } // "المصدر: الجزيرة"
  | { kind: 'published'; text: string; date: string } // "تاريخ النشر: 23rd, September 2023"
  | { kind: 'render-date'; text: string } // a bare date or time stamp of the scrape
  | { kind: 'bullet'; text: string }
  | { kind: 'body'; text: string } // a paragraph of running text
  | { kind: 'short'; text: string }; // a title, heading, byline, kicker or caption

/** How often classifyLines reports progress, in lines. */
const PROGRESS_EVERY = 5000;

const READ_ALSO = /^(اقرا|read)\s*(ايضا|كذلك|also)/;
const SOURCE_LABEL = /^(?:المصدر|مصدر الخبر|source)\s*:\s*(.+)$/i;
const PUBLISHED_LABEL = /^(?:تاريخ النشر|نشر في|نشر بتاريخ|published on|published|posted on)\s*:?\s*(.+)$/i;
const SENTENCE_END = /[.!…][")»”’)\]]*$/;
const QUESTION_END = /[؟?][")»”’)\]]*$/;

export function wordCount(text: string): number {
  return text.split(/\s+/).filter(Boolean).length;
}

/** Running text: long, or a complete sentence of some length. Titles and headings end without a period. */
function isBodyText(text: string): boolean {
  const words = wordCount(text);
  return words >= 20 || (words >= 6 && SENTENCE_END.test(text)) || (words >= 12 && QUESTION_END.test(text));
}

/**
 * A bulleted line is a list item (in scraped pages, a link title, which may end with "!" or "."),
 * unless it is running text that merely starts with a bullet: long, or more than one sentence.
 */
function isBulletedParagraph(text: string): boolean {
  return wordCount(text) >= 20 || (isBodyText(text) && splitSentences(text).length >= 2);
}

/** Strips the agency credit that outlets append ("الجزيرة + وكالات") to keep the outlet's name. */
export function cleanPublisher(name: string): string {
  return name
    .replace(/\s*[+_/|،,&و-]?\s*(وكالات|agencies)\s*$/i, '')
    .replace(/[\s:.،-]+$/, '')
    .trim();
}

export function classifyLine(raw: string): Line | null {
  const text = raw.replace(INLINE_LINK, '').replace(/\s+/g, ' ').trim();
  if (text === '') return null;
  const normalized = normalizeForMatch(text);
  const readAlso = READ_ALSO.exec(normalized);
  if (readAlso) {
    const rest = normalized.slice(readAlso[0].length).replace(/^[\s:]+/, '');
    return rest === '' ? { kind: 'article-marker', text } : { kind: 'teaser', text };
  }
  const rule = matchChromeRule(text, normalized);
  if (rule) return { kind: 'chrome', text, rule: rule.name };
  const source = SOURCE_LABEL.exec(text);
  if (source) return { kind: 'source', text, publisher: cleanPublisher(source[1]!) };
  const published = PUBLISHED_LABEL.exec(text);
  const date = published ? parseDate(published[1]!) : null;
  if (date) return { kind: 'published', text, date };
  if (isDateOnly(text)) return { kind: 'render-date', text };
  const item = text.replace(BULLET, '');
  if (item !== text) return { kind: isBulletedParagraph(item) ? 'body' : 'bullet', text: item };
  return { kind: isBodyText(text) ? 'body' : 'short', text };
}

/**
 * Classifies every line, then removes embedded tweets whole: the credit line ("— Name (@handle)
 * date") and the tweet text above it. Kept, the text would be quoted as if the outlet had written it.
 * Progress is in lines of `text`.
 */
export function classifyLines(text: string, onProgress?: OnProgress): Line[] {
  const raw = text.split('\n');
  const lines = raw.flatMap((line, i) => {
    if (i % PROGRESS_EVERY === 0 && i > 0) onProgress?.(i, raw.length);
    return classifyLine(line) ?? [];
  });
  onProgress?.(raw.length, raw.length);
  lines.forEach((line, i) => {
    if (line.kind !== 'chrome' || line.rule !== 'embedded-tweet-credit') return;
    let length = 0;
    for (let j = i - 1; j >= 0; j--) {
      const above = lines[j]!;
      if ((above.kind !== 'body' && above.kind !== 'short') || (length += above.text.length) > TWEET_MAX_CHARS) break;
      lines[j] = { kind: 'chrome', text: above.text, rule: 'embedded-tweet' };
    }
  });
  return lines;
}
