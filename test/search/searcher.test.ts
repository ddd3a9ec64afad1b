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

describe('filters', () => {
  const ceasefire = 'قوات حفظ السلام الروسية';

  it('returns as many results as there are matching passages, not the top ones filtered afterwards', async () => {
    // The only articles of September 2023 are Al Jazeera's (15 passages) and Al-Osboa's (5).
    const { results, skippedUndated, filter } = await searcher.search(ceasefire, { since: '2023-09', until: '2023-09', limit: 20 });
    expect(filter).toEqual({ publisher: null, since: '2023-09-01', until: '2023-09-30' });
    // Every passage of the period that shares a word with the question comes back (20 would be all of
    // them): far more than the 5 that filtering the top 5 afterwards could give.
    expect(results.length).toBeGreaterThanOrEqual(18);
    expect(new Set(results.map((r) => r.passage.article.published))).toEqual(new Set(['2023-09-20', '2023-09-23']));
    expect(skippedUndated).toBe(4); // the Moroccan and Ukrainian stories, seed 001 and Levant News state no date
  });

  it('narrows to one outlet, its name matched whatever the hamza', async () => {
    const { results, skippedUndated, filter } = await searcher.search(ceasefire, { publisher: 'الاسبوع' });
    expect(filter).toEqual({ publisher: 'الأسبوع', since: null, until: null });
    // Al-Osboa's article has 5 passages; the 4 that share a word with the question all come back.
    expect(results.length).toBeGreaterThanOrEqual(4);
    for (const r of results) expect(r.passage.article.publisher).toBe('الأسبوع');
    expect(skippedUndated).toBe(0);
  });

  it('finds the 2020 article through until alone', async () => {
    const { results } = await searcher.search('متي تم الاتفاق الثلاثي لوقف اطلاق النار', { until: '2020' });
    expect(results[0]!.passage.article).toMatchObject({ file: '003_3be7c62d43463b36.txt', published: '2020-11-26' });
    for (const r of results) expect(r.passage.article.published! <= '2020-12-31').toBe(true);
  });

  it('answers nothing, not confidently, when no passage matches', async () => {
    expect(await searcher.search(ceasefire, { since: '2024' })).toEqual({
      query: ceasefire,
      confident: false,
      results: [],
      skippedUndated: 4,
      filter: { publisher: null, since: '2024-01-01', until: null },
    });
    expect(await searcher.search(ceasefire, { publisher: 'زنقة 20', until: '2023' })).toMatchObject({ results: [], skippedUndated: 1 });
  });

  it('refuses a bad date or an unknown outlet with what to type instead', async () => {
    await expect(searcher.search(ceasefire, { since: 'أمس' })).rejects.toThrow("since must be a date like 2023, 2023-09 or 2023-09-20, got 'أمس'.");
    await expect(searcher.search(ceasefire, { until: '2023-09-31' })).rejects.toThrow(
      "until must be a date like 2023, 2023-09 or 2023-09-20, got '2023-09-31'.",
    );
    await expect(searcher.search(ceasefire, { publisher: 'رويترز' })).rejects.toThrow(
      "No outlet named 'رويترز' in the index; outlets: الجزيرة, ليفانت نيوز, زنقة 20, الأسبوع.",
    );
  });

  it('offers the outlets for autocomplete, most passages first', () => {
    expect(searcher.publishers()).toEqual(['الجزيرة', 'ليفانت نيوز', 'زنقة 20', 'الأسبوع']);
  });
});
