import { describe, expect, it } from 'vitest';
import { isEnglish, Lexicon, understandEnglish, type IndexVocabulary } from '../../src/translate/english.ts';
import { matchName, namePattern } from '../../src/translate/transliterate.ts';
import { tokenize } from '../../src/text/tokens.ts';

/** A vocabulary built from a few real seed sentences. */
function vocabularyOf(text: string): IndexVocabulary {
  const words = new Map<string, number>();
  for (const w of tokenize(text)) words.set(w, (words.get(w) ?? 0) + 1);
  return { contains: (arabic) => tokenize(arabic).every((w) => words.has(w) || words.has(`ال${w}`)), words: () => words };
}

const seedText =
  'وأفاد الكرملين بأن بوتين أبلغ رئيس الوزراء الأرميني. قال الرئيس الأذربيجاني إلهام علييف. أمين المظالم قوات حفظ السلام في قره باغ. مجلس الشيوخ الفرنسي. السنوات الماضية السفير';

describe('understandEnglish', () => {
  const vocabulary = vocabularyOf(seedText);

  it('uses the phrase table for multiword terms and spellings, then the dictionary', () => {
    const understood = understandEnglish('Where are the peacekeepers in Karabakh?', vocabulary);
    expect(understood).toContainEqual({ english: 'peacekeepers', arabic: ['قوات حفظ السلام', 'حفظ السلام'], how: 'phrase' });
    expect(understood).toContainEqual({ english: 'Karabakh', arabic: ['قره باغ'], how: 'phrase' });
    expect(understandEnglish('the ambassador', vocabulary)).toContainEqual({ english: 'ambassador', arabic: ['السفير'], how: 'dictionary' });
  });

  it('spells names the way the corpus does, but only after the dictionary ("Senate" is not السنوات)', () => {
    const understood = understandEnglish('What did Putin tell Aliyev about the Senate?', vocabulary);
    expect(understood).toContainEqual({ english: 'Putin', arabic: ['بوتين'], how: 'name' });
    expect(understood).toContainEqual({ english: 'Aliyev', arabic: ['علييف'], how: 'name' });
    expect(understood).toContainEqual({ english: 'Senate', arabic: ['مجلس الشيوخ'], how: 'dictionary' });
  });

  it('keeps a content word it cannot place, with no Arabic, so it counts against coverage', () => {
    expect(understandEnglish('weather in Putin', vocabulary)).toContainEqual({ english: 'weather', arabic: [], how: 'none' });
  });
});

describe('names and language', () => {
  it('matches a transliteration against the words of the index only', () => {
    const words = new Map([['بوتين', 3], ['بوتان', 1], ['والبوتين', 1]]);
    expect(matchName('Putin', words)).toBe('بوتين');
    expect(matchName('Zelensky', words)).toBeNull();
    expect(namePattern('Li')).toBeNull();
  });

  it('tells English questions from Arabic ones', () => {
    expect(isEnglish('Who is Putin?')).toBe(true);
    expect(isEnglish('من هو Putin؟')).toBe(false);
  });
});

describe('Lexicon', () => {
  it('finds headwords of an unsorted list, the later line winning, and splits their senses on lookup', () => {
    const lexicon = new Lexicon('# comment\tnot an entry\nwar\tحرب| نزاع |\n army \tجيش\r\nno tab here\nwar\tقتال\n\nally\tحليف\textra');
    expect(lexicon.get('war')).toEqual(['قتال']);
    expect(lexicon.get('army')).toEqual(['جيش']);
    expect(lexicon.get('ally')).toEqual(['حليف']);
    expect([lexicon.has('# comment'), lexicon.has('no tab here'), lexicon.has('peace'), lexicon.get('peace')]).toEqual([false, false, false, undefined]);
  });
});
