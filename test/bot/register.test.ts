import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerCommands } from '../../src/bot/register.ts';
import { TOKEN_REJECTED } from '../../src/bot/token-rejected.ts';
import { loadConfig } from '../../src/config.ts';
import { UserError } from '../../src/errors.ts';
import { silentLogger } from '../../src/log.ts';
import * as p from './fake-discord/payloads.ts';
import { FakeDiscord } from './fake-discord/server.ts';

const TOKEN = 'MTAwMDAwMDAwMDAwMDAwMDAx.fake.register-token';
const WRONG = 'MTAwMDAwMDAwMDAwMDAwMDAx.fake.revoked-token';

let fake: FakeDiscord;
beforeEach(async () => {
  fake = await new FakeDiscord(TOKEN).start();
});
afterEach(async () => {
  await fake.close();
});

const configWith = (token: string) =>
  loadConfig({ DISCORD_TOKEN: token, DISCORD_CLIENT_ID: p.IDS.app, DISCORD_GUILD_ID: p.IDS.guild, DISCORD_API_URL: fake.apiUrl });

describe('registerCommands', () => {
  it('registers the three commands in the guild', async () => {
    expect(await registerCommands(configWith(TOKEN), silentLogger)).toEqual({ scope: `guild ${p.IDS.guild}`, count: 3 });
  });

  it('says what to do when Discord rejects the token, in the words npm start uses', async () => {
    const error = await registerCommands(configWith(WRONG), silentLogger).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toBe(TOKEN_REJECTED);
    expect((error as Error).message).not.toContain(WRONG);
    expect(fake.requests.map((r) => r.method)).toEqual(['PUT']);
  });
});
