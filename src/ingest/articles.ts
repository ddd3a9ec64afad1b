import { normalizeForMatch } from '../text/normalize.ts';
import type { Article, OnProgress, Paragraph } from '../types.ts';
import { classifyLines, cleanPublisher, wordCount, type Line } from './lines.ts';

/** "الجزيرة:" alone on a line at the top of a page: the outlet's name as a label. */
const OUTLET_LABEL = /^(\S+(?:\s\S+){0,2})\s*:$/;
/** "زنقة 20 ا الرباط", "Outlet | City": outlet, separator, place (an alone-standing "ا" is a mis-scraped "|"). */
const BYLINE = /^(.{2,40}?)\s+(?:ا|\||–|—|-|\/)\s+\S.{0,30}$/;
/** "ليفانت نيوز_ وكالات": the outlet credited together with news agencies, at the end of the text. */
const AGENCY_BYLINE = /^(.{2,40}?)\s*[_+/|–-]\s*(?:وكالات|agencies)$/i;

/**
 * Splits one page into its articles: the main one and any appended after a standalone "read also"
 * marker. An appended part with no running text is a list of links and is dropped. Progress is in
 * lines of `text`.
 */
export function splitArticles(file: string, text: string, onProgress?: OnProgress): Article[] {
  const segments: Line[][] = [[]];
  for (const line of classifyLines(text, onProgress)) {
    if (line.kind === 'article-marker') segments.push([]);
    else segments.at(-1)!.push(line);
  }
  return segments
    .filter((lines, i) => i === 0 || lines.some((l) => l.kind === 'body'))
    .map((lines, i) => buildArticle(file, i, lines));
}

function buildArticle(file: string, articleIndex: number, lines: Line[]): Article {
  const firstBody = lines.findIndex((l) => l.kind === 'body');
  const header = firstBody === -1 ? lines : lines.slice(0, firstBody);
  const rest = firstBody === -1 ? [] : lines.slice(firstBody);
  const meta = readHeader(header);
  const agencyByline = rest.find((l) => l.kind === 'short' && AGENCY_BYLINE.test(l.text));
  const publisher =
    lines.find((l): l is Extract<Line, { kind: 'source' }> => l.kind === 'source')?.publisher ??
    meta.publisher ??
    (agencyByline ? cleanPublisher(agencyByline.text) : null);
  const published = lines.find((l): l is Extract<Line, { kind: 'published' }> => l.kind === 'published')?.date ?? null;
  return {
    file,
    articleIndex,
    title: meta.title,
    publisher: publisher || null,
    published,
    paragraphs: collectParagraphs(rest, meta.title),
  };
}

/** The header is everything above the first paragraph: title, outlet label, byline, kicker, repeated title. */
function readHeader(header: Line[]): { title: string | null; publisher: string | null } {
  let publisher: string | null = null;
  const candidates: string[] = [];
  for (const line of header) {
    if (line.kind !== 'short' && line.kind !== 'bullet') continue;
    const label = OUTLET_LABEL.exec(line.text);
    const byline = candidates.length > 0 && wordCount(line.text) <= 6 ? BYLINE.exec(line.text) : null;
    if (label) publisher ??= cleanPublisher(label[1]!);
    else if (byline) publisher ??= cleanPublisher(byline[1]!);
    else candidates.push(line.text);
  }
  // Pages repeat the headline in breadcrumbs and shortened forms; the fullest form is the title.
  const title = candidates.reduce<string | null>((best, c) => (best === null || c.length > best.length ? c : best), null);
  return { title, publisher };
}

/** A Latin caption above an Arabic paragraph (a video title, say) is not its heading. */
function isArabic(text: string): boolean {
  return (text.match(/[\u0600-\u06FF]/g)?.length ?? 0) > text.length / 3;
}

function repeatsTitle(text: string, title: string | null): boolean {
  if (title === null) return false;
  const line = normalizeForMatch(text);
  const full = normalizeForMatch(title);
  return line === full || (wordCount(line) >= 2 && full.startsWith(line));
}

/**
 * Keeps running text in order. A short line directly above a paragraph is its section heading; any
 * other short line (caption, byline, leftover link title) and all labelled or chrome lines are dropped.
 */
function collectParagraphs(lines: Line[], title: string | null): Paragraph[] {
  const paragraphs: Paragraph[] = [];
  lines.forEach((line, i) => {
    if (line.kind !== 'body') return;
    const above = lines[i - 1];
    const heading =
      above?.kind === 'short' &&
      !repeatsTitle(above.text, title) &&
      !AGENCY_BYLINE.test(above.text) &&
      isArabic(above.text) === isArabic(line.text)
        ? above.text
        : null;
    paragraphs.push({ heading, text: line.text });
  });
  return paragraphs;
}
