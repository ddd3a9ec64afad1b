import { rtlLines } from '../text/bidi.ts';
import { escapeUntrusted } from './escape.ts';
import { truncate, truncateStart } from './limits.ts';

/**
 * The passage as embed text: the best sentence in bold, markdown escaped, every line RTL, and cut
 * to `budget` characters around the sentence so the highlight always stays visible.
 */
export function highlightPassage(text: string, sentence: string, budget: number): string {
  const target = sentence.trim();
  const at = target === '' ? -1 : text.indexOf(target);
  if (at < 0) return fitPlain(text, budget);
  const before = text.slice(0, at);
  const after = text.slice(at + target.length);
  const render = (b: string, s: string, a: string) =>
    rtlLines(escapeUntrusted(b) + boldLines(escapeUntrusted(s)) + escapeUntrusted(a));
  const full = render(before, target, after);
  if (full.length <= budget) return full;

  // Give the sentence what it needs (up to the whole budget), then context: a third before, the rest after.
  let scale = 1;
  for (let attempt = 0; attempt < 40; attempt++) {
    const room = Math.floor(budget * scale);
    const sentenceRoom = Math.min(target.length, Math.max(1, room - 16));
    const context = Math.max(0, room - sentenceRoom - 16);
    const b = before.length === 0 ? '' : truncateStart(before, Math.floor(context / 3));
    const s = truncate(target, sentenceRoom);
    const a = after.length === 0 ? '' : truncate(after, context - b.length);
    const out = render(b === '…' ? '' : b, s, a === '…' ? '' : a);
    if (out.length <= budget) return out;
    scale *= 0.93;
  }
  return fitPlain(text, budget);
}

/** Bold does not cross line breaks reliably in Discord, so each line of the sentence is wrapped. */
function boldLines(text: string): string {
  return text
    .split('\n')
    .map((line) => (line.trim() === '' ? line : `**${line}**`))
    .join('\n');
}

function fitPlain(text: string, budget: number): string {
  let room = budget;
  for (;;) {
    const out = rtlLines(escapeUntrusted(truncate(text, room)));
    if (out.length <= budget || room <= 1) return out.slice(0, budget);
    room -= Math.max(1, out.length - budget);
  }
}
