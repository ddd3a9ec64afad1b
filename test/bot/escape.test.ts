import { describe, expect, it } from 'vitest';
import { escapeUntrusted } from '../../src/bot/escape.ts';

const ZWSP = '\u200B';

describe('escapeUntrusted', () => {
  it.each([
    ['a user mention', 'hi <@123> there', `hi <@${ZWSP}123> there`],
    ['a nickname mention', '<@!123>', `<@${ZWSP}!123>`],
    ['a role mention', '<@&456>', `<@${ZWSP}&456>`],
    ['@everyone and @here', '@everyone @here', `@${ZWSP}everyone @${ZWSP}here`],
    ['an unclosed code fence', '```\nnext line', '\\`\\`\\`\nnext line'],
    ['a masked link (target unlinked too)', '[masked](https://x)', `\\[masked](https${ZWSP}://x)`],
    ['a heading', '# heading', '\\# heading'],
    ['a bulleted list', '- item\n* item', '\\- item\n\\* item'],
    ['a numbered list', '1. item', '1\\. item'],
    ['a block quote and subtext', '> quoted\n-# small', '\\> quoted\n\\-# small'],
    ['a bare link', 'see https://example.com/a_b now', `see https${ZWSP}://example.com/a\\_b now`],
    ['bold, italics, spoilers, strikes, backslashes', '**b** _i_ ||s|| ~~x~~ \\', '\\*\\*b\\*\\* \\_i\\_ \\|\\|s\\|\\| \\~\\~x\\~\\~ \\\\'],
  ])('neutralizes %s', (_label, input, expected) => {
    expect(escapeUntrusted(input)).toBe(expected);
  });

  it('leaves ordinary Arabic text, dates with @ and e-mail addresses alone', () => {
    const text = 'قالت الوزارة في 2023-09-19@18:08 إن 6 وحدات سلمت. press@example.com';
    expect(escapeUntrusted(text)).toBe(text);
  });
});
