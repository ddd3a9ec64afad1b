import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stripControls } from '../../src/text/controls.ts';

describe('stripControls', () => {
  it.each([
    { what: 'colours', text: 'كم \x1b[31mعدد\x1b[0m', clean: 'كم عدد' },
    { what: 'a window title (OSC ended by BEL)', text: '\x1b]0;pwned\x07سؤال', clean: 'سؤال' },
    { what: 'a hyperlink (OSC 8 ended by ST)', text: '\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\', clean: 'click' },
    { what: 'cursor moves and clearing the screen', text: 'a\x1b[2J\x1b[1;1Hb', clean: 'ab' },
    { what: 'a carriage return that would overwrite the line', text: 'safe\rEVIL', clean: 'safeEVIL' },
    { what: 'backspace, bell, DEL and C1 controls', text: 'a\x08b\x07c\x7fd\x85e\x9b', clean: 'abcde' },
  ])('removes $what', ({ text, clean }) => {
    expect(stripControls(text)).toBe(clean);
  });

  it('keeps newlines, tabs, Arabic and bidi marks', () => {
    const text = 'سطر\tأول\n\u200Fسطر ثان 2023-09-23';
    expect(stripControls(text)).toBe(text);
  });

  it('never leaves a control character other than tab and newline', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => {
        expect(stripControls(text)).not.toMatch(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/);
      }),
    );
  });
});
