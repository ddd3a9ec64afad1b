import { describe, expect, it } from 'vitest';
import { STOPPING_MESSAGE, redact } from '../../src/bot/interactions.ts';
import { ar } from '../../src/bot/messages/ar.ts';
import type { MessageData } from '../../src/bot/render.ts';
import { createTestBot } from './helpers/context.ts';
import { fakeAutocomplete, fakeButton, fakeCommand, isEphemeral } from './helpers/fake-interaction.ts';
import { openTestSearcher, overrideSearcher } from './helpers/searcher.ts';

const searcher = await openTestSearcher();
const content = (call: { payload?: unknown } | undefined) => String((call?.payload as MessageData | undefined)?.content);

describe('createInteractionHandler', () => {
  it('answers an unknown command privately', async () => {
    const bot = createTestBot(searcher);
    const interaction = fakeCommand('ping', {});
    await bot.handle(interaction);
    expect(isEphemeral(interaction.calls[0])).toBe(true);
    expect(content(interaction.calls[0])).toContain('do not know this command');
  });

  it('answers a stale button of an unknown kind privately', async () => {
    const bot = createTestBot(searcher);
    const press = fakeButton('vote:123:1');
    await bot.handle(press);
    expect(isEphemeral(press.calls[0])).toBe(true);
  });

  it('gives an empty autocomplete list when suggestions fail, and keeps running', async () => {
    const broken = overrideSearcher(searcher, { suggest: () => { throw new Error('boom'); } });
    const bot = createTestBot(broken);
    const interaction = fakeAutocomplete('source', 'abc');
    await bot.handle(interaction);
    expect(interaction.calls).toEqual([{ method: 'respond', payload: [] }]);
    const next = fakeCommand('about', {});
    await bot.handle(next);
    expect(next.calls[0]!.method).toBe('reply');
  });

  it('replies privately with a ref to a handler that throws before replying, and logs the same ref', async () => {
    const broken = overrideSearcher(searcher, { stats: () => { throw new TypeError('stats exploded'); } });
    const bot = createTestBot(broken);
    const interaction = fakeCommand('about', {});
    await bot.handle(interaction);
    expect(isEphemeral(interaction.calls[0])).toBe(true);
    const ref = /Something went wrong on my side \(ref ([0-9A-F]{6})\)/.exec(content(interaction.calls[0]))![1];
    const error = bot.logs.find((l) => l.msg === 'interaction failed')!;
    expect(error).toMatchObject({ ref, command: 'about', level: 'error' });
    expect(String(error.error)).toContain('TypeError: stats exploded');
    expect(bot.logs.find((l) => l.msg === 'interaction')).toMatchObject({ outcome: 'error', ref });
  });

  it('never logs the token, even inside an error', async () => {
    const token = 'MTIzNDU2Nzg5MDEyMzQ1Njc4.secret.token';
    const broken = overrideSearcher(searcher, { stats: () => { throw new Error(`bad auth ${token}`); } });
    const bot = createTestBot(broken, { secrets: [token] });
    await bot.handle(fakeCommand('about', {}));
    expect(JSON.stringify(bot.logs)).not.toContain(token);
    expect(JSON.stringify(bot.logs)).toContain('[redacted]');
  });

  it('refuses new interactions politely once stopping', async () => {
    const bot = createTestBot(searcher);
    bot.stop();
    const interaction = fakeCommand('ask', { question: 'Nagorno-Karabakh' });
    await bot.handle(interaction);
    expect(content(interaction.calls[0])).toBe(STOPPING_MESSAGE);
    const arabic = fakeCommand('ask', { question: 'قره باغ' });
    await bot.handle(arabic);
    expect(content(arabic.calls[0])).toBe(ar.stopping);
    expect(isEphemeral(interaction.calls[0])).toBe(true);
  });
});

describe('redact', () => {
  it('replaces every occurrence of each secret', () => {
    expect(redact('a tok.en.123 b tok.en.123', ['tok.en.123', ''])).toBe('a [redacted] b [redacted]');
  });

  it('leaves text alone for secrets too short to be a token', () => {
    expect(redact('fix it', ['x'])).toBe('fix it');
  });
});
