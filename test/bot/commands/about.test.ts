import { describe, expect, it } from 'vitest';
import type { MessageData } from '../../../src/bot/render.ts';
import { createTestBot } from '../helpers/context.ts';
import { fakeCommand, isEphemeral } from '../helpers/fake-interaction.ts';
import { expectWithinLimits } from '../helpers/limits.ts';
import { openTestSearcher } from '../helpers/searcher.ts';

describe('/about', () => {
  it('tells what the bot knows and how to ask', async () => {
    const searcher = await openTestSearcher();
    const bot = createTestBot(searcher);
    const interaction = fakeCommand('about', {});
    await bot.handle(interaction);
    expect(interaction.calls.map((c) => c.method)).toEqual(['reply']);
    expect(isEphemeral(interaction.calls[0])).toBe(false);
    const message = interaction.calls[0]!.payload as MessageData;
    expectWithinLimits(message);
    const fields = Object.fromEntries(message.embeds[0]!.fields!.map((f) => [f.name, f.value]));
    const stats = searcher.stats();
    expect(fields.Articles).toBe(String(stats.articles));
    expect(fields.Passages).toBe(String(stats.passages));
    expect(fields.Embedder).toContain(stats.embedder.kind);
    expect(fields['Index built']).toContain(stats.builtAt);
    expect(message.embeds[0]!.description).toContain('/ask');
  });
});
