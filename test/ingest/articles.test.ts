import { describe, expect, it } from 'vitest';
import { splitArticles } from '../../src/ingest/articles.ts';
import { CHROME_RULES } from '../../src/ingest/rules.ts';
import { normalizeForMatch } from '../../src/text/normalize.ts';
import { seedFiles, seedText } from '../helpers/seeds.ts';

const articlesOf = (file: string) => splitArticles(file, seedText(file));
const allArticles = seedFiles.flatMap(articlesOf);

describe('splitArticles on the seeds', () => {
  it('finds the main article of every page and the two appended ones', () => {
    expect(allArticles.map((a) => `${a.file}#${a.articleIndex}`)).toEqual([
      '000_f128db0503374b86.txt#0',
      '000_f128db0503374b86.txt#1',
      '001_b2d432f4c5225c23.txt#0',
      '002_ccbd85f9e8a8f053.txt#0',
      '002_ccbd85f9e8a8f053.txt#1',
      '003_3be7c62d43463b36.txt#0',
      '004_43f431016a0d73b2.txt#0',
    ]);
  });

  // What each page's text states; null where it states nothing (never guessed or borrowed).
  it.each([
    ['000_f128db0503374b86.txt', 0, 'مفاوضات بين أذربيجان وانفصاليي قره باغ لسحب قواتهم', 'الجزيرة', '2023-09-23'],
    ['000_f128db0503374b86.txt', 1, 'صفقة نجل أحيزون تصل القضاء وفعاليات الجديدة تطالب عامل الإقليم بالتصدي لها', 'زنقة 20', null],
    ['001_b2d432f4c5225c23.txt', 0, null, null, null],
    ['002_ccbd85f9e8a8f053.txt', 0, 'تقارير: وقف إطلاق النار في كاراباخ.. وأذربيجان تجري مفاوضات غدا', 'الأسبوع', '2023-09-20'],
    ['002_ccbd85f9e8a8f053.txt', 1, 'انطلاق مفاوضات وقف الحرب الأوكرانية في الرياض', null, null],
    ['003_3be7c62d43463b36.txt', 0, 'اتفاق تركي روسي لإرسال مراقبين.. أذربيجان تستعيد كل ما خسرته بمحيط قره باغ في التسعينيات', 'الجزيرة', '2020-11-26'],
    ['004_43f431016a0d73b2.txt', 0, 'أذربيجان تشترط "تسليم القوات الأرمينية لأسلحتها" لوقف العملية العسكرية في قره باغ', 'ليفانت نيوز', null],
  ])('%s article %i: title, publisher and date as the text states them', (file, index, title, publisher, published) => {
    expect(articlesOf(file)[index]).toMatchObject({ title, publisher, published });
  });

  it('never dates an article by the page render stamp', () => {
    expect(allArticles.map((a) => a.published)).not.toContain('2024-09-19');
    expect(allArticles.map((a) => a.published)).not.toContain('2024-12-25');
  });

  it('keeps appended articles out of the page outlet', () => {
    const [main, appended] = articlesOf('000_f128db0503374b86.txt');
    expect(main!.publisher).toBe('الجزيرة');
    expect(appended!.publisher).not.toBe('الجزيرة');
    expect(appended!.paragraphs[0]!.text).toMatch(/^تتجه العصبة المغربية/);
    expect(main!.paragraphs.some((p) => p.text.includes('الجديدة'))).toBe(false);
  });

  it('attaches section headings to the paragraph below them', () => {
    const headed = articlesOf('001_b2d432f4c5225c23.txt')[0]!.paragraphs.filter((p) => p.heading);
    expect(headed.map((p) => p.heading)).toEqual(['قوات روسية', 'شأن داخلي', 'قتلى ونازحون']);
    expect(headed[0]!.text).toMatch(/^وتنتشر قوات حفظ السلام الروسية/);
  });

  it('does not take a Latin video caption for the heading of an Arabic paragraph', () => {
    const paragraphs = articlesOf('003_3be7c62d43463b36.txt')[0]!.paragraphs;
    expect(paragraphs.map((p) => p.heading)).not.toContain('Azerbaijanis celebrate liberation of Kalbajar Region');
  });

  it('keeps no page chrome, link lists, repeated titles or labels as paragraphs', () => {
    const texts = allArticles.flatMap((a) => a.paragraphs.flatMap((p) => [p.text, p.heading ?? '']));
    const leaks = ['كلمات دلالية', 'المصدر', 'تاريخ النشر', 'Published On', 'مقالات مشابهة', 'اترك تعليق', 'Exit mobile', 'اشترك', 'pic.twitter', '@gadaennab', 'التوقيع على وقف اطلاق النار بين اذربيجان', 'بعد اعتراف ارمينيا رسميا', 'اقرأ أيضا', 'إقرأ أيضاً', 'حكومة الإقليم: لانثق', 'الرئيس الأذربيجاني يعرض شروطه'];
    for (const leak of leaks) expect(texts.filter((t) => t.includes(leak)), leak).toEqual([]);
    for (const article of allArticles) {
      if (!article.title) continue;
      const title = normalizeForMatch(article.title);
      expect(texts.filter((t) => normalizeForMatch(t) === title), article.title).toEqual([]);
    }
    for (const t of texts) expect(CHROME_RULES.some((r) => r.pattern.test(normalizeForMatch(t)) && t.split(' ').length <= r.maxWords), t).toBe(false);
  });

  it('keeps every paragraph of running text of the main articles', () => {
    expect(articlesOf('001_b2d432f4c5225c23.txt')[0]!.paragraphs).toHaveLength(16);
    expect(articlesOf('004_43f431016a0d73b2.txt')[0]!.paragraphs).toHaveLength(10);
  });
});

describe('splitArticles on made-up pages', () => {
  it('drops a "read also" list that has no running text', () => {
    const page = 'عنوان الخبر هنا\n\nهذه فقرة طويلة من نص الخبر تتحدث عن موضوع مهم جدا ولها نهاية واضحة.\n\nإقرأ أيضاً:\n\nعنوان آخر قصير\nعنوان ثالث قصير';
    const articles = splitArticles('page.txt', page);
    expect(articles).toHaveLength(1);
    expect(articles[0]!.title).toBe('عنوان الخبر هنا');
  });

  it('reads an English "Read also" marker and a byline with a pipe', () => {
    const page = 'Main title\n\nA first paragraph of the main article that is long enough to count as running text here.\n\nRead also:\n\nSecond title\nDaily News | Cairo\nThe appended story has its own paragraph, long enough to count as running text too.';
    const [, appended] = splitArticles('page.txt', page);
    expect(appended).toMatchObject({ title: 'Second title', publisher: 'Daily News', published: null });
  });
});
