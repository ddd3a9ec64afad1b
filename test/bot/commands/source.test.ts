import { beforeAll, describe, expect, it } from 'vitest';
import { LRI, PDI, RLM } from '../../../src/text/bidi.ts';
import { choiceName } from '../../../src/bot/commands/source.ts';
import type { MessageData } from '../../../src/bot/render.ts';
import type { Searcher } from '../../../src/search/searcher.ts';
import { createTestBot } from '../helpers/context.ts';
import { fakeAutocomplete, fakeCommand, isEphemeral } from '../helpers/fake-interaction.ts';
import { expectWithinLimits } from '../helpers/limits.ts';
import { openTestSearcher } from '../helpers/searcher.ts';

let searcher: Searcher;
let someId: string;

beforeAll(async () => {
  searcher = await openTestSearcher();
  const response = await searcher.search('ممر لاتشين', { limit: 1 });
  someId = response.results[0]!.passage.id;
});

async function source(id: string) {
  const bot = createTestBot(searcher);
  const interaction = fakeCommand('source', { id });
  await bot.handle(interaction);
  return interaction;
}

describe('/source', () => {
  it('shows the passage in full with its citation and neighbours', async () => {
    const interaction = await source(someId);
    expect(interaction.calls.map((c) => c.method)).toEqual(['reply']);
    expect(isEphemeral(interaction.calls[0])).toBe(false);
    const message = interaction.calls[0]!.payload as MessageData;
    expectWithinLimits(message);
    const view = searcher.source(someId);
    expect(message.embeds[0]!.description!.replaceAll(RLM, '').replaceAll('\\', '')).toBe(view.passage.text);
    expect(message.embeds[0]!.fields![0]).toEqual({ name: 'Source id', value: `\`${someId}\``, inline: true });
    expect(message.content).toContain(`\`${someId}\``);
  });

  it('accepts an id pasted with bidi marks, backticks, spaces or capitals', async () => {
    const interaction = await source(` \`${LRI}${someId.toUpperCase()}${PDI}\` `);
    expect(isEphemeral(interaction.calls[0])).toBe(false);
    expect((interaction.calls[0]!.payload as MessageData).embeds[0]!.fields![0]!.value).toBe(`\`${someId}\``);
  });

  it.each([['zzzz9999'], ['not an id!'], ['x'.repeat(80)]])('tells how to find ids when given %s', async (id) => {
    const interaction = await source(id);
    expect(isEphemeral(interaction.calls[0])).toBe(true);
    const content = String((interaction.calls[0]!.payload as MessageData).content);
    expect(content).toContain('There is no passage with the id');
    expect(content).toContain('/ask');
    expect(content.length).toBeLessThan(400);
  });
});

describe('/source autocomplete', () => {
  async function complete(typed: string) {
    const bot = createTestBot(searcher);
    const interaction = fakeAutocomplete('source', typed);
    await bot.handle(interaction);
    expect(interaction.calls.map((c) => c.method)).toEqual(['respond']);
    return interaction.calls[0]!.payload as { name: string; value: string }[];
  }

  it('suggests ids that start with what was typed, with a preview', async () => {
    const choices = await complete(someId.slice(0, 3));
    expect(choices[0]!.value).toBe(someId);
    expect(choices[0]!.name.startsWith(`${someId} · `)).toBe(true);
  });

  it('suggests passages containing typed words, at most 25, names of at most 100 characters', async () => {
    const choices = await complete('قره');
    expect(choices.length).toBeGreaterThan(0);
    expect(choices.length).toBeLessThanOrEqual(25);
    for (const c of choices) {
      expect(c.name.length).toBeLessThanOrEqual(100);
      expect(c.value).toMatch(/^[a-z0-9]{1,12}$/);
    }
  });

  it('looks at the first 100 characters only: 1,000 typed characters still get suggestions', async () => {
    // Words past the option's 100-character limit (never in any passage) must not reach the search.
    const typed = ('قره باغ ').repeat(12).slice(0, 100) + ' zzqqxx'.repeat(130);
    const choices = await complete(typed);
    expect(choices.length).toBe(25);
  });

  it('folds spelling like the index (hamza seats) and matches a word being typed', async () => {
    const choices = await complete('اذربيج');
    expect(choices.length).toBeGreaterThan(0);
    for (const c of choices.slice(0, 5)) expect(searcher.source(c.value).passage.text).toMatch(/[أا]ذربيج/);
  });

  it('offers choices before anything is typed', async () => {
    const choices = await complete('');
    expect(choices.length).toBeGreaterThan(0);
    expect(choices.length).toBeLessThanOrEqual(25);
  });
});

describe('choiceName', () => {
  it('puts the preview on one line and cuts it at 100 characters', () => {
    const name = choiceName('abc123', 'سطر أول\nسطر ثان ' + 'كلمة '.repeat(50));
    expect(name).not.toContain('\n');
    expect(name.length).toBeLessThanOrEqual(100);
    expect(name.endsWith('…')).toBe(true);
  });
});
