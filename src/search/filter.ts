import { UserError } from '../errors.ts';
import { foldDigits, normalizeForMatch } from '../text/normalize.ts';
import type { AppliedFilter, ArticleMeta, Passage } from '../types.ts';

/** What the asker narrows a search to, as typed: an outlet, and a period of publication. */
export interface SearchFilter {
  publisher?: string;
  /** `2023`, `2023-09` or `2023-09-20`: from the first day of that year, month or day. */
  since?: string;
  /** `2023`, `2023-09` or `2023-09-20`: through the last day of that year, month or day. */
  until?: string;
}

/** Which passages a search may return: `allows(label)` is the one predicate every candidate list takes. */
export interface PassageFilter {
  allows: (label: number) => boolean;
  /** How many passages pass. */
  allowed: number;
  /** Articles that state no date, left out because a date filter was given (and passed the others). */
  skippedUndated: number;
  applied: AppliedFilter;
}

const DATE = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/;

/**
 * The first (`since`) or last (`until`) ISO day of a date the asker typed. `until: 2023-09` means
 * through the end of September, so a year or month stretches to its last day.
 */
export function parseDateBound(value: string, name: 'since' | 'until'): string {
  // Arabic keyboards type Eastern Arabic digits (٢٠٢٣-٠٩).
  const m = DATE.exec(foldDigits(value.trim()));
  const bad = () => new UserError(`${name} must be a date like 2023, 2023-09 or 2023-09-20, got '${value.trim().slice(0, 40)}'.`, 'bad-date');
  if (!m) throw bad();
  const year = Number(m[1]);
  const month = m[2] === undefined ? (name === 'since' ? 1 : 12) : Number(m[2]);
  // Day 0 of the next month is the last day of this one.
  const day = m[3] !== undefined ? Number(m[3]) : name === 'since' ? 1 : new Date(Date.UTC(year, month, 0)).getUTCDate();
  const date = new Date(Date.UTC(year, month - 1, day));
  if (month < 1 || month > 12 || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) throw bad();
  return `${m[1]}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Outlet names compared as readers compare them: hamza seats, taa marbuta, case and spacing folded. */
export const publisherKey = (name: string): string => normalizeForMatch(name).replace(/\s+/g, ' ').trim();

/** The articles of an index as filters need them, built once when the index is opened. */
export interface Catalog {
  articles: ArticleMeta[];
  /** The article of each passage, by passage position. */
  articleOf: Int32Array;
  /** Each article's outlet, as compared (publisherKey), or null. */
  publisherKeys: (string | null)[];
  /** The outlets, spelling variants merged (the commonest spelling shown), most passages first. */
  publishers: string[];
}

export function createCatalog(passages: Passage[]): Catalog {
  const position = new Map<ArticleMeta, number>();
  const articles: ArticleMeta[] = [];
  const articleOf = Int32Array.from(passages, (p) => {
    if (!position.has(p.article)) position.set(p.article, articles.push(p.article) - 1);
    return position.get(p.article)!;
  });
  return catalogOf(articles, articleOf);
}

/** The catalog of an index's articles; `articleOf` gives each passage slot's article, -1 for a deleted slot. */
export function catalogOf(articles: ArticleMeta[], articleOf: Int32Array): Catalog {
  // Folded once per spelling, not per article: a few outlets write 10,000 articles (and the bot builds this at every reload).
  const folded = new Map<string, string>();
  const keyOf = (name: string) => folded.get(name) ?? folded.set(name, publisherKey(name)).get(name)!;
  const publisherKeys = articles.map((a) => (a.publisher === null ? null : keyOf(a.publisher)));
  // Spellings and passage counts per outlet; a Map, since outlet names come from scraped pages.
  const outlets = new Map<string, { passages: number; spellings: Map<string, number> }>();
  const perArticle = new Int32Array(articles.length);
  for (const article of articleOf) if (article >= 0) perArticle[article]!++;
  articles.forEach(({ publisher: name }, article) => {
    const count = perArticle[article]!;
    if (name === null || count === 0) return;
    const key = publisherKeys[article]!;
    const entry = outlets.get(key) ?? { passages: 0, spellings: new Map<string, number>() };
    entry.passages += count;
    entry.spellings.set(name, (entry.spellings.get(name) ?? 0) + count);
    outlets.set(key, entry);
  });
  const publishers = [...outlets.values()]
    .map(({ passages, spellings }) => ({ passages, name: [...spellings].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]![0] }))
    .sort((a, b) => b.passages - a.passages || a.name.localeCompare(b.name))
    .map((o) => o.name);
  return { articles, articleOf, publisherKeys, publishers };
}

/** A filter checked against one index: its bounds parsed, its outlet as compared. */
interface ArticleFilter {
  publisher: string | null;
  from: string | null;
  to: string | null;
}

/**
 * Checks a filter against an index's outlets (`Searcher.publishers()`): throws UserError for a bad date,
 * bounds in the wrong order or an outlet the index does not have (naming the ones it has). Null when
 * nothing narrows the search. The bot calls it before acknowledging, so a bad filter is refused at once.
 */
export function parseFilter(filter: SearchFilter, catalog: Pick<Catalog, 'publishers'>): ArticleFilter | null {
  const given = (v: string | undefined) => (v !== undefined && v.trim() !== '' ? v.trim() : undefined);
  const [publisher, since, until] = [given(filter.publisher), given(filter.since), given(filter.until)];
  if (publisher === undefined && since === undefined && until === undefined) return null;
  const from = since === undefined ? null : parseDateBound(since, 'since');
  const to = until === undefined ? null : parseDateBound(until, 'until');
  if (from !== null && to !== null && from > to) throw new UserError(`since (${since}) is after until (${until}): swap them.`, 'bad-date');
  const key = publisher === undefined ? null : publisherKey(publisher);
  if (key !== null && !catalog.publishers.some((name) => publisherKey(name) === key)) {
    const { publishers } = catalog;
    const known =
      publishers.length === 0
        ? ' (no article states its outlet)'
        : `; outlets: ${publishers.slice(0, 10).join(', ')}${publishers.length > 10 ? ', …' : ''}`;
    throw new UserError(`No outlet named '${publisher!.slice(0, 60)}' in the index${known}.`, 'unknown-publisher');
  }
  return { publisher: key, from, to };
}

/**
 * The passages a filter allows, as a bitset built once per query from article metadata (a pass over
 * the articles, then one over the passages), so that every candidate list asks about a passage in
 * constant time. Null when the filter narrows nothing.
 */
export function passageFilter(filter: SearchFilter, catalog: Catalog): PassageFilter | null {
  const parsed = parseFilter(filter, catalog);
  if (parsed === null) return null;
  const { publisher, from, to } = parsed;
  const dated = from !== null || to !== null;
  let skippedUndated = 0;
  const keep = catalog.articles.map((a, i) => {
    if (publisher !== null && catalog.publisherKeys[i] !== publisher) return false;
    if (!dated) return true;
    if (a.published === null) {
      skippedUndated++;
      return false;
    }
    return (from === null || a.published >= from) && (to === null || a.published <= to);
  });
  const { articleOf } = catalog;
  const bits = new Uint8Array(articleOf.length);
  let allowed = 0;
  for (let label = 0; label < articleOf.length; label++) {
    if (!keep[articleOf[label]!]) continue;
    bits[label] = 1;
    allowed++;
  }
  const outlet = publisher === null ? null : catalog.publishers.find((name) => publisherKey(name) === publisher)!;
  return { allows: (label) => bits[label] === 1, allowed, skippedUndated, applied: { publisher: outlet, since: from, until: to } };
}
