import { describe, expect, it } from 'vitest';
import { splitArticles } from '../../src/ingest/articles.ts';
import { buildPassages, defaultPassageOptions, passageId, splitLongText } from '../../src/ingest/passages.ts';
import type { Article } from '../../src/types.ts';
import { seedFiles, seedText } from '../helpers/seeds.ts';

const seedPassages = () => {
  const used = new Set<string>();
  return seedFiles.flatMap((f) => buildPassages(splitArticles(f, seedText(f)), used));
};

describe('passageId', () => {
  it('is short, lower-case and free of look-alike characters', () => {
    for (const p of seedPassages()) expect(p.id).toMatch(/^[a-hj-km-np-z2-9]{8,12}$/);
  });

  it('is the same after a rebuild and changes with the text', () => {
    expect(seedPassages().map((p) => p.id)).toEqual(seedPassages().map((p) => p.id));
    expect(passageId('a.txt', 'نص واحد')).not.toBe(passageId('a.txt', 'نص آخر'));
    expect(passageId('a.txt', 'نص واحد')).not.toBe(passageId('b.txt', 'نص واحد'));
  });

  it('ignores differences that normalization removes (diacritics, invisible marks)', () => {
    expect(passageId('a.txt', 'عسكريًا')).toBe(passageId('a.txt', 'عسكريا'));
  });

  it('is unique across the corpus', () => {
    const ids = seedPassages().map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
  });
});

describe('buildPassages', () => {
  it('cites each passage by article and position, with the heading line first', () => {
    const passages = buildPassages(splitArticles('001_b2d432f4c5225c23.txt', seedText('001_b2d432f4c5225c23.txt')));
    const headed = passages.find((p) => p.text.startsWith('قوات روسية\n'))!;
    expect(headed.paragraph).toBe(5);
    expect(headed.article).toMatchObject({ file: '001_b2d432f4c5225c23.txt', articleIndex: 0 });
    expect(passages.map((p) => p.paragraph)).toEqual(passages.map((_, i) => i + 1));
  });

  it('keeps a paragraph that the page repeats, exactly or nearly, once', () => {
    const text = seedText('000_f128db0503374b86.txt').split('\n').find((l) => l.startsWith('وكانت أذربيجان قدرت'))!;
    const article: Article = {
      file: 'dup.txt', articleIndex: 0, title: null, publisher: null, published: null,
      paragraphs: [{ heading: null, text }, { heading: null, text }, { heading: null, text: text.replace('نحو 100', 'نحو 100،') }],
    };
    expect(buildPassages([article])).toHaveLength(1);
  });

  it('gives a colliding id a longer one instead of a duplicate', () => {
    const article: Article = { file: 'x.txt', articleIndex: 0, title: null, publisher: null, published: null, paragraphs: [{ heading: null, text: 'فقرة أولى من النص هنا.' }] };
    const used = new Set([passageId('x.txt', 'فقرة أولى من النص هنا.')]);
    expect(buildPassages([article], used)[0]!.id).toHaveLength(9);
  });
});

describe('splitLongText', () => {
  const longest = seedPassages().map((p) => p.text).sort((a, b) => b.length - a.length)[0]!;

  it('leaves paragraphs up to maxChars whole', () => {
    expect(splitLongText(longest)).toEqual([longest]);
  });

  it('keeps an encyclopedia-length paragraph (1,500 characters) whole and cuts one over 2,000', () => {
    const sentences = seedText('003_3be7c62d43463b36.txt').split('\n').filter((l) => l.length > 150);
    const paragraph = (chars: number) => {
      let text = sentences[0]!;
      for (let i = 1; text.length < chars; i++) text += ` ${sentences[i % sentences.length]}`;
      return text;
    };
    const whole = paragraph(1500);
    expect(whole.length).toBeLessThanOrEqual(defaultPassageOptions.maxChars);
    expect(splitLongText(whole)).toEqual([whole]);
    expect(splitLongText(paragraph(2300)).length).toBeGreaterThan(1);
  });

  it('cuts a long paragraph at sentence ends, repeating one sentence across the cut', () => {
    const sentences = Array.from({ length: 12 }, (_, i) => `هذه هي الجملة رقم ${i + 1} في فقرة طويلة جدا من نص الخبر المنشور.`);
    const pieces = splitLongText(sentences.join(' '), { ...defaultPassageOptions, maxChars: 200 });
    expect(pieces.length).toBeGreaterThan(2);
    for (const piece of pieces) expect(piece.length).toBeLessThanOrEqual(200 + sentences[0]!.length);
    for (let i = 1; i < pieces.length; i++) {
      const lastOfPrevious = pieces[i - 1]!.split(/(?<=\.) /).at(-1)!;
      expect(pieces[i]!.startsWith(lastOfPrevious)).toBe(true);
    }
    expect(pieces.join(' ')).toContain(sentences.at(-1)!);
  });
});
