import type { APIEmbed } from 'discord.js';

/** Discord's message limits (https://discord.com/developers/docs/resources/message#embed-object-embed-limits). */
export const LIMITS = {
  content: 2000,
  embedsPerMessage: 10,
  embedTotal: 6000,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  authorName: 256,
  choices: 25,
  choiceName: 100,
} as const;

const ELLIPSIS = '…';

/** The characters Discord counts towards the 6000 total of one message's embeds. */
export function embedSize(embed: APIEmbed): number {
  let size = (embed.title?.length ?? 0) + (embed.description?.length ?? 0);
  size += (embed.footer?.text.length ?? 0) + (embed.author?.name.length ?? 0);
  for (const field of embed.fields ?? []) size += field.name.length + field.value.length;
  return size;
}

export function totalEmbedSize(embeds: APIEmbed[]): number {
  return embeds.reduce((sum, embed) => sum + embedSize(embed), 0);
}

/** Cuts `text` to at most `max` characters, at a word boundary when one is near, marking the cut. */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= ELLIPSIS.length) return ELLIPSIS.slice(0, Math.max(0, max));
  let cut = text.slice(0, max - ELLIPSIS.length);
  const space = cut.lastIndexOf(' ');
  if (space > cut.length * 0.8) cut = cut.slice(0, space);
  return cutSurrogate(cut).trimEnd() + ELLIPSIS;
}

/** Keeps the last `max` characters of `text` (cutting at a word boundary), marking the cut at the start. */
export function truncateStart(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max <= ELLIPSIS.length) return ELLIPSIS.slice(0, Math.max(0, max));
  let cut = text.slice(text.length - (max - ELLIPSIS.length));
  const space = cut.indexOf(' ');
  if (space >= 0 && space < cut.length * 0.2) cut = cut.slice(space + 1);
  if (/^[\uDC00-\uDFFF]/.test(cut)) cut = cut.slice(1);
  return ELLIPSIS + cut.trimStart();
}

/** Never leave half of a surrogate pair (an emoji) at the end of a cut. */
function cutSurrogate(text: string): string {
  return /[\uD800-\uDBFF]$/.test(text) ? text.slice(0, -1) : text;
}

/** Splits text into chunks of at most `max` characters, preferring paragraph, then word breaks. */
export function chunk(text: string, max: number): string[] {
  const chunks: string[] = [];
  let rest = text;
  while (rest.length > max) {
    let at = rest.lastIndexOf('\n', max);
    if (at < max * 0.5) at = rest.lastIndexOf(' ', max);
    if (at < max * 0.5) at = max;
    if (/[\uD800-\uDBFF]/.test(rest.charAt(at - 1))) at -= 1;
    chunks.push(rest.slice(0, at).trimEnd());
    rest = rest.slice(at).trimStart();
  }
  if (rest.length > 0 || chunks.length === 0) chunks.push(rest);
  return chunks;
}
