import { createHash } from 'node:crypto';
import { splitSentences } from '../text/sentences.ts';
import { tokenize } from '../text/tokens.ts';
import type { Article, ArticleMeta, Passage } from '../types.ts';

export interface PassageOptions {
  /** A paragraph longer than this (characters) is split at sentence ends. 700 ≈ 120 Arabic words, under e5's 512 tokens. */
  maxChars: number;
  /** Sentences repeated at the start of the next piece, so an answer spanning the cut is whole in one. */
  overlapSentences: number;
  /** Word-set Jaccard similarity at or above which two passages of one page count as the same. */
  nearDuplicate: number;
}

export const defaultPassageOptions: PassageOptions = { maxChars: 700, overlapSentences: 1, nearDuplicate: 0.9 };

/** Lower-case letters and digits without look-alikes (no 0/o, 1/l/i), so ids can be typed from a screen. */
const ID_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** A short id derived from the file and the normalized text: unchanged text keeps its id across rebuilds. */
export function passageId(file: string, text: string, length = 8): string {
  const digest = createHash('sha256').update(`${file}\n${tokenize(text).join(' ')}`).digest();
  let id = '';
  for (let i = 0; i < length; i++) id += ID_ALPHABET[digest[i]! % ID_ALPHABET.length];
  return id;
}

/** Splits an over-long paragraph into pieces of whole sentences, each overlapping the previous one. */
export function splitLongText(text: string, options: PassageOptions = defaultPassageOptions): string[] {
  if (text.length <= options.maxChars) return [text];
  const sentences = splitSentences(text);
  const pieces: string[][] = [[]];
  for (const sentence of sentences) {
    const current = pieces.at(-1)!;
    const length = current.reduce((n, s) => n + s.length + 1, 0);
    if (current.length > 0 && length + sentence.length > options.maxChars) {
      const overlap = current.slice(Math.max(0, current.length - options.overlapSentences));
      pieces.push(overlap.length < current.length ? [...overlap, sentence] : [sentence]);
    } else {
      current.push(sentence);
    }
  }
  return pieces.map((p) => p.join(' '));
}

function jaccard(a: Set<string>, b: Set<string>): number {
  let shared = 0;
  for (const w of a) if (b.has(w)) shared++;
  return shared / (a.size + b.size - shared || 1);
}

/**
 * Turns a page's articles into passages: one per paragraph (its heading line first), long ones split,
 * and a paragraph that the page repeats (exactly or nearly) kept once. `usedIds` is shared across
 * pages so that a (rare) id collision gets a longer id instead of a duplicate.
 */
export function buildPassages(
  articles: Article[],
  usedIds: Set<string> = new Set(),
  options: PassageOptions = defaultPassageOptions,
): Passage[] {
  const passages: Passage[] = [];
  const seen: Set<string>[] = [];
  for (const article of articles) {
    const { paragraphs, ...meta } = article;
    const articleMeta: ArticleMeta = meta;
    let position = 0;
    for (const paragraph of paragraphs) {
      splitLongText(paragraph.text, options).forEach((piece, i) => {
        const text = paragraph.heading && i === 0 ? `${paragraph.heading}\n${piece}` : piece;
        const words = new Set(tokenize(piece));
        if (seen.some((other) => jaccard(words, other) >= options.nearDuplicate)) return;
        seen.push(words);
        let length = 8;
        let id = passageId(article.file, text, length);
        while (usedIds.has(id) && length < 12) id = passageId(article.file, text, ++length);
        usedIds.add(id);
        passages.push({ id, text, article: articleMeta, paragraph: ++position });
      });
    }
  }
  return passages;
}
