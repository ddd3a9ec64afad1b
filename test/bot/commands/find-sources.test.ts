import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ar } from '../../../src/bot/messages/ar.ts';
import { en } from '../../../src/bot/messages/en.ts';
import type { MessageData } from '../../../src/bot/render.ts';
import type { Searcher } from '../../../src/search/searcher.ts';
import { createTestBot, type TestBot } from '../helpers/context.ts';
import { fakeMessageCommand, isEphemeral } from '../helpers/fake-interaction.ts';
import { expectWithinLimits } from '../helpers/limits.ts';
import { openTestSearcher } from '../helpers/searcher.ts';

let searcher: Searcher;
let bot: TestBot;
beforeAll(async () => {
  searcher = await openTestSearcher();
});
afterEach(() => bot?.ctx.pager.clear());

async function findSources(target: Parameters<typeof fakeMessageCommand>[1], locale?: string) {
  const interaction = fakeMessageCommand('Find sources', target, { locale });
  await bot.handle(interaction);
  return interaction;
}

describe('Find sources', () => {
  it('searches the message’s words and answers privately, in the message’s language', async () => {
    bot = createTestBot(searcher);
    const interaction = await findSources({ content: 'الانفصاليون سلموا 6 وحدات من المركبات المدرعة https://example.com/a <@123456789012345678>' });
    expect(interaction.calls.map((c) => c.method)).toEqual(['deferReply', 'editReply']);
    expect(isEphemeral(interaction.calls[0])).toBe(true);
    const message = interaction.calls[1]!.payload as MessageData;
    expectWithinLimits(message);
    expect(message.embeds).toHaveLength(3);
    expect(message.embeds[0]!.fields![0]!.name).toBe(ar.sourceId);
    expect(message.content).not.toContain('example.com');
    expect(bot.logs.find((l) => l.msg === 'interaction')).toMatchObject({
      kind: 'message-command',
      command: 'Find sources',
      outcome: 'ok',
      results: 15,
    });
  });

  it.each([
    ['no text', { content: '' }, en.noText],
    ['only an attachment', { content: '', attachments: 1 }, en.onlyEmbed],
    ['only an embed', { content: '', embeds: [{ title: 'x' }] }, en.onlyEmbed],
    ['only a link', { content: 'https://example.com/story', embeds: [{ url: 'https://example.com/story' }] }, en.onlyLink],
    ['only mentions and punctuation', { content: '<@123456789012345678> ?!' }, en.noText],
  ])('says privately what to do with a message of %s, without searching', async (_label, target, text) => {
    bot = createTestBot(searcher);
    const interaction = await findSources(target);
    expect(interaction.calls).toHaveLength(1);
    expect(interaction.calls[0]).toMatchObject({ method: 'reply', payload: { content: text } });
    expect(isEphemeral(interaction.calls[0])).toBe(true);
    expect(bot.logs.find((l) => l.msg === 'interaction')).toMatchObject({ outcome: 'user-error' });
  });

  it('uses the user’s locale when the message has no words to tell the language by', async () => {
    bot = createTestBot(searcher);
    const interaction = await findSources({ content: '' }, 'ar');
    expect(interaction.calls[0]).toMatchObject({ payload: { content: ar.noText } });
  });

  it('is rate-limited with /ask', async () => {
    bot = createTestBot(searcher, { rate: [1, 30_000] });
    await findSources({ content: 'قره باغ' });
    const second = await findSources({ content: 'ممر لاتشين' });
    expect(second.calls[0]!.method).toBe('reply');
    expect(isEphemeral(second.calls[0])).toBe(true);
    expect(String((second.calls[0]!.payload as MessageData).content)).toMatch(/انتظر \d+ ث/);
  });
});
