import { beforeAll, describe, expect, it } from 'vitest';
import { answerToJson, renderAnswer, renderBatchError, renderSource } from '../../src/cli/format.ts';
import type { Searcher } from '../../src/search/searcher.ts';
import { openSeedSearcher } from '../helpers/seed-index.ts';
import { FSI, LRI, PDI, RLM } from '../../src/text/bidi.ts';
import type { Passage, SearchResponse } from '../../src/types.ts';

const passage = (id: string, paragraph: number, text: string): Passage => ({
  id,
  text,
  paragraph,
  article: { file: '000_f128db0503374b86.txt', articleIndex: 0, title: 'مفاوضات بين أذربيجان وانفصاليي قره باغ', publisher: 'الجزيرة', published: '2023-09-23' },
});

const TEXT = '6 وحدات من المركبات المدرعة سلمها الانفصاليون.';
const response = (query: string, text = TEXT): SearchResponse => ({
  query,
  confident: true,
  results: [{ passage: passage('5y56vztm', 6, text), score: 1, sentence: text, alsoIn: [] }],
  skippedUndated: 0,
  filter: null,
});

/** What a bidi-aware terminal must not receive from a question or a page. */
const CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;

describe('renderAnswer', () => {
  it('isolates the question, the title and the outlet, and keeps the date and the file left-to-right', () => {
    const lines = renderAnswer(response('كم عدد المركبات المدرعة؟'), false).split('\n');
    expect(lines[0]).toBe(`Q: ${FSI}كم عدد المركبات المدرعة؟${PDI}`);
    expect(lines[2]).toBe(
      `1. [5y56vztm] ${FSI}مفاوضات بين أذربيجان وانفصاليي قره باغ${PDI} — ${FSI}الجزيرة${PDI}, ${LRI}2023-09-23${PDI} · ${LRI}000_f128db0503374b86.txt${PDI} ¶6`,
    );
  });

  it('starts each line of Arabic passage text right-to-left, even when it opens with a digit', () => {
    const lines = renderAnswer(response('سؤال'), false).split('\n');
    expect(lines[3]).toBe(`${RLM}»${TEXT}«`);
  });

  it('strips escape sequences and control characters from the echoed question and the passage', () => {
    const hostile = 'كم\x1b[2J\x1b]0;pwned\x07 عدد\x1b]8;;https://evil.example\x07 المركبات\x1b]8;;\x07\r؟';
    const text = renderAnswer(response(hostile, `\x1b[31m${TEXT}\x1b[0m\x9b`), false);
    expect(text).not.toMatch(CONTROL);
    expect(text.split('\n')[0]).toBe(`Q: ${FSI}كم عدد المركبات؟${PDI}`);
    expect(text).toContain(`${RLM}»${TEXT}«`);
  });

  it('adds only its own bold on a terminal', () => {
    const text = renderAnswer(response('سؤال', `\x1b[5m${TEXT}`), true);
    expect(text).toContain(`${RLM}\x1b[1m${TEXT}\x1b[22m`);
    expect(text.replace(/\x1b\[(1|22)m/g, '')).not.toMatch(CONTROL);
  });
});

describe('renderSource', () => {
  it('lays out the citation and every passage for a bidi-aware terminal, without control characters', () => {
    const view = { passage: passage('5y56vztm', 6, TEXT), before: [passage('aaaaaaaa', 5, 'سطر\x1b[8mمخفي')], after: [] };
    const lines = renderSource(view).split('\n');
    expect(lines[0]).toContain(`${LRI}2023-09-23${PDI}`);
    expect(lines).toContain(`${RLM}سطرمخفي`);
    expect(lines).toContain(`${RLM}${TEXT}`);
    expect(lines.join('\n')).not.toMatch(CONTROL);
  });
});

describe('renderBatchError', () => {
  it('echoes the question isolated and without control characters', () => {
    expect(renderBatchError('؟\x1b[31m؟', 'The question has no words.')).toBe(`Q: ${FSI}؟؟${PDI}\nerror: The question has no words.`);
  });
});

let searcher: Searcher;
beforeAll(async () => {
  searcher = await openSeedSearcher();
});

describe('ask output', () => {
  it('shows no passages for an off-corpus question unless --all', async () => {
    // Words of the articles (روسيا), but not an answer.
    const response = await searcher.search('من فاز بكأس العالم لكرة القدم في روسيا؟');
    expect(response.confident).toBe(false);
    const brief = renderAnswer(response, false);
    expect(brief).toContain('Show the closest passages anyway with --all.');
    expect(brief).not.toContain('1. [');
    expect(renderAnswer(response, false, true)).toContain('1. [');
  });

  it('says in --json how an English question was understood, and what the articles lack', async () => {
    const json = answerToJson(await searcher.search('What is the population of Baku?')) as Record<string, unknown>;
    expect(json.understood).toContainEqual({ english: 'Baku', arabic: ['باكو'], how: 'phrase' });
    expect(json.confident).toBe(false);
    expect(json.partial).toMatch(/^The articles mention .*Baku/);
  });
});
