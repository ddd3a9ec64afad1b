import { isUserError } from '../errors.ts';
import type { Searcher } from '../search/searcher.ts';
import { normalizeForMatch } from '../text/normalize.ts';
import { tokenize } from '../text/tokens.ts';
import type { Passage } from '../types.ts';
import { stripBidiControls } from '../text/bidi.ts';
import { botDefaults } from './defaults.ts';

export interface SuggestOptions {
  maxTyped: number;
  maxWords: number;
  budgetMs: number;
  warmChunk: number;
}

interface Lookup {
  passages: readonly Passage[];
  /** Each passage's text folded for matching; filled in the background, a slice per event-loop turn. */
  folded: (string | undefined)[];
}

const lookups = new WeakMap<Searcher, Lookup>();

/**
 * The passage list of an index, once per index. Today's Searcher has no accessor for it, but its
 * `suggest('')` matches every id: this is the one line to rewire when the store offers a passage list.
 */
export function lookupFor(searcher: Searcher, options: SuggestOptions = botDefaults.autocomplete): Lookup {
  let lookup = lookups.get(searcher);
  if (!lookup) {
    const passages = searcher.suggest('', Number.MAX_SAFE_INTEGER);
    lookup = { passages, folded: new Array<string | undefined>(passages.length) };
    lookups.set(searcher, lookup);
    warm(lookup, 0, options.warmChunk);
  }
  return lookup;
}

function warm(lookup: Lookup, from: number, chunk: number): void {
  const to = Math.min(lookup.passages.length, from + chunk);
  for (let i = from; i < to; i++) lookup.folded[i] ??= normalizeForMatch(lookup.passages[i]!.text);
  if (to < lookup.passages.length) setImmediate(() => warm(lookup, to, chunk));
}

/**
 * `/source` suggestions while the user types: passages whose id starts with the typed text, then
 * passages containing every typed word (folded like the index: hamza seats, taa marbuta, …), in
 * corpus order. Bounded whatever is typed: at most `maxTyped` characters and the `maxWords` longest
 * words are looked at, and the scan stops after `budgetMs` with what it found.
 */
export function suggestSources(searcher: Searcher, typed: string, limit: number, options: SuggestOptions = botDefaults.autocomplete): Passage[] {
  const text = stripBidiControls(typed.slice(0, options.maxTyped)).trim();
  const { passages, folded } = lookupFor(searcher, options);
  if (text === '') return passages.slice(0, limit);
  const id = text.replace(/[`\s]/g, '').toLowerCase();
  const idLike = /^[a-z0-9]{1,12}$/.test(id);
  const words = tokenize(text)
    .sort((a, b) => b.length - a.length)
    .slice(0, options.maxWords);
  // A whole id (pasted from an answer) is found at once, whatever the size of the index.
  const exact = idLike ? exactId(searcher, id) : undefined;
  const byId: Passage[] = exact ? [exact] : [];
  const byWords: Passage[] = [];
  const deadline = performance.now() + options.budgetMs;
  for (let i = 0; i < passages.length && byId.length < limit; i++) {
    // Checked every 1,024 passages: a small index is always scanned whole, so its suggestions never depend on load.
    if ((i & 1023) === 1023 && performance.now() > deadline) break;
    const passage = passages[i]!;
    if (idLike && passage.id.startsWith(id)) {
      if (passage !== exact) byId.push(passage);
    }
    else if (words.length > 0 && byWords.length < limit) {
      const haystack = (folded[i] ??= normalizeForMatch(passage.text));
      if (words.every((w) => haystack.includes(w))) byWords.push(passage);
    }
    if (!idLike && byWords.length >= limit) break;
  }
  return [...byId, ...byWords].slice(0, limit);
}

function exactId(searcher: Searcher, id: string): Passage | undefined {
  try {
    return searcher.source(id).passage;
  } catch (error) {
    // Not an id of this index (a UserError): the scan looks for prefixes and words instead.
    if (isUserError(error)) return undefined;
    throw error;
  }
}
