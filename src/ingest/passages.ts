import { createHash } from 'node:crypto';
import { splitSentences } from '../text/sentences.ts';
import { tokenize } from '../text/tokens.ts';
import type { Article, ArticleMeta, OnProgress, Passage } from '../types.ts';
import { findNearDuplicates } from './dedupe.ts';

/** The passage tunables of ingestion (defaults below, measured in README "Passages and ids"). */
export interface PassageOptions {
  /**
   * A paragraph longer than this (characters) is split at sentence ends. Whole paragraphs retrieve
   * better than halves (an answer in the other half is a miss for the reader too): on ARCD 700 gave
   * hit@3 0.908, 2,000 gave 0.928, with no change on the dev set. 2,000 characters of Arabic are
   * about 350 words, near e5's 512-token input, and fit a Discord embed (4,096).
   */
  maxChars: number;
  /** Sentences repeated at the start of the next piece, so an answer spanning the cut is whole in one. */
  overlapSentences: number;
  /** Word-set Jaccard similarity at or above which two passages of one page count as the same. */
  nearDuplicate: number;
}

export const defaultPassageOptions: PassageOptions = { maxChars: 2000, overlapSentences: 1, nearDuplicate: 0.9 };

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
  const joinedLength = (piece: string[]) => piece.reduce((n, s) => n + s.length + 1, 0);
  let length = 0; // of the current piece, kept as it grows: a paragraph may have thousands of sentences
  for (const sentence of sentences) {
    const current = pieces.at(-1)!;
    if (current.length > 0 && length + sentence.length > options.maxChars) {
      const overlap = current.slice(Math.max(0, current.length - options.overlapSentences));
      const next = overlap.length < current.length ? [...overlap, sentence] : [sentence];
      pieces.push(next);
      length = joinedLength(next);
    } else {
      current.push(sentence);
      length += sentence.length + 1;
    }
  }
  return pieces.map((p) => p.join(' '));
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
  /** Progress of the near-duplicate check, in passages (reported for pages of thousands). */
  onProgress?: OnProgress,
): Passage[] {
  const pieces = articles.flatMap((article, a) =>
    article.paragraphs.flatMap((paragraph) =>
      splitLongText(paragraph.text, options).map((piece, i) => ({
        a,
        piece,
        text: paragraph.heading && i === 0 ? `${paragraph.heading}\n${piece}` : piece,
      })),
    ),
  );
  const duplicate = findNearDuplicates(pieces.map((p) => tokenize(p.piece)), options.nearDuplicate, onProgress);
  const metas = articles.map(({ paragraphs: _, ...meta }): ArticleMeta => meta);
  const positions = articles.map(() => 0);
  return pieces.flatMap(({ a, text }, i) => {
    if (duplicate[i]) return [];
    const file = articles[a]!.file;
    let length = 8;
    let id = passageId(file, text, length);
    while (usedIds.has(id) && length < 12) id = passageId(file, text, ++length);
    usedIds.add(id);
    return [{ id, text, article: metas[a]!, paragraph: ++positions[a]! }];
  });
}
