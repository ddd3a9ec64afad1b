import { beforeAll, describe, expect, it } from 'vitest';
import type { Message } from 'discord.js';
import { createMentionHandler } from '../../src/bot/mentions.ts';
import type { Searcher } from '../../src/search/searcher.ts';
import { createTestBot } from './helpers/context.ts';
import { openTestSearcher } from './helpers/searcher.ts';

const BOT = '900000000000000001';
let searcher: Searcher;
beforeAll(async () => {
  searcher = await openTestSearcher();
});

/** A message whose content may not be read: touching it fails the test. */
function sealedMessage(options: { mentionsBot: boolean; bot?: boolean; inGuild?: boolean }): { message: Message; reads: string[] } {
  const reads: string[] = [];
  const message = {
    author: { id: '100000000000000001', bot: options.bot ?? false },
    inGuild: () => options.inGuild ?? true,
    client: { user: { id: BOT } },
    mentions: { users: { has: (id: string) => options.mentionsBot && id === BOT } },
    get content(): string {
      reads.push('content');
      throw new Error('content was read');
    },
    get channel(): never {
      reads.push('channel');
      throw new Error('channel was touched');
    },
  };
  return { message: message as unknown as Message, reads };
}

describe('the mention handler', () => {
  it.each([
    ['a message that does not mention the bot', { mentionsBot: false }],
    ['a bot’s message, even one that mentions it', { mentionsBot: true, bot: true }],
    ['a direct message', { mentionsBot: true, inGuild: false }],
  ])('leaves %s before reading its content, and logs nothing', async (_label, options) => {
    const bot = createTestBot(searcher);
    const { message, reads } = sealedMessage(options);
    await createMentionHandler({ ctx: bot.ctx }).handle(message);
    expect(reads).toEqual([]);
    expect(bot.logs).toEqual([]);
  });
});
