import { describe, expect, it } from 'vitest';
import { messageWords, onlyLinks } from '../../src/bot/message-text.ts';

describe('messageWords', () => {
  it('drops mentions, channels, custom emoji and links, keeping what the message says', () => {
    expect(messageWords('<@900000000000000001> كم عدد المركبات؟')).toBe('كم عدد المركبات؟');
    expect(messageWords('<@!900000000000000001>   ما دور <@&12345678901234567> في <#12345678901234567>?')).toBe('ما دور في ?');
    expect(messageWords('see https://example.com/a?b=c <:flag:12345678901234567> now')).toBe('see now');
  });

  it('is empty when nothing with a letter or digit is left', () => {
    expect(messageWords('')).toBe('');
    expect(messageWords('<@900000000000000001>')).toBe('');
    expect(messageWords('https://example.com/story ?!')).toBe('');
    expect(messageWords('2023')).toBe('2023');
  });
});

describe('onlyLinks', () => {
  it('is true for a message of links alone, false for text or nothing', () => {
    expect(onlyLinks('https://example.com/story')).toBe(true);
    expect(onlyLinks('<https://example.com/a> https://example.com/b')).toBe(true);
    expect(onlyLinks('read this https://example.com/story')).toBe(false);
    expect(onlyLinks('')).toBe(false);
    // Called twice in a row: no regex state carries over.
    expect(onlyLinks('https://example.com/story')).toBe(true);
  });
});
