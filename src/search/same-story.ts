import { fnv1a } from '../text/hash.ts';
import { tokenize } from '../text/tokens.ts';
import type { Passage } from '../types.ts';
import { LruCache } from './lru.ts';
import { sortedJaccard } from '../text/jaccard.ts';

/**
 * Word-set Jaccard similarity at or above which passages of two different articles say the same thing
 * (an agency report run by several outlets, lightly edited). Ingestion keeps one of two passages of
 * one page at 0.9 (src/ingest/dedupe.ts); across outlets an intro word or a dropped clause is common,
 * so the bar is lower. On the seeds the most similar passages of different articles score 0.25 (two
 * reports of the same ceasefire), far below it; a two-sentence report whose connectives an outlet
 * rewrote ("وقالت" → "قالت", "وأضافت" → "كما أضافت") still scores 0.81 (test/search/same-story.test.ts).
 */
export const SAME_STORY_JACCARD = 0.7;

/**
 * A passage's distinct words as their sorted 32-bit hashes: a few hundred bytes outside the heap,
 * where a Set of the words cost ten times that in it. Two different words of two compared passages
 * share a hash about once in a million pairs, and then move the similarity by one word.
 */
function wordHashes(text: string): Uint32Array {
  const hashes = Uint32Array.from(tokenize(text), fnv1a).sort();
  let distinct = 0;
  for (let i = 0; i < hashes.length; i++) if (i === 0 || hashes[i] !== hashes[i - 1]) hashes[distinct++] = hashes[i]!;
  return hashes.slice(0, distinct);
}

export interface Story {
  label: number;
  /** The other articles' passages that say the same, best ranked first. */
  repeats: number[];
}

/**
 * Passages whose word sets are kept (about 0.5 KB each): a query walks 50 to 100 candidates, so this
 * holds those of the last hundred or more questions.
 */
const CACHED_PASSAGES = 10_000;

/**
 * Walks a ranked list and keeps the first `limit` passages that do not repeat a kept one; a passage
 * that does (same story, another article) is listed under it instead of taking a result slot. Only
 * ranked passages are compared: a repeat ranks next to its original, as it shares its words.
 */
/** What grouping reads of the passages: a slot's text and its article (compared by identity). */
export interface StoryPassages {
  text(label: number): string;
  articleOf(label: number): unknown;
}

/** An in-memory passage list as StoryPassages. */
export const storyPassagesOf = (list: Passage[]): StoryPassages => ({
  text: (label) => list[label]!.text,
  articleOf: (label) => list[label]!.article,
});

export function createStoryGrouper(passages: StoryPassages): (ranked: number[], limit: number) => Story[] {
  const cache = new LruCache<number, Uint32Array>(CACHED_PASSAGES);
  const wordsOf = (label: number) => cache.get(label) ?? cache.set(label, wordHashes(passages.text(label)));
  const sameStory = (a: number, b: number) => {
    const [x, y] = [wordsOf(a), wordsOf(b)];
    // Sets this similar have sizes within the threshold's ratio: most pairs stop here.
    return Math.min(x.length, y.length) >= SAME_STORY_JACCARD * Math.max(x.length, y.length) && sortedJaccard(x, y) >= SAME_STORY_JACCARD;
  };
  return (ranked, limit) => {
    const stories: Story[] = [];
    for (const label of ranked) {
      const article = passages.articleOf(label);
      const same = stories.find((s) => passages.articleOf(s.label) !== article && sameStory(s.label, label));
      if (same) {
        if (same.repeats.every((r) => passages.articleOf(r) !== article)) same.repeats.push(label);
      } else if (stories.length < limit) stories.push({ label, repeats: [] });
    }
    return stories;
  };
}
