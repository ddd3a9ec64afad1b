import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponent, type APIEmbed, type APIEmbedField } from 'discord.js';
import type { ArticleMeta, Passage, SearchResponse } from '../types.ts';
import { isolate, isolateLtr } from './bidi.ts';
import { highlightPassage } from './highlight.ts';
import { LIMITS, totalEmbedSize, truncate } from './limits.ts';

/** A message as data: what the handlers send, and what tests inspect. Never touches an interaction. */
export interface MessageData {
  content?: string;
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIButtonComponent>[];
}

export const NOT_CONFIDENT = 'The articles do not seem to answer this; closest passages:';
const UNKNOWN = 'unknown';
export const NONE = '—';
export const COLORS = { confident: 0x2e7d32, unsure: 0x9e9e9e, source: 0x1565c0 } as const;
/** Citation values are capped well below the field limit so five citations leave room for the passages. */
const CITATION_MAX = 200;

export interface PageState {
  /** 0-based page to show. */
  page: number;
  perPage: number;
  /** Identifies the paging session in button ids; null renders no buttons. */
  sessionId: string | null;
  /** An answer the articles do not seem to give shows no passages, only a button that reveals them. */
  hideUnsure?: boolean;
}

export const NO_ANSWER = 'The articles do not seem to answer this.';

/** How an English question was searched offline, and what the best passage lacks: one short line each. */
function answerNotes(response: SearchResponse): string {
  const understood = response.understood?.filter((t) => t.arabic.length > 0) ?? [];
  const searched = response.understood ? `\nSearched as: ${understood.map((t) => `${t.english} → ${isolate(t.arabic[0]!)}`).join(', ') || 'nothing the articles contain'}` : '';
  return truncate(searched, 300) + (response.partial ? `\n${isolate(response.partial)}` : '');
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
  if (shown.length === 0) {
    return { content: `No passage matches ${isolate(truncate(response.query, 500))}; try other words.`, embeds: [], components: [] };
  }
  if (state.hideUnsure && !response.confident && !response.partial) {
    const components = state.sessionId ? [showRow(state.sessionId)] : [];
    return { content: truncate(`${NO_ANSWER}${answerNotes(response)}`, LIMITS.content), embeds: [], components };
  }
  const range = `${start + 1}–${start + shown.length} of ${response.results.length}`;
  const lead = response.confident ? `Passages ${range} for ${isolate(truncate(response.query, 500))}:` : `${NOT_CONFIDENT} (${range})`;
  const content = truncate(`${lead}${answerNotes(response)}\nType \`/source id:<id>\` to read a passage in full with its neighbours.`, LIMITS.content);

  const color = response.confident ? COLORS.confident : COLORS.unsure;
  const embeds: APIEmbed[] = shown.map((result, i) => ({
    color,
    title: truncateIsolated(`${start + i + 1}. `, result.passage.article.title ?? 'Untitled article', LIMITS.title),
    fields: citationFields(result.passage),
  }));
  const last = embeds[embeds.length - 1]!;
  if (pages > 1) last.footer = { text: `Page ${page + 1} of ${pages}` };

  // Share what is left of the 6000 characters equally among the passage texts.
  const fixed = totalEmbedSize(embeds);
  const each = Math.min(LIMITS.description, Math.floor((LIMITS.embedTotal - fixed) / embeds.length));
  shown.forEach((result, i) => {
    embeds[i]!.description = highlightPassage(result.passage.text, result.sentence, each);
  });
  return { content, embeds, components: state.sessionId && pages > 1 ? [pagerRow(state.sessionId, page, pages)] : [] };
}

/** The citation of a passage: id first, because that is what `/source` takes. */
export function citationFields(passage: Passage): APIEmbedField[] {
  const a = passage.article;
  return [
    { name: 'Source id', value: `\`${passage.id}\``, inline: true },
    { name: 'Publisher', value: orUnknown(a.publisher, CITATION_MAX), inline: true },
    { name: 'Date', value: a.published ? isolateLtr(truncate(a.published, 32)) : NONE, inline: true },
    { name: 'File', value: fileLabel(a, passage.paragraph), inline: true },
  ];
}

function fileLabel(article: ArticleMeta, paragraph: number): string {
  const part = article.articleIndex > 0 ? `, article ${article.articleIndex + 1}` : '';
  const label = `${article.file}${part}, paragraph ${paragraph}`;
  return isolateLtr(truncate(label, CITATION_MAX - 2));
}

/** Custom ids: `ask:<session>:<page>`; the disabled middle button just shows the position. */
function pagerRow(sessionId: string, page: number, pages: number): APIActionRowComponent<APIButtonComponent> {
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
      button(`ask:${sessionId}:${page - 1}`, '◀ Previous', page === 0),
      button(`ask:${sessionId}:pos`, `${page + 1} / ${pages}`, true),
      button(`ask:${sessionId}:${page + 1}`, 'Next ▶', page >= pages - 1, ButtonStyle.Primary),
    ],
  };
}

function showRow(sessionId: string): APIActionRowComponent<APIButtonComponent> {
  return {
    type: ComponentType.ActionRow,
    components: [{ type: ComponentType.Button, custom_id: `ask:${sessionId}:0`, label: 'Show the closest passages', style: ButtonStyle.Secondary }],
  };
}

function orUnknown(value: string | null, max: number): string {
  return value ? truncateIsolated('', value, max) : UNKNOWN;
}

/** `prefix` + an isolated value, cut so the whole stays within `max`. */
export function truncateIsolated(prefix: string, value: string, max: number): string {
  return prefix + isolate(truncate(value, max - prefix.length - 2));
}
