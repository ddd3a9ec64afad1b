import { beforeAll, describe, expect, it } from 'vitest';
import { FSI, LRI, PDI, RLM, rtlLines } from '../../src/text/bidi.ts';
import { escapeUntrusted } from '../../src/bot/escape.ts';
import { LIMITS, totalEmbedSize } from '../../src/bot/limits.ts';
import { ar } from '../../src/bot/messages/ar.ts';
import { en } from '../../src/bot/messages/en.ts';
import { NOT_CONFIDENT, renderAnswer } from '../../src/bot/render.ts';
import { renderAbout, renderSource } from '../../src/bot/render-source.ts';
import type { Searcher } from '../../src/search/searcher.ts';
import type { Passage, SearchResponse, SearchResult } from '../../src/types.ts';
import { openSeedSearcher } from '../helpers/seed-index.ts';
import { expectWithinLimits } from './helpers/limits.ts';
import { createSeedFakeSearcher, seedPassages } from './helpers/seed-fake.ts';

const passages = seedPassages();
const longest = [...passages].sort((a, b) => b.text.length - a.text.length);

function resultOf(passage: Passage, sentence?: string): SearchResult {
  return { passage, score: 1, sentence: sentence ?? passage.text.split(/(?<=[.،؟])\s+/)[0]!, alsoIn: [] };
}

function response(results: SearchResult[], confident = true): SearchResponse {
  return { query: 'ما هي شروط وقف إطلاق النار؟', confident, results, skippedUndated: 0, filter: null };
}

/** A passage far longer than any embed allows, with the best sentence in the middle. */
function overLong(n: number): Passage {
  const base = longest[n % longest.length]!;
  const filler = base.text.repeat(30);
  const sentence = `الجملة الأفضل رقم ${n} عن وقف إطلاق النار في 2023-09-20.`;
  return { ...base, id: `long${n}`, text: `${filler} ${sentence} ${filler}` };
}

describe('renderAnswer', () => {
  it('stays within every Discord limit with the five longest seed passages', () => {
    const message = renderAnswer(response(longest.slice(0, 5).map((p) => resultOf(p))), { page: 0, perPage: 5, sessionId: null });
    expectWithinLimits(message);
    expect(message.embeds).toHaveLength(5);
    // Seed passages are short enough to be shown whole.
    expect(message.embeds[0]!.description).not.toContain('…');
  });

  it('cuts synthetic over-long passages to fit while keeping the best sentence bold', () => {
    const results = [0, 1, 2, 3, 4].map((n) => {
      const p = overLong(n);
      return resultOf(p, `الجملة الأفضل رقم ${n} عن وقف إطلاق النار في 2023-09-20.`);
    });
    const message = renderAnswer(response(results), { page: 0, perPage: 5, sessionId: 'abc' });
    expectWithinLimits(message);
    expect(totalEmbedSize(message.embeds)).toBeGreaterThan(LIMITS.embedTotal - 600);
    message.embeds.forEach((embed, n) => {
      expect(embed.description).toContain(`**الجملة الأفضل رقم ${n} عن وقف إطلاق النار في 2023-09-20.**`);
      expect(embed.description!.startsWith(RLM + '…')).toBe(true);
    });
  });

  it('cuts a best sentence that alone exceeds the budget but keeps it bold', () => {
    const base = longest[0]!;
    const sentence = 'جملة طويلة جدا '.repeat(600).trim();
    const message = renderAnswer(response([resultOf({ ...base, text: sentence }, sentence)]), { page: 0, perPage: 1, sessionId: null });
    expectWithinLimits(message);
    expect(message.embeds[0]!.description).toMatch(/^\u200F\*\*جملة.*…\*\*$/su);
  });

  it('stays within the limits when titles, publishers and file names are absurdly long', () => {
    const results = [0, 1, 2, 3, 4].map((n) => {
      const p = overLong(n);
      const article = { ...p.article, title: 'عنوان '.repeat(900), publisher: 'ناشر '.repeat(900), file: 'f'.repeat(5000) + '.txt' };
      return resultOf({ ...p, article }, 'غير موجود');
    });
    const message = renderAnswer(response(results), { page: 0, perPage: 5, sessionId: 'abc' });
    expectWithinLimits(message);
    for (const embed of message.embeds) expect(embed.description!.length).toBeGreaterThan(400);
  });

  it('highlights the best sentence of a real passage in bold', () => {
    const p = passages.find((x) => x.text.includes('6 وحدات من المركبات المدرعة'))!;
    const sentence = p.text.slice(p.text.indexOf('إن الانفصاليين سلموا'));
    const message = renderAnswer(response([resultOf(p, sentence)]), { page: 0, perPage: 3, sessionId: null });
    expect(message.embeds[0]!.description).toBe(`${RLM}${p.text.slice(0, p.text.indexOf(sentence))}**${sentence}**`);
  });

  it('shows the citation with isolates: Latin values LTR, Arabic values first-strong, ids bare in code', () => {
    const p = passages.find((x) => x.article.publisher !== null)!;
    const [embed] = renderAnswer(response([resultOf(p)]), { page: 0, perPage: 3, sessionId: null }).embeds;
    expect(embed!.title).toBe(`1. ${FSI}${p.article.title}${PDI}`);
    expect(embed!.fields).toEqual([
      { name: 'Source id', value: `\`${p.id}\``, inline: true },
      { name: 'Publisher', value: `${FSI}الجزيرة${PDI}`, inline: true },
      { name: 'Date', value: `${LRI}2023-09-23${PDI}`, inline: true },
      // Escaped like all scraped text: `\_` renders as `_`.
      { name: 'File', value: `${LRI}${escapeUntrusted(p.article.file)}${PDI}, paragraph ${p.paragraph}`, inline: true },
    ]);
    expect(embed!.description!.startsWith(RLM)).toBe(true);
  });

  it('makes lines with Arabic right-to-left even when they open with digits or Latin, and leaves Latin-only lines alone', () => {
    const text = '2023 شهد الإقليم عملية عسكرية.\nCNN قالت إن 120 ألف شخص غادروا.\n— Dr.Gada Ennab (@gadaennab) September 20, 2023';
    const p = { ...passages[0]!, text };
    const [embed] = renderAnswer(response([resultOf(p, 'CNN قالت إن 120 ألف شخص غادروا.')]), { page: 0, perPage: 1, sessionId: null }).embeds;
    expect(embed!.description!.split('\n')).toEqual([
      `${RLM}2023 شهد الإقليم عملية عسكرية.`,
      `${RLM}**CNN قالت إن 120 ألف شخص غادروا.**`,
      '— Dr.Gada Ennab (@gadaennab) September 20, 2023',
    ]);
  });

  it('shows missing metadata as unknown or a dash, never invented', () => {
    const p = passages.find((x) => x.article.publisher === null)!;
    const bare = { ...p, article: { ...p.article, title: null, published: null } };
    const [embed] = renderAnswer(response([resultOf(bare)]), { page: 0, perPage: 3, sessionId: null }).embeds;
    expect(embed!.title).toBe(`1. ${FSI}Untitled article${PDI}`);
    expect(embed!.fields!.find((f) => f.name === 'Publisher')!.value).toBe('unknown');
    expect(embed!.fields!.find((f) => f.name === 'Date')!.value).toBe('—');
  });

  it('says plainly when the articles do not seem to answer', () => {
    const message = renderAnswer(response([resultOf(passages[0]!)], false), { page: 0, perPage: 3, sessionId: null });
    expect(message.content!.startsWith(NOT_CONFIDENT)).toBe(true);
    const sure = renderAnswer(response([resultOf(passages[0]!)], true), { page: 0, perPage: 3, sessionId: null });
    expect(sure.content).toContain(`${FSI}ما هي شروط وقف إطلاق النار؟${PDI}`);
  });

  it('speaks Arabic when asked to, with the note of a follow-up between the lead and the hint', () => {
    const results = passages.slice(0, 7).map((p) => resultOf(p));
    const note = ar.followUpOf(`${FSI}${'س'.repeat(300)}${PDI}`);
    const message = renderAnswer(response(results), { page: 1, perPage: 3, sessionId: 's1', lang: 'ar', note });
    expectWithinLimits(message);
    expect(message.content!.split('\n')).toEqual([ar.passagesFor(ar.range(4, 6, 7), `${FSI}ما هي شروط وقف إطلاق النار؟${PDI}`), note, ar.sourceHint]);
    expect(message.embeds[0]!.fields!.map((f) => f.name)).toEqual([ar.sourceId, ar.publisher, ar.date, ar.file]);
    expect(message.embeds.at(-1)!.footer!.text).toBe(ar.page(2, 3));
    expect(message.components[0]!.components.map((b) => ('label' in b ? b.label : null))).toEqual([ar.previous, '2 / 3', ar.next]);
    const unsure = renderAnswer(response(results, false), { page: 0, perPage: 3, sessionId: null, lang: 'ar' });
    expect(unsure.content!.startsWith(ar.notConfident)).toBe(true);
    expect(renderAnswer(response([]), { page: 0, perPage: 3, sessionId: null, lang: 'ar' }).content).toContain('لا يوجد مقطع يطابق');
  });

  it('pages through results with buttons that carry the session and the target page', () => {
    const results = passages.slice(0, 7).map((p) => resultOf(p));
    const first = renderAnswer(response(results), { page: 0, perPage: 3, sessionId: 's1' });
    expect(first.embeds.map((e) => e.title!.slice(0, 2))).toEqual(['1.', '2.', '3.']);
    expect(first.components[0]!.components.map((b) => [('custom_id' in b && b.custom_id), b.disabled])).toEqual([
      ['ask:s1:-1', true],
      ['ask:s1:pos', true],
      ['ask:s1:1', false],
    ]);
    expect(first.embeds.at(-1)!.footer!.text).toBe('Page 1 of 3');
    const last = renderAnswer(response(results), { page: 2, perPage: 3, sessionId: 's1' });
    expect(last.embeds.map((e) => e.title!.slice(0, 2))).toEqual(['7.']);
    expect(last.components[0]!.components.map((b) => b.disabled)).toEqual([false, true, true]);
    expect(last.content).toContain('7–7 of 7');
  });

  it('says so when nothing matched at all', () => {
    const message = renderAnswer(response([], false), { page: 0, perPage: 3, sessionId: null });
    expect(message).toEqual({ content: `No passage matches ${FSI}ما هي شروط وقف إطلاق النار؟${PDI}; try other words.`, embeds: [], components: [] });
  });

  it('renders no buttons when everything fits on one page', () => {
    const message = renderAnswer(response(passages.slice(0, 2).map((p) => resultOf(p))), { page: 0, perPage: 3, sessionId: 's1' });
    expect(message.components).toEqual([]);
  });

  it('escapes markdown in passage text', () => {
    const p = { ...passages[0]!, text: 'نص فيه *نجمة* و_شرطة_ و`كود`' };
    const [embed] = renderAnswer(response([resultOf(p, 'غير موجود')]), { page: 0, perPage: 1, sessionId: null }).embeds;
    expect(embed!.description).toBe(`${RLM}نص فيه \\*نجمة\\* و\\_شرطة\\_ و\\\`كود\\\``);
  });
});

describe('renderSource', () => {
  let searcher: Searcher;
  let indexed: Passage[];
  beforeAll(async () => {
    searcher = await openSeedSearcher();
    // An empty prefix matches every id: all passages of the real index.
    indexed = searcher.suggest('', 10_000).sort((a, b) => b.text.length - a.text.length);
  });

  it('shows the longest real passages in full with their neighbours and citation within the limits', () => {
    expect(indexed.length).toBe(searcher.stats().passages);
    for (const p of indexed.slice(0, 10)) {
      const messages = renderSource(searcher.source(p.id));
      expect(messages).toHaveLength(1);
      expectWithinLimits(messages[0]!);
      expect(messages[0]!.embeds[0]!.description).toBe(rtlLines(escapeUntrusted(p.text)));
      expect(messages[0]!.content).toContain(`\`${p.id}\``);
    }
  });

  it('lists neighbour ids so they can be opened too', () => {
    const p = indexed.find((x) => searcher.source(x.id).before.length > 0 && searcher.source(x.id).after.length > 0)!;
    const view = searcher.source(p.id);
    const [message] = renderSource(view);
    const titles = message!.embeds.map((e) => e.title);
    expect(titles).toContain('Before');
    expect(titles).toContain('After');
    expect(message!.embeds.find((e) => e.title === 'Before')!.description).toContain(`\`${view.before[0]!.id}\``);
  });

  it('continues a passage longer than one message in follow-ups without losing text', () => {
    const p = overLong(1);
    const messages = renderSource({ passage: p, before: [passages[0]!], after: [overLong(2)] });
    expect(messages.length).toBeGreaterThan(1);
    messages.forEach(expectWithinLimits);
    const text = messages
      .flatMap((m) => m.embeds)
      .filter((e) => e.title !== 'Before' && e.title !== 'After')
      .map((e) => e.description!.replaceAll(RLM, ''))
      .join(' ');
    expect(text.replace(/\s+/g, ' ')).toBe(p.text.replace(/\s+/g, ' '));
  });
});

describe('renderAbout', () => {
  it('states counts, publishers, dates, embedder and build time', () => {
    const message = renderAbout(createSeedFakeSearcher().stats());
    expectWithinLimits(message);
    const fields = Object.fromEntries(message.embeds[0]!.fields!.map((f) => [f.name, f.value]));
    expect(fields).toMatchObject({
      Articles: '5',
      Publishers: `${FSI}الجزيرة${PDI}`,
      'Publication dates': `${LRI}2020-11-10${PDI} → ${LRI}2023-09-23${PDI}`,
      Embedder: 'ngram (256 dims)',
      'Index built': `${LRI}2026-11-24T18:00:00.000Z${PDI}`,
    });
    expect(message.embeds[0]!.description).toContain('/ask question:');
  });
});

describe('renderAnswer: filters and the same story across outlets', () => {
  const copy = (p: Passage, n: number, publisher: string | null, published: string | null): Passage => ({
    ...p,
    id: `copy${n}`,
    article: { ...p.article, file: `copy${n}.txt`, publisher, published },
  });

  it('lists the other outlets in one field, escaped and isolated, counting those beyond its length', () => {
    const results = [0, 1, 2, 3, 4].map((n) => {
      const p = overLong(n);
      const alsoIn = Array.from({ length: 30 }, (_, i) => copy(p, i, i === 0 ? '@everyone **الجزيرة** <@123>' : 'ن'.repeat(90), i === 1 ? null : '2023-09-23'));
      return { ...resultOf(p, `الجملة الأفضل رقم ${n} عن وقف إطلاق النار في 2023-09-20.`), alsoIn };
    });
    const message = renderAnswer(response(results), { page: 0, perPage: 5, sessionId: 'abc', lang: 'ar' });
    expectWithinLimits(message);
    for (const embed of message.embeds) {
      const also = embed.fields!.at(-1)!;
      expect(also.name).toBe(ar.alsoReportedBy);
      expect(also.value.startsWith(`${FSI}${escapeUntrusted('@everyone **الجزيرة** <@123>')}${PDI} (${LRI}2023-09-23${PDI}) \`copy0\``)).toBe(true);
      expect(also.value).toContain(`${ar.listSeparator}${FSI}${'ن'.repeat(57)}…${PDI} (—) \`copy1\``);
      expect(also.value).toMatch(new RegExp(`${ar.listSeparator}${ar.andMore(99).replace('99', '\\d+')}$`));
      expect(also.value.length).toBeLessThanOrEqual(400);
      expect(also.value).not.toMatch(/@everyone|<@123>/);
      // The passage keeps its bold best sentence within the share left to it.
      expect(embed.description).toContain('**');
    }
  });

  it('says which filter was applied and how many undated articles it left out, on every page', () => {
    const results = passages.slice(0, 6).map((p) => resultOf(p));
    const filtered: SearchResponse = { ...response(results), filter: { publisher: 'الجزيرة', since: '2023-09-01', until: null }, skippedUndated: 3 };
    for (const page of [0, 1]) {
      const message = renderAnswer(filtered, { page, perPage: 3, sessionId: 'abc', lang: 'en', note: 'NOTE' });
      const lines = message.content!.split('\n');
      expect(lines.slice(1, 3)).toEqual(['NOTE', `Filter: publisher ${FSI}الجزيرة${PDI}, from ${LRI}2023-09-01${PDI} · 3 articles without a date were left out`]);
    }
    expect(en.filtered(null, 'A', 'B')).toBe('Filter: from A to B');
    expect(en.filtered('P', null, 'B')).toBe('Filter: publisher P, to B');
    expect(ar.filtered('P', 'A', 'B')).toBe('التصفية: الناشر P، من A إلى B');
    expect(renderAnswer({ ...filtered, skippedUndated: 1 }, { page: 0, perPage: 3, sessionId: null }).content).toContain('1 article without a date was left out');
    expect(renderAnswer({ ...filtered, skippedUndated: 0 }, { page: 0, perPage: 3, sessionId: null }).content).not.toContain('without a date');
    // No filter: no filter line; nothing found within a filter says so.
    expect(renderAnswer(response(results), { page: 0, perPage: 3, sessionId: null }).content).not.toContain('Filter');
    const none = renderAnswer({ ...filtered, results: [] }, { page: 0, perPage: 3, sessionId: null, lang: 'ar' });
    expect(none.content).toBe(
      `${ar.noMatchFiltered(`${FSI}${filtered.query}${PDI}`)}\n${ar.filtered(`${FSI}الجزيرة${PDI}`, `${LRI}2023-09-01${PDI}`, null)} · ${ar.skippedUndated(3)}`,
    );
  });
});
