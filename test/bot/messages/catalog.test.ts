import { describe, expect, it } from 'vitest';
import { ar } from '../../../src/bot/messages/ar.ts';
import { en } from '../../../src/bot/messages/en.ts';
import { languageOf, localeLanguage, messages } from '../../../src/bot/messages/index.ts';

/** Calls a catalog entry with sample arguments of the right types, so every function is exercised. */
function sample(value: string | ((...args: any[]) => string)): string {
  if (typeof value === 'string') return value;
  const args = Array.from({ length: value.length }, (_, i) => (i === 0 && value.length === 1 ? 7 : i % 2 === 0 ? 'X' : 3));
  return value(...(args as never[]));
}

describe('the message catalog', () => {
  it('has every English key in Arabic, and no key English lacks', () => {
    // The type checker enforces this too (ar.ts `satisfies Messages`); this catches a cast or an `any`.
    expect(Object.keys(ar).sort()).toEqual(Object.keys(en).sort());
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      expect(typeof ar[key], key).toBe(typeof en[key]);
      if (typeof en[key] === 'function')
        expect((ar[key] as (...a: unknown[]) => string).length, key).toBe((en[key] as (...a: unknown[]) => string).length);
    }
  });

  it('says everything in Arabic in ar.ts and in English in en.ts', () => {
    for (const key of Object.keys(en) as (keyof typeof en)[]) {
      const arabic = sample(ar[key]);
      const english = sample(en[key]);
      expect(arabic.trim().length, key).toBeGreaterThan(0);
      expect(english.trim().length, key).toBeGreaterThan(0);
      // Words of the bot's own (not ids or commands) are in the catalog's language; punctuation (the
      // list separator "، ") has no words, only its language's form.
      const words = /\p{L}/u.test(arabic);
      expect(!words || /\p{Script=Arabic}/u.test(arabic), `ar.${key}: ${arabic}`).toBe(true);
      if (!words) expect(arabic, `ar.${key}`).not.toBe(english);
      if (!['emptyQuestion', 'mentionEmpty'].includes(key)) expect(/\p{Script=Arabic}/u.test(english), `en.${key}`).toBe(false);
    }
  });

  it('keeps the arguments it is given (numbers, ids, the question)', () => {
    expect(ar.rateLimited(12)).toContain('12');
    expect(ar.failed('A1B2C3')).toContain('A1B2C3');
    expect(en.tooLong(600, 500)).toBe('The question is 600 characters long; the limit is 500: shorten it to the point you want answered.');
    expect(ar.passagesFor(ar.range(1, 3, 15), 'Q')).toBe('المقاطع 1–3 من 15 عن Q:');
  });
});

describe('languageOf', () => {
  it('answers by the script most letters are in; text without letters takes the fallback', () => {
    expect(languageOf('كم عدد المركبات المدرعة؟', 'en')).toBe('ar');
    expect(languageOf('How many armoured vehicles?', 'ar')).toBe('en');
    expect(languageOf('What did Aliyev (علييف) say about it?', 'ar')).toBe('en');
    expect(languageOf('ماذا قال Aliyev؟', 'en')).toBe('ar');
    expect(languageOf('؟ 2023 !', 'ar')).toBe('ar');
    expect(languageOf('؟ 2023 !', 'en')).toBe('en');
  });
});

describe('localeLanguage', () => {
  it('is Arabic for ar locales and English otherwise', () => {
    expect(localeLanguage('ar')).toBe('ar');
    expect(localeLanguage('ar-EG')).toBe('ar');
    expect(localeLanguage('en-US')).toBe('en');
    expect(localeLanguage('fr')).toBe('en');
    expect(localeLanguage(undefined)).toBe('en');
    expect(messages('ar')).toBe(ar);
  });
});
