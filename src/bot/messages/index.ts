import { ar } from './ar.ts';
import { en, type Messages } from './en.ts';

export type Lang = 'ar' | 'en';
export type { Messages };

const catalogs: Readonly<Record<Lang, Messages>> = { ar, en };

export function messages(lang: Lang): Messages {
  return catalogs[lang];
}

/**
 * The language to answer `text` in, by the script most of its letters are written in (Arabic wins a
 * tie: the corpus is Arabic). Text with no letters (digits, punctuation, even "؟") gives `fallback`.
 */
export function languageOf(text: string, fallback: Lang): Lang {
  let arabic = 0;
  let latin = 0;
  for (const letter of text.match(/\p{L}/gu) ?? []) {
    if (/\p{Script=Arabic}/u.test(letter)) arabic += 1;
    else if (/\p{Script=Latin}/u.test(letter)) latin += 1;
  }
  if (arabic === 0 && latin === 0) return fallback;
  return arabic >= latin ? 'ar' : 'en';
}

/**
 * The language of a Discord locale ("ar…" → Arabic, anything else English), for replies that have no
 * question to go by. Discord's client offers no Arabic interface today, so this is mostly English.
 */
export function localeLanguage(locale: string | null | undefined): Lang {
  return locale?.toLowerCase().startsWith('ar') ? 'ar' : 'en';
}
