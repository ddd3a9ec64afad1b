import type { APIEmbed } from 'discord.js';
import { describeEmbedder } from '../embed/embedder.ts';
import type { IndexStats } from '../search/searcher.ts';
import type { Passage, SourceView } from '../types.ts';
import { isolate, isolateLtr, rtlLines } from '../text/bidi.ts';
import { escapeUntrusted } from './escape.ts';
import { chunk, embedSize, LIMITS, totalEmbedSize, truncate } from './limits.ts';
import { citationFields, COLORS, NONE, type MessageData, truncateIsolated } from './render.ts';
import { messages, type Lang, type Messages } from './messages/index.ts';

/**
 * `/source`: the passage in full, then its neighbours. Usually one message; a passage too long for
 * one message continues in follow-ups, so nothing of it is ever cut.
 */
export function renderSource(view: SourceView, lang: Lang = 'en'): MessageData[] {
  const { passage } = view;
  const t = messages(lang);
  const title = truncateIsolated('', passage.article.title ?? t.untitled, LIMITS.title);
  const parts = chunk(escapeUntrusted(passage.text), LIMITS.description - 64);
  const main: APIEmbed[] = parts.map((part, i) => ({
    color: COLORS.source,
    title: i === 0 ? title : truncate(t.continued(i + 1, parts.length), LIMITS.title),
    description: rtlLines(part),
  }));
  main[0]!.fields = citationFields(passage, t);

  const neighbours: APIEmbed[] = [];
  const used = parts.length === 1 ? totalEmbedSize(main) : 0;
  const room = Math.floor((LIMITS.embedTotal - used) / 2) - 40;
  if (view.before.length > 0) neighbours.push(neighbourEmbed(t.before, view.before, room, t));
  if (view.after.length > 0) neighbours.push(neighbourEmbed(t.after, view.after, room, t));
  return pack([...main, ...neighbours]).map((embeds, i) => ({
    content: i === 0 ? t.passageHeader(passage.id, passage.paragraph) : undefined,
    embeds,
    components: [],
  }));
}

function neighbourEmbed(label: string, passages: Passage[], room: number, t: Messages): APIEmbed {
  const budget = Math.max(200, Math.min(LIMITS.description, room)) - label.length;
  const each = Math.floor(budget / passages.length);
  const blocks = passages.map((p) => {
    const head = `\`${p.id}\` (${t.paragraph(p.paragraph)})\n`;
    let textRoom = each - head.length - passages.length * 4;
    let body = rtlLines(escapeUntrusted(truncate(p.text, textRoom)));
    while (body.length > each - head.length - 2 && textRoom > 10) {
      textRoom -= body.length - (each - head.length - 2);
      body = rtlLines(escapeUntrusted(truncate(p.text, textRoom)));
    }
    return head + body;
  });
  return { color: COLORS.source, title: label, description: truncate(blocks.join('\n\n'), LIMITS.description) };
}

/** Groups embeds into messages within 10 embeds and 6000 characters each. */
function pack(embeds: APIEmbed[]): APIEmbed[][] {
  const messages: APIEmbed[][] = [];
  let current: APIEmbed[] = [];
  let size = 0;
  for (const embed of embeds) {
    const s = embedSize(embed);
    if (current.length > 0 && (size + s > LIMITS.embedTotal || current.length >= LIMITS.embedsPerMessage)) {
      messages.push(current);
      current = [];
      size = 0;
    }
    current.push(embed);
    size += s;
  }
  if (current.length > 0) messages.push(current);
  return messages;
}

/** The offline n-gram embedder matches words and spellings, so it cannot take English to Arabic text. */
function languages(stats: IndexStats, t: Messages): string {
  return stats.embedder.kind === 'transformers' ? t.languagesModel : t.languagesNgram;
}

/** `/about`: what the bot knows and how to ask it. */
export function renderAbout(stats: IndexStats, lang: Lang = 'en'): MessageData {
  const t = messages(lang);
  const { from, to } = stats.dateRange;
  const publishers = stats.publishers.length > 0 ? stats.publishers.map((name) => isolate(escapeUntrusted(name))).join(' · ') : NONE;
  const dates = from && to ? `${isolateLtr(from)} → ${isolateLtr(to)}` : NONE;
  const embed: APIEmbed = {
    color: COLORS.source,
    title: t.aboutTitle,
    description: rtlLines([t.aboutIntro, '', t.howToAsk(languages(stats, t)), t.aboutCitations].join('\n')),
    fields: [
      { name: t.articles, value: String(stats.articles), inline: true },
      { name: t.passages, value: String(stats.passages), inline: true },
      { name: t.files, value: String(stats.files), inline: true },
      { name: t.publishers, value: truncate(publishers, LIMITS.fieldValue), inline: false },
      { name: t.dates, value: dates, inline: true },
      { name: t.embedder, value: truncate(describeEmbedder(stats.embedder), LIMITS.fieldValue), inline: true },
      { name: t.built, value: isolateLtr(stats.builtAt), inline: true },
    ],
  };
  return { embeds: [embed], components: [] };
}
