import { escapeMarkdown } from 'discord.js';

/**
 * Untrusted text (the user's question, scraped passages, titles, outlets, file names) as Discord
 * shows it: literally. Three layers, because each covers what the others cannot:
 * - links are broken before anything else (a zero-width space between the scheme and `://`), so a
 *   bare URL or the target of a masked link is neither clickable nor previewed; the text still reads
 *   as the address;
 * - mentions get a zero-width space after `@` (as discord.py's escape_mentions does), so `<@id>`,
 *   `<@&id>`, `@everyone` and `@here` show as plain text; the client's `allowedMentions: { parse: [] }`
 *   already stops them from pinging, this also stops them from rendering as a mention;
 * - discord.js' own escapeMarkdown with every option on (masked links, headings, bulleted and
 *   numbered lists are off by default), plus the two line-start markers it does not know: block
 *   quotes (`>`) and subtext (`-#`).
 */
const MARKDOWN = { heading: true, bulletedList: true, numberedList: true, maskedLink: true } as const;
const ZWSP = '\u200B';
const scheme = /\b([a-z][a-z0-9+.-]*):\/\//gi;
const mention = /@(everyone\b|here\b|[!&]?\d+>)/g;
const lineStart = /^( *)(>|-#)/gm;

export function escapeUntrusted(text: string): string {
  const unlinked = text.replace(scheme, `$1${ZWSP}://`).replace(mention, `@${ZWSP}$1`);
  return escapeMarkdown(unlinked, MARKDOWN).replace(lineStart, '$1\\$2');
}
