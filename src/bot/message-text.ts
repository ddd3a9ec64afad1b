/**
 * The words of a Discord message, for searching: without mentions (`<@id>`, `<@!id>`, `<@&id>`),
 * channel links (`<#id>`), custom emoji (`<:name:id>`) and links, which are markup or addresses rather
 * than what the message says. Trimmed; '' when nothing with a letter or digit is left.
 */
const MARKUP = /<(?:@[!&]?|#)\d+>|<a?:\w+:\d+>/g;
const LINK = /\b[a-z][a-z0-9+.-]*:\/\/\S+/gi;
const HAS_LINK = new RegExp(LINK.source, 'i');

export function messageWords(content: string): string {
  const words = content.replace(MARKUP, ' ').replace(LINK, ' ').replace(/\s+/g, ' ').trim();
  return /[\p{L}\p{N}]/u.test(words) ? words : '';
}

/** True when the message states nothing but links (and markup): Find sources has nothing to look up. */
export function onlyLinks(content: string): boolean {
  return messageWords(content) === '' && HAS_LINK.test(content);
}
