import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { silentLogger } from '../../src/log.ts';
import { createStoryGrouper, SAME_STORY_JACCARD, storyPassagesOf } from '../../src/search/same-story.ts';
import { openSearcher, type Searcher } from '../../src/search/searcher.ts';
import type { Passage } from '../../src/types.ts';
import { buildSeedIndex, openSeedSearcher } from '../helpers/seed-index.ts';
import { writeTwoOutletSeeds } from '../helpers/two-outlets.ts';

const CIVILIANS = 'كم عدد المدنيين في القاعدة العسكرية الروسية؟';

describe('the same story across outlets', () => {
  let twoOutlets: Searcher;
  beforeAll(async () => {
    const indexDir = await buildSeedIndex(writeTwoOutletSeeds());
    twoOutlets = await openSearcher({ indexDir, config: loadConfig({}), log: silentLogger });
  });

  it('shows the report once and lists the other outlet under it, keeping the result slots for other passages', async () => {
    const { results } = await twoOutlets.search(CIVILIANS);
    expect(results).toHaveLength(5);
    const [first] = results;
    expect(first!.sentence).toContain('2116 مدني');
    expect(first!.alsoIn).toHaveLength(1);
    const outlets = [first!.passage, first!.alsoIn[0]!].map((p) => [p.article.publisher, p.article.published]);
    expect(outlets.sort()).toEqual([
      ['الأسبوع', '2023-09-20'],
      ['الجزيرة', '2023-09-23'],
    ]);
    expect(first!.alsoIn[0]!.id).not.toBe(first!.passage.id);
    // No other result repeats a shown one: each text (and each copy's twin) appears once.
    const shown = results.flatMap((r) => [r.passage, ...r.alsoIn]).map((p) => p.text.replace('يوم الأربعاء', 'اليوم الأربعاء'));
    const twins = results.filter((r) => r.alsoIn.length > 0).length;
    expect(new Set(shown).size).toBe(shown.length - twins);
  });

  it('lists a lightly edited copy too', async () => {
    const { results } = await twoOutlets.search('وافقوا على شروط قوات حفظ السلام الروسية بشأن وقف إطلاق النار');
    const edited = [results[0]!.passage, ...results[0]!.alsoIn].map((p) => p.text);
    expect(edited.some((t) => t.includes('يوم الأربعاء') && !t.includes('اليوم الأربعاء'))).toBe(true);
    expect(edited).toHaveLength(2);
  });

  it('keeps the other outlet out when a filter does', async () => {
    const { results } = await twoOutlets.search(CIVILIANS, { publisher: 'الأسبوع' });
    expect(results[0]!.alsoIn).toEqual([]);
    expect(results[0]!.passage.article.publisher).toBe('الأسبوع');
  });

  it('groups nothing on the seeds, whose articles tell different stories', async () => {
    const seeds = await openSeedSearcher();
    for (const q of [CIVILIANS, 'قوات حفظ السلام الروسية', 'وقف إطلاق النار في قره باغ', 'أذربيجان']) {
      const { results } = await seeds.search(q, { limit: 20 });
      expect(results).toHaveLength(20);
      for (const r of results) expect(r.alsoIn).toEqual([]);
    }
  });
});

describe('createStoryGrouper', () => {
  const art = (file: string) => ({ file, articleIndex: 0, title: null, publisher: file, published: null });
  const [a, b, c] = [art('a'), art('b'), art('c')];
  const report =
    'وقالت وزارة الدفاع الروسية في بيان إن الانفصاليين سلموا 6 وحدات من المركبات المدرعة وأكثر من 800 سلاح ناري. وأضافت أن المسلحين بدؤوا مغادرة مواقعهم.';
  const passage = (id: string, text: string, article = a): Passage => ({ id, text, article, paragraph: 1 });
  const passages = [
    passage('orig', report),
    passage('sameArticle', report, a), // a repeat within one article is not another outlet
    passage('edited', report.replace('وقالت', 'قالت').replace('وأضافت', 'كما أضافت'), b),
    passage('other', 'وكانت أذربيجان قدرت أن هناك نحو 10 آلاف مسلح أرميني في قره باغ يمتلكون نحو 100 دبابة ومدرعة.', b),
    passage('editedTwice', report.replace('بيان', 'بيان رسمي'), b), // a second passage of article b: listed once per article
    passage('third', report, c),
  ];

  it(`lists passages of other articles at Jaccard ≥ ${SAME_STORY_JACCARD} under the first, once per article, and fills the slots with others`, () => {
    const stories = createStoryGrouper(storyPassagesOf(passages))([0, 1, 2, 3, 4, 5], 2);
    expect(stories).toEqual([
      { label: 0, repeats: [2, 5] },
      { label: 1, repeats: [] },
    ]);
    expect(createStoryGrouper(storyPassagesOf(passages))([3, 2, 0, 5], 5)).toEqual([
      { label: 3, repeats: [] },
      { label: 2, repeats: [0, 5] },
    ]);
  });

  it('reads each passage once while the questions that find it keep coming back', () => {
    // 64 questions of 50 candidates each: more passages than the cache once held (2,000), so every
    // question re-read and re-split all of its candidates, and the discarded word sets grew the process.
    const many = Array.from({ length: 3200 }, (_, i) => passage(`p${i}`, `${report} ${i}`, art(`f${i}`)));
    const reads = new Map<number, number>();
    const group = createStoryGrouper({
      text: (label) => (reads.set(label, (reads.get(label) ?? 0) + 1), many[label]!.text),
      articleOf: (label) => many[label]!.article,
    });
    for (let round = 0; round < 2; round++)
      for (let q = 0; q < 64; q++)
        group(
          Array.from({ length: 50 }, (_, i) => q * 50 + i),
          5,
        );
    expect(Math.max(...reads.values())).toBe(1);
  });
});
