import { describe, expect, it } from 'vitest';
import { light10, light10Readings } from '../../src/text/stem.ts';
import { contentTerms, createTermProcessor, STOPWORDS, tokenize } from '../../src/text/tokens.ts';

describe('tokenize', () => {
  it('splits on punctuation and quotes, keeping letters and digits', () => {
    expect(tokenize('“ثمة 200 قتيل على الأقل”، وأكثر من 400 جريح!')).toEqual(['ثمه', '200', 'قتيل', 'علي', 'الاقل', 'واكثر', 'من', '400', 'جريح']);
  });

  it('keeps Latin words in lower case', () => {
    expect(tokenize('Published On 26/11/2020')).toEqual(['published', 'on', '26', '11', '2020']);
  });
});

describe('light10', () => {
  it.each([
    ['الانفصاليون', 'انفصال'],
    ['والمفاوضات', 'مفاوض'],
    ['بالجيش', 'جيش'],
    ['للامم', 'امم'],
    ['وقعت', 'وقعت'], // a four-letter word starting with و keeps it
    ['امين', 'امين'], // never below three letters: "ام" would collide
    ['قره', 'قره'],
    ['جريحا', 'جريح'], // accusative alef
    ['سلموا', 'سلم'], // plural past verb
    ['روسيا', 'روس'], // the country meets the adjective روسيه
  ])('stems %s to %s', (word, stem) => {
    expect(light10(word)).toBe(stem);
  });
});

describe('light10Readings', () => {
  it('reads a leading waw both as the conjunction and as part of the word', () => {
    expect(light10Readings('وضعتها')).toEqual(['ضعت', 'وضعت']);
    expect(light10Readings('وزاره')).toEqual(['زار', 'وزار']);
  });

  it('gives one reading when both agree or there is no waw', () => {
    expect(light10Readings('والمفاوضات')).toEqual(['مفاوض']);
    expect(light10Readings('الانفصاليون')).toEqual(['انفصال']);
  });
});

describe('createTermProcessor', () => {
  const process = createTermProcessor('light10');

  it('drops stopwords and question words', () => {
    expect(contentTerms('ما هو الذي قال إن من في على', process)).toEqual([]);
  });

  it('keeps news words that the stock stopword list would drop', () => {
    for (const word of ['وقف', 'الامين', 'مليون', 'عشرة']) expect(STOPWORDS.has(word), word).toBe(false);
  });

  it('maps number words to digits so that "السبع" meets "7"', () => {
    expect(contentTerms('المحافظات السبع', process)).toEqual(['محافظ', 'محافظه', '7']);
    expect(contentTerms('أربعة وعشرة', process)).toEqual(['4', '10']);
  });

  it('stems Latin words with the English Snowball stemmer', () => {
    expect(contentTerms('ministers signed', process)).toEqual(['minist', 'sign']);
  });

  it('offers Snowball for Arabic too', () => {
    expect(contentTerms('الانفصاليون', createTermProcessor('snowball'))).toEqual(['انفصال']);
  });
});

describe('question words', () => {
  it('drops run-together and colloquial spellings of question words ("ماهو", "اللتى", "مين")', () => {
    const process = createTermProcessor('light10');
    expect(['ماهو', 'ماهي', 'اللتى', 'مين'].map((w) => process(tokenize(w)[0]!))).toEqual([null, null, null, null]);
  });
});
