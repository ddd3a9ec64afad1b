import { describe, expect, it } from 'vitest';
import { classifyLine, classifyLines } from '../../src/ingest/lines.ts';
import { CHROME_RULES, matchChromeRule } from '../../src/ingest/rules.ts';
import { seedLine, seedText } from '../helpers/seeds.ts';

/** Each cleaning rule, with real seed lines it must remove. */
const EXAMPLES: Record<string, [file: string, fragment: string][]> = {
  'share-and-comment-widgets': [
    ['001_b2d432f4c5225c23.txt', 'شاركها.'],
    ['001_b2d432f4c5225c23.txt', 'اترك تعليقاً'],
  ],
  'site-controls': [
    ['001_b2d432f4c5225c23.txt', 'Exit mobile version'],
    ['004_43f431016a0d73b2.txt', 'الوضع المظلم'],
    ['004_43f431016a0d73b2.txt', 'Logo'],
  ],
  'newsletter-box': [
    ['004_43f431016a0d73b2.txt', 'النشرة الإخبارية'],
    ['004_43f431016a0d73b2.txt', 'اشترك في قائمتنا البريدية'],
  ],
  'related-list-heading': [
    ['000_f128db0503374b86.txt', 'مقالات مشابهة'],
    ['003_3be7c62d43463b36.txt', 'حول هذه القصة'],
    ['003_3be7c62d43463b36.txt', 'المزيد من سياسة'],
    ['003_3be7c62d43463b36.txt', 'الأكثر قراءة'],
  ],
  'media-box-label': [['004_43f431016a0d73b2.txt', 'كاريكاتير']],
  'tag-line': [
    ['000_f128db0503374b86.txt', 'كلمات دلالية:'],
    ['002_ccbd85f9e8a8f053.txt', 'كلمات دلالية:'],
  ],
  'embedded-tweet-credit': [['002_ccbd85f9e8a8f053.txt', '(@gadaennab)']],
};

describe('CHROME_RULES', () => {
  it('gives every rule a reason and at least one real example', () => {
    for (const rule of CHROME_RULES) {
      expect(rule.reason.length, rule.name).toBeGreaterThan(20);
      expect(EXAMPLES[rule.name], rule.name).toBeDefined();
    }
  });

  it.each(Object.entries(EXAMPLES).flatMap(([rule, lines]) => lines.map(([file, fragment]) => [rule, file, fragment])))(
    '%s removes the line of %s with "%s"',
    (rule, file, fragment) => {
      expect(matchChromeRule(seedLine(file, fragment))?.name).toBe(rule);
    },
  );

  it.each([
    ['000_f128db0503374b86.txt', 'وقالت وزارة الدفاع الروسية -في بيان-'],
    ['004_43f431016a0d73b2.txt', 'وقال المتحدث ستيفان دوجاريك'],
    ['001_b2d432f4c5225c23.txt', 'قوات روسية'],
    ['003_3be7c62d43463b36.txt', 'تسليم لاتشين'],
  ])('keeps article text and headings (%s: %s)', (file, fragment) => {
    expect(matchChromeRule(seedLine(file, fragment))).toBeNull();
  });
});

describe('classifyLines', () => {
  it('removes an embedded tweet whole: its text and its credit line, not the paragraph above', () => {
    const lines = classifyLines(seedText('002_ccbd85f9e8a8f053.txt'));
    const tweet = lines.filter((l) => l.kind === 'chrome' && l.rule.startsWith('embedded-tweet'));
    expect(tweet.map((l) => l.text.slice(0, 20))).toEqual([
      seedLine('002_ccbd85f9e8a8f053.txt', 'التوقيع على وقف اطلاق').slice(0, 20),
      seedLine('002_ccbd85f9e8a8f053.txt', 'بعد اعتراف ارمينيا').slice(0, 20),
      seedLine('002_ccbd85f9e8a8f053.txt', '(@gadaennab)').slice(0, 20),
    ]);
    expect(lines.find((l) => l.text.startsWith('وقالت التقارير الروسية'))?.kind).toBe('body');
  });
});

describe('classifyLine', () => {
  it.each([
    ['000_f128db0503374b86.txt', '2024-09-19@18:08:00', 'render-date'],
    ['004_43f431016a0d73b2.txt', 'ديسمبر', 'render-date'],
    ['000_f128db0503374b86.txt', 'تاريخ النشر', 'published'],
    ['003_3be7c62d43463b36.txt', 'Published On', 'published'],
    ['000_f128db0503374b86.txt', 'المصدر: الجزيرة', 'source'],
    ['003_3be7c62d43463b36.txt', 'المصدر : الجزيرة', 'source'],
    ['000_f128db0503374b86.txt', 'إقرأ أيضاً:', 'article-marker'],
    ['002_ccbd85f9e8a8f053.txt', 'اقرأ أيضاًالاتحاد الأوروبي', 'teaser'],
    ['004_43f431016a0d73b2.txt', 'اقرأ أيضًا: تصاعد التوتر', 'teaser'],
    ['000_f128db0503374b86.txt', 'حكومة الإقليم: لانثق', 'bullet'],
    ['001_b2d432f4c5225c23.txt', 'قتلى ونازحون', 'short'],
    ['001_b2d432f4c5225c23.txt', 'وأفاد الكرملين', 'body'],
  ])('classifies the line of %s with "%s" as %s', (file, fragment, kind) => {
    expect(classifyLine(seedLine(file, fragment))?.kind).toBe(kind);
  });

  it('keeps a paragraph of running text that starts with a bullet, without the bullet', () => {
    // A paragraph of ARCD's arcd_train_000 (Arabic Wikipedia), as it comes with a leading "•".
    const paragraph =
      'غادر خاشقجي السعودية في سبتمبر 2017، وكتب بعد ذلك مقالات صحفية انتقد فيها الحكومة السعودية. انتقد خاشقجي بصورة كبيرة ولي العهد السعودي محمد بن سلمان، والملك سلمان بن عبد العزيز. وكذلك عارض التدخل العسكري في اليمن.';
    expect(classifyLine(`• ${paragraph}`)).toEqual({ kind: 'body', text: paragraph });
    expect(classifyLine(`  ▪ ${paragraph}`)).toEqual({ kind: 'body', text: paragraph });
    const twoSentences = 'غادر خاشقجي السعودية في سبتمبر 2017. وكذلك عارض التدخل العسكري في اليمن.';
    expect(classifyLine(`• ${twoSentences}`)).toEqual({ kind: 'body', text: twoSentences });
  });

  it('reads the outlet from a source line without the agencies credit', () => {
    expect(classifyLine('المصدر : الجزيرة + وكالات')).toMatchObject({ kind: 'source', publisher: 'الجزيرة' });
  });

  it('strips embedded-media links from a line', () => {
    const line = seedLine('002_ccbd85f9e8a8f053.txt', 'pic.twitter.com');
    expect(classifyLine(line)?.text).not.toContain('pic.twitter.com');
  });

  it('returns null for a blank line', () => {
    expect(classifyLine('   ')).toBeNull();
  });
});
