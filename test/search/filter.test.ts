import { describe, expect, it } from 'vitest';
import { createCatalog, parseDateBound, passageFilter, publisherKey } from '../../src/search/filter.ts';
import type { ArticleMeta, Passage } from '../../src/types.ts';

describe('parseDateBound', () => {
  it.each([
    ['2023', 'since', '2023-01-01'],
    ['2023', 'until', '2023-12-31'],
    ['2023-09', 'since', '2023-09-01'],
    ['2023-09', 'until', '2023-09-30'],
    ['2024-02', 'until', '2024-02-29'],
    ['2023-02', 'until', '2023-02-28'],
    [' 2023-09-20 ', 'since', '2023-09-20'],
    ['2023-09-20', 'until', '2023-09-20'],
    ['٢٠٢٣-٠٩', 'since', '2023-09-01'],
    ['۲۰۲۳', 'until', '2023-12-31'],
  ] as const)('reads %s as the %s bound %s', (typed, name, iso) => {
    expect(parseDateBound(typed, name)).toBe(iso);
  });

  it.each(['yesterday', '2023-13', '2023-02-30', '2023-9', '20-09-2023', '2023/09/20', '٢٠٢٣x'])('refuses %s with the forms it takes', (typed) => {
    expect(() => parseDateBound(typed, 'since')).toThrow(`since must be a date like 2023, 2023-09 or 2023-09-20, got '${typed}'.`);
  });
});

describe('passageFilter', () => {
  const article = (publisher: string | null, published: string | null, file: string): ArticleMeta => ({
    file,
    articleIndex: 0,
    title: null,
    publisher,
    published,
  });
  const a = article('الجزيرة', '2023-09-23', 'a.txt');
  const b = article('الجزيره', '2020-11-26', 'b.txt'); // another spelling of the same outlet
  const c = article('الأسبوع', '2023-09-20', 'c.txt');
  const d = article('الأسبوع', null, 'd.txt');
  const e = article(null, null, 'e.txt');
  const passages: Passage[] = [a, a, b, c, c, c, d, e].map((art, i) => ({ id: `p${i}`, text: `text ${i}`, article: art, paragraph: 1 }));
  const catalog = createCatalog(passages);
  const allowedOf = (filter: Parameters<typeof passageFilter>[0]) => {
    const f = passageFilter(filter, catalog)!;
    return { labels: passages.map((_, i) => i).filter(f.allows), allowed: f.allowed, skippedUndated: f.skippedUndated };
  };

  it('is null when nothing narrows the search', () => {
    expect(passageFilter({}, catalog)).toBeNull();
    expect(passageFilter({ publisher: ' ', since: '' }, catalog)).toBeNull();
  });

  it('matches an outlet whatever its spelling, and lists outlets by passage count with the commonest spelling', () => {
    expect(allowedOf({ publisher: 'الجزيرة' })).toEqual({ labels: [0, 1, 2], allowed: 3, skippedUndated: 0 });
    expect(allowedOf({ publisher: ' الاسبوع ' }).labels).toEqual([3, 4, 5, 6]);
    expect(catalog.publishers).toEqual(['الأسبوع', 'الجزيرة']);
    expect(publisherKey('Al  Jazeera ')).toBe('al jazeera');
  });

  it('keeps dated articles within the bounds, inclusive, and counts the undated ones it leaves out', () => {
    expect(allowedOf({ since: '2023-09-20', until: '2023-09' })).toEqual({ labels: [0, 1, 3, 4, 5], allowed: 5, skippedUndated: 2 });
    expect(allowedOf({ until: '2020' })).toEqual({ labels: [2], allowed: 1, skippedUndated: 2 });
    // Undated articles of other outlets are not counted: the publisher filter left them out already.
    expect(allowedOf({ publisher: 'الأسبوع', since: '2023' })).toEqual({ labels: [3, 4, 5], allowed: 3, skippedUndated: 1 });
  });

  it('refuses bounds in the wrong order and an outlet the index does not have, naming the ones it has', () => {
    expect(() => passageFilter({ since: '2024', until: '2023' }, catalog)).toThrow('since (2024) is after until (2023): swap them.');
    expect(() => passageFilter({ publisher: 'بي بي سي' }, catalog)).toThrow("No outlet named 'بي بي سي' in the index; outlets: الأسبوع, الجزيرة.");
  });
});
