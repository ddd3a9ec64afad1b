import { beforeAll, describe, expect, it } from 'vitest';
import { answerToJson, renderAnswer } from '../../src/cli/format.ts';
import type { Searcher } from '../../src/search/searcher.ts';
import { openSeedSearcher } from '../helpers/seed-index.ts';

let searcher: Searcher;
beforeAll(async () => {
  searcher = await openSeedSearcher();
});

describe('ask output', () => {
  it('shows no passages for an off-corpus question unless --all', async () => {
    const response = await searcher.search('كم يبلغ سعر برميل النفط اليوم؟');
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
