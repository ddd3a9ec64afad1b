import { beforeAll, describe, expect, it } from 'vitest';
import type { Searcher } from '../../src/search/searcher.ts';
import { openSeedSearcher } from '../helpers/seed-index.ts';
import { seedText } from '../helpers/seeds.ts';

let searcher: Searcher;
beforeAll(async () => {
  searcher = await openSeedSearcher();
});

describe('search', () => {
  // A small ranking set over the real seeds (not the dev questions): the passage that must come first.
  it.each([
    ['ما اسم رئيس الوزراء الأرميني الذي اتصل به بوتين؟', 'نيكول باشينيان', '001_b2d432f4c5225c23.txt'],
    ['كم شخصا قتلوا بحسب أرمينيا؟', '32 شخصا قتلوا', '001_b2d432f4c5225c23.txt'],
    ['متي تم الاتفاق الثلاثي لوقف اطلاق النار بدعم من موسكو', 'اتفاق ثلاثي لوقف إطلاق النار', '004_43f431016a0d73b2.txt'],
    ['من هو امين المظالم في قره باغ', 'غيغام ستيبانيان', '001_b2d432f4c5225c23.txt'],
    ['أين اجتمع ممثلو كييف وواشنطن؟', 'العاصمة السعودية الرياض', '002_ccbd85f9e8a8f053.txt'],
  ])('answers %s with the passage that says "%s"', async (question, answer, file) => {
    const { results, confident } = await searcher.search(question);
    expect(results[0]!.passage.text).toContain(answer);
    expect(results[0]!.passage.article.file).toBe(file);
    expect(confident).toBe(true);
  });

  it('returns five results by default, best first, each with a sentence of its own passage', async () => {
    const { results } = await searcher.search('قوات حفظ السلام الروسية');
    expect(results).toHaveLength(5);
    for (let i = 1; i < results.length; i++) expect(results[i]!.score).toBeLessThanOrEqual(results[i - 1]!.score);
    for (const r of results) expect(r.passage.text).toContain(r.sentence);
  });

  it('marks the sentence that holds the answer', async () => {
    const { results } = await searcher.search('كم عدد المدنيين في القاعدة العسكرية الروسية؟');
    expect(results[0]!.sentence).toContain('2116 مدني');
  });

  it('quotes passages exactly as written in the seed', async () => {
    const { results } = await searcher.search('تسليم الأسلحة');
    for (const r of results) expect(seedText(r.passage.article.file)).toContain(r.passage.text.split('\n').at(-1));
  });

  it('credits the appended Moroccan story to its own outlet, not to the page', async () => {
    const { results } = await searcher.search('صفقة النظافة بمدينة الجديدة');
    expect(results[0]!.passage.article).toMatchObject({ articleIndex: 1, publisher: 'زنقة 20', published: null });
  });

  it.each([['من فاز بكأس العالم لكرة القدم؟'], ['كيف أطبخ الأرز بالدجاج؟'], ['What is the weather in Paris tomorrow?']])(
    'is not confident about %s, which the articles do not answer',
    async (question) => {
      expect((await searcher.search(question)).confident).toBe(false);
    },
  );

  it('rejects a question without words', async () => {
    await expect(searcher.search(' ؟ ')).rejects.toThrow('only punctuation');
  });

  it('honours the limit', async () => {
    expect((await searcher.search('أذربيجان', { limit: 2 })).results).toHaveLength(2);
  });
});

describe('source', () => {
  it('shows a passage with its neighbours from the same article', async () => {
    const { results } = await searcher.search('غيغام ستيبانيان');
    const view = searcher.source(results[0]!.passage.id.toUpperCase() + ' ');
    expect(view.passage.id).toBe(results[0]!.passage.id);
    expect(view.before.map((p) => p.paragraph)).toEqual([view.passage.paragraph - 1]);
    expect(view.after.map((p) => p.paragraph)).toEqual([view.passage.paragraph + 1]);
  });

  it('stops at the article boundary', () => {
    const first = searcher.suggest('', 100).find((p) => p.article.articleIndex === 1 && p.paragraph === 1)!;
    expect(searcher.source(first.id).before).toEqual([]);
  });

  it('says how to find ids when one is unknown', () => {
    expect(() => searcher.source('zzzzzzzz')).toThrow('There is no passage with id "zzzzzzzz": ids are shown next to each answer');
  });
});

describe('suggest', () => {
  it('completes an id prefix', () => {
    const id = searcher.suggest('', 1)[0]!.id;
    expect(searcher.suggest(id.slice(0, 3)).map((p) => p.id)).toContain(id);
  });

  it('finds passages by the start of their words', () => {
    const found = searcher.suggest('ستيبان');
    expect(found.some((p) => p.text.includes('غيغام ستيبانيان'))).toBe(true);
    expect(found.every((p) => p.text.includes('ستيبان'))).toBe(true);
  });

  it('returns at most the limit', () => {
    expect(searcher.suggest('', 25)).toHaveLength(25);
  });
});

describe('stats', () => {
  it('describes the corpus', () => {
    expect(searcher.stats()).toMatchObject({
      files: 5,
      articles: 7,
      publishers: ['الأسبوع', 'الجزيرة', 'زنقة 20', 'ليفانت نيوز'],
      dateRange: { from: '2020-11-26', to: '2023-09-23' },
      embedder: { kind: 'ngram' },
    });
  });
});
