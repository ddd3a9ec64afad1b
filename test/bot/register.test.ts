import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
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
  it('registers the slash commands and the Find sources message command in the guild', async () => {
    expect(await registerCommands(configWith(TOKEN), silentLogger)).toEqual({ scope: `guild ${p.IDS.guild}`, count: 6 });
    const put = fake.requests.find((r) => r.method === 'PUT')!;
    expect(put.body.at(-1)).toMatchObject({ name: 'Find sources', type: 3 });
    expect(put.body.at(-1).description ?? '').toBe('');
  });

  it('says what to do when Discord rejects the token, in the words npm start uses', async () => {
    const error = await registerCommands(configWith(WRONG), silentLogger).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toBe(TOKEN_REJECTED);
    expect((error as Error).message).not.toContain(WRONG);
    expect(fake.requests.map((r) => r.method)).toEqual(['PUT']);
  });

  it('says what to check when Discord refuses access to the application or the server', async () => {
    // Discord answers 403 Missing Access when the bot is not in DISCORD_GUILD_ID or the application is not the token's.
    const http = createServer((_req, res) =>
      res.writeHead(403, { 'content-type': 'application/json' }).end(JSON.stringify({ message: 'Missing Access', code: 50001 })),
    );
    http.listen(0, '127.0.0.1');
    await once(http, 'listening');
    const api = `http://127.0.0.1:${(http.address() as AddressInfo).port}/api`;
    const config = loadConfig({ DISCORD_TOKEN: TOKEN, DISCORD_CLIENT_ID: p.IDS.app, DISCORD_GUILD_ID: p.IDS.guild, DISCORD_API_URL: api });
    const error = await registerCommands(config, silentLogger).catch((e: unknown) => e);
    http.close();
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toBe(
      `Discord refused to register the commands in DISCORD_GUILD_ID=${p.IDS.guild} (Missing Access): check that DISCORD_CLIENT_ID is the application of DISCORD_TOKEN and that the bot was invited to that server; npm run doctor checks both.`,
    );
  });
});
