import { publisherKey } from '../search/filter.ts';
import type { Searcher } from '../search/searcher.ts';
import { stripBidiControls } from '../text/bidi.ts';
import { LIMITS } from './limits.ts';

/** Each index's outlets with their folded names, computed once per index (autocomplete runs per keystroke). */
const folded = new WeakMap<Searcher, { name: string; key: string }[]>();

function outletsOf(searcher: Searcher): { name: string; key: string }[] {
  let outlets = folded.get(searcher);
  if (!outlets) {
    // A choice's value is the outlet itself, and Discord takes at most 100 characters there.
    outlets = searcher
      .publishers()
      .filter((name) => name.length <= LIMITS.choiceName)
      .map((name) => ({ name, key: publisherKey(name) }));
    folded.set(searcher, outlets);
  }
  return outlets;
}

/**
 * `/ask publisher:` suggestions: the index's outlets (most passages first) whose name, folded like the
 * filter folds it (hamza seats, taa marbuta, case), starts with the typed text, then those containing
 * it. Only the option's 100 characters are looked at; one pass over the outlets, however many.
 */
export function publisherChoices(searcher: Searcher, typed: string, limit: number = LIMITS.choices): { name: string; value: string }[] {
  const key = publisherKey(stripBidiControls(typed.slice(0, LIMITS.choiceName)));
  const outlets = outletsOf(searcher);
  const starting = outlets.filter((o) => o.key.startsWith(key));
  const containing = key === '' ? [] : outlets.filter((o) => !o.key.startsWith(key) && o.key.includes(key));
  return [...starting, ...containing].slice(0, limit).map(({ name }) => ({ name, value: name }));
}
