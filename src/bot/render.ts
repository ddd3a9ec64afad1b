import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponent, type APIEmbed, type APIEmbedField } from 'discord.js';
import type { ArticleMeta, Passage, SearchResponse, SearchResult } from '../types.ts';
import { isolate, isolateLtr } from '../text/bidi.ts';
import { escapeUntrusted } from './escape.ts';
import { ratingRow } from './feedback.ts';
import { highlightPassage } from './highlight.ts';
import { LIMITS, totalEmbedSize, truncate } from './limits.ts';
import { en } from './messages/en.ts';
import { messages, type Lang, type Messages } from './messages/index.ts';

/** A message as data: what the handlers send, and what tests inspect. Never touches an interaction. */
export interface MessageData {
  content?: string;
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIButtonComponent>[];
}

export const NOT_CONFIDENT = en.notConfident;
export const NONE = '—';
export const COLORS = { confident: 0x2e7d32, unsure: 0x9e9e9e, source: 0x1565c0 } as const;
/** Citation values are capped well below the field limit so five citations leave room for the passages. */
const CITATION_MAX = 200;
/** The "Also reported by" list: each outlet's name, and the whole line (further outlets are counted, not listed). */
const OUTLET_MAX = 60;
const ALSO_IN_MAX = 400;

export interface PageState {
  /** 0-based page to show. */
  page: number;
  perPage: number;
  /** Identifies the paging session in button ids; null renders no pager. */
  sessionId: string | null;
  /** The logged question that the 👍/👎 buttons rate; null or absent renders none (storage off). */
  questionId?: number | null;
  /** The language of the bot's own words (default English). */
  lang?: Lang;
  /** A line under the lead, e.g. which earlier question a thread follow-up was searched with (escaped). */
  note?: string;
  /** An answer the articles do not seem to give shows no passages, only a button that reveals them. */
  hideUnsure?: boolean;
}

/** How an English question was searched offline, and what the best passage lacks: one short line each. */
function answerNotes(response: SearchResponse, t: Messages): string {
  const understood = response.understood?.filter((u) => u.arabic.length > 0) ?? [];
  const terms = understood.map((u) => `${escapeUntrusted(u.english)} → ${isolate(u.arabic[0]!)}`).join(', ');
  const searched = response.understood ? `\n${t.searchedAs(terms || t.searchedAsNothing)}` : '';
  return truncate(searched, 300) + (response.partial ? `\n${isolate(escapeUntrusted(response.partial))}` : '');
}

export function pageCount(total: number, perPage: number): number {
  return Math.max(1, Math.ceil(total / perPage));
}

/** One page of an `/ask` answer: a sentence of context, then one embed per passage. */
export function renderAnswer(response: SearchResponse, state: PageState): MessageData {
  const pages = pageCount(response.results.length, state.perPage);
  const page = Math.min(Math.max(0, state.page), pages - 1);
  const start = page * state.perPage;
  const shown = response.results.slice(start, start + state.perPage);
  const t = messages(state.lang ?? 'en');
  const note = [state.note, filterLine(response, t)].map((line) => (line ? `\n${line}` : '')).join('');
  if (shown.length === 0) {
    const noMatch = response.filter ? t.noMatchFiltered : t.noMatch;
    return { content: truncate(noMatch(question(response.query)) + note, LIMITS.content), embeds: [], components: [] };
  }
  if (state.hideUnsure && !response.confident && !response.partial) {
    const rows = [...(state.sessionId ? [showRow(state.sessionId, t)] : []), ...(state.questionId != null ? [ratingRow(state.questionId, t)] : [])];
    return { content: truncate(`${t.noAnswer}${answerNotes(response, t)}${note}`, LIMITS.content), embeds: [], components: rows };
  }
  const range = t.range(start + 1, start + shown.length, response.results.length);
  const lead = response.confident ? t.passagesFor(range, question(response.query)) : `${t.notConfident} (${range})`;
  const content = truncate(`${lead}${answerNotes(response, t)}${note}\n${t.sourceHint}`, LIMITS.content);

  const color = response.confident ? COLORS.confident : COLORS.unsure;
  const embeds: APIEmbed[] = shown.map((result, i) => ({
    color,
    title: truncateIsolated(`${start + i + 1}. `, result.passage.article.title ?? t.untitled, LIMITS.title),
    fields: [...citationFields(result.passage, t), ...alsoInFields(result, t)],
  }));
  const last = embeds[embeds.length - 1]!;
  if (pages > 1) last.footer = { text: t.page(page + 1, pages) };

  // Share what is left of the 6000 characters equally among the passage texts.
  const fixed = totalEmbedSize(embeds);
  const each = Math.min(LIMITS.description, Math.floor((LIMITS.embedTotal - fixed) / embeds.length));
  shown.forEach((result, i) => {
    embeds[i]!.description = highlightPassage(result.passage.text, result.sentence, each);
  });
  const rows = [
    ...(state.sessionId && pages > 1 ? [pagerRow(state.sessionId, page, pages, t)] : []),
    ...(state.questionId != null ? [ratingRow(state.questionId, t)] : []),
  ];
  return { content, embeds, components: rows };
}

/** The citation of a passage: id first, because that is what `/source` takes. */
export function citationFields(passage: Passage, t: Messages = en): APIEmbedField[] {
  const a = passage.article;
  return [
    { name: t.sourceId, value: `\`${passage.id}\``, inline: true },
    { name: t.publisher, value: a.publisher ? truncateIsolated('', a.publisher, CITATION_MAX) : t.unknown, inline: true },
    { name: t.date, value: a.published ? isolateLtr(truncate(escapeUntrusted(a.published), 32)) : NONE, inline: true },
    { name: t.file, value: fileLabel(a, passage.paragraph, t), inline: true },
  ];
}

/**
 * "Filter: publisher الجزيرة, from 2023-09-01 to 2023-09-30 · 3 articles without a date were left out":
 * the filter as the search applied it (a month or year stretched to its days); null without one.
 */
function filterLine(response: SearchResponse, t: Messages): string | null {
  const { filter, skippedUndated } = response;
  if (filter === null) return null;
  const publisher = filter.publisher === null ? null : truncateIsolated('', filter.publisher, OUTLET_MAX);
  const day = (date: string | null) => (date === null ? null : isolateLtr(date));
  const applied = t.filtered(publisher, day(filter.since), day(filter.until));
  return skippedUndated > 0 ? `${applied} · ${t.skippedUndated(skippedUndated)}` : applied;
}

/**
 * "Also reported by: الأسبوع (2023-09-20) `id`, الجزيرة (2023-09-23) `id`": the other outlets that ran
 * the same passage, each with the id `/source` takes; outlets beyond the line's length are counted.
 */
function alsoInFields(result: SearchResult, t: Messages): APIEmbedField[] {
  if (result.alsoIn.length === 0) return [];
  const items = result.alsoIn.map(({ id, article }) => {
    const outlet = article.publisher === null ? t.unknown : truncateIsolated('', article.publisher, OUTLET_MAX);
    const date = article.published === null ? NONE : isolateLtr(truncate(escapeUntrusted(article.published), 32));
    return `${outlet} (${date}) \`${id}\``;
  });
  const listed: string[] = [];
  for (const item of items) {
    const rest = items.length - listed.length - 1;
    const tail = rest > 0 ? t.listSeparator + t.andMore(rest) : '';
    if (listed.length > 0 && [...listed, item].join(t.listSeparator).length + tail.length > ALSO_IN_MAX) break;
    listed.push(item);
  }
  const more = items.length - listed.length;
  const value = listed.join(t.listSeparator) + (more > 0 ? t.listSeparator + t.andMore(more) : '');
  return [{ name: t.alsoReportedBy, value }];
}

/** The file name stays isolated left-to-right; the words around it follow the reply's language. */
function fileLabel(article: ArticleMeta, paragraph: number, t: Messages): string {
  const file = isolateLtr(truncate(escapeUntrusted(article.file), CITATION_MAX - 40));
  return t.fileLabel(file, article.articleIndex > 0 ? article.articleIndex + 1 : null, paragraph);
}

/** Custom ids: `ask:<session>:<page>`; the disabled middle button just shows the position. */
function pagerRow(sessionId: string, page: number, pages: number, t: Messages): APIActionRowComponent<APIButtonComponent> {
  const button = (
    id: string,
    label: string,
    disabled: boolean,
    style: ButtonStyle.Primary | ButtonStyle.Secondary = ButtonStyle.Secondary,
  ): APIButtonComponent => ({
    type: ComponentType.Button,
    custom_id: id,
    label,
    style,
    disabled,
  });
  return {
    type: ComponentType.ActionRow,
    components: [
      button(`ask:${sessionId}:${page - 1}`, t.previous, page === 0),
      button(`ask:${sessionId}:pos`, `${page + 1} / ${pages}`, true),
      button(`ask:${sessionId}:${page + 1}`, t.next, page >= pages - 1, ButtonStyle.Primary),
    ],
  };
}

/** `prefix` + an isolated, escaped untrusted value, cut so the whole stays within `max`. */
export function truncateIsolated(prefix: string, value: string, max: number): string {
  return prefix + isolate(truncate(escapeUntrusted(value), max - prefix.length - 2));
}

/** The button under an answer the articles do not seem to give: it shows the closest passages (page 1). */
function showRow(sessionId: string, t: Messages): APIActionRowComponent<APIButtonComponent> {
  return {
    type: ComponentType.ActionRow,
    components: [{ type: ComponentType.Button, custom_id: `ask:${sessionId}:0`, label: t.showClosest, style: ButtonStyle.Secondary }],
  };
}

/** The user's question, escaped and isolated, as it is echoed in the answer. */
function question(query: string): string {
  return isolate(truncate(escapeUntrusted(query), 500));
}
