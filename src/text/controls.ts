import { stripVTControlCharacters } from 'node:util';

/** C0 controls except tab and newline, DEL and C1 controls: what is left once escape sequences are gone. */
const CONTROLS = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/g;

/**
 * Text from a user or a scraped page, safe to print on a terminal: ANSI and OSC escape sequences
 * (colours, cursor moves, window titles, hyperlinks) and other control characters are removed, so a
 * question or a passage can neither restyle nor rewrite the screen. Tabs and newlines stay.
 */
export function stripControls(text: string): string {
  return stripVTControlCharacters(text).replace(CONTROLS, '');
}
