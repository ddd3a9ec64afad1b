import type { APIEmbed } from 'discord.js';
import { describeEmbedder } from '../embed/embedder.ts';
import type { IndexStats } from '../search/searcher.ts';
import type { Passage, SourceView } from '../types.ts';
import { isolate, isolateLtr, rtlLines } from '../text/bidi.ts';
import { escapeUntrusted } from './escape.ts';
import { chunk, embedSize, LIMITS, totalEmbedSize, truncate } from './limits.ts';
import { citationFields, COLORS, NONE, type MessageData, truncateIsolated } from './render.ts';

/**
 * `/source`: the passage in full, then its neighbours. Usually one message; a passage too long for
 * one message continues in follow-ups, so nothing of it is ever cut.
 */
export function renderSource(view: SourceView): MessageData[] {
  const { passage } = view;
  const title = truncateIsolated('', passage.article.title ?? 'Untitled article', LIMITS.title);
  const parts = chunk(escapeUntrusted(passage.text), LIMITS.description - 64);
  const main: APIEmbed[] = parts.map((part, i) => ({
    color: COLORS.source,
    title: i === 0 ? title : truncate(`(continued ${i + 1}/${parts.length})`, LIMITS.title),
    description: rtlLines(part),
  }));
  main[0]!.fields = citationFields(passage);

  const neighbours: APIEmbed[] = [];
  const used = parts.length === 1 ? totalEmbedSize(main) : 0;
  const room = Math.floor((LIMITS.embedTotal - used) / 2) - 40;
  if (view.before.length > 0) neighbours.push(neighbourEmbed('Before', view.before, room));
  if (view.after.length > 0) neighbours.push(neighbourEmbed('After', view.after, room));
  return pack([...main, ...neighbours]).map((embeds, i) => ({
    content: i === 0 ? `Passage \`${passage.id}\`, paragraph ${passage.paragraph} of its article:` : undefined,
    embeds,
    components: [],
  }));
}

function neighbourEmbed(label: string, passages: Passage[], room: number): APIEmbed {
  const budget = Math.max(200, Math.min(LIMITS.description, room)) - label.length;
  const each = Math.floor(budget / passages.length);
  const blocks = passages.map((p) => {
    const head = `\`${p.id}\` (paragraph ${p.paragraph})\n`;
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
function languages(stats: IndexStats): string {
  return stats.embedder.kind === 'transformers' ? 'in Arabic or English' : 'in Arabic: this index has no language model, so English questions are not understood';
}

/** `/about`: what the bot knows and how to ask it. */
export function renderAbout(stats: IndexStats): MessageData {
  const { from, to } = stats.dateRange;
  const publishers = stats.publishers.length > 0 ? stats.publishers.map((name) => isolate(escapeUntrusted(name))).join(' · ') : NONE;
  const dates = from && to ? `${isolateLtr(from)} → ${isolateLtr(to)}` : NONE;
  const embed: APIEmbed = {
    color: COLORS.source,
    title: 'About this bot',
    description: [
      'I answer questions about a small collection of Arabic news articles on Nagorno-Karabakh (2020 and 2023) and cite the passages I found.',
      '',
      `**How to ask:** \`/ask question:<your question>\` (${languages(stats)}), optionally \`results:1–5\`.`,
      'Each answer lists passages with the best sentence in bold and a source id; `/source id:<id>` shows a passage in full.',
    ].join('\n'),
    fields: [
      { name: 'Articles', value: String(stats.articles), inline: true },
      { name: 'Passages', value: String(stats.passages), inline: true },
      { name: 'Files', value: String(stats.files), inline: true },
      { name: 'Publishers', value: truncate(publishers, LIMITS.fieldValue), inline: false },
      { name: 'Publication dates', value: dates, inline: true },
      { name: 'Embedder', value: truncate(describeEmbedder(stats.embedder), LIMITS.fieldValue), inline: true },
      { name: 'Index built', value: isolateLtr(stats.builtAt), inline: true },
    ],
  };
  return { embeds: [embed], components: [] };
}
