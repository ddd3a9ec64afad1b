import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { TOKEN_REJECTED } from '../../src/bot/token-rejected.ts';
import { runDoctor } from '../../src/cli/doctor-command.ts';
import { makeTestModel } from '../../scripts/make-test-model.ts';
import { buildSeedIndex, SEEDS_DIR, tempDir } from '../helpers/seed-index.ts';

const TOKEN = 'MTAwMDAwMDAwMDAwMDAwMDAx.fake.doctor-token';
const APP = '900000000000000001';
const BOT = '900000000000000009';
const GUILD = '900000000000000002';
const INVITE = `https://discord.com/oauth2/authorize?client_id=${APP}&scope=bot%20applications.commands&permissions=309237729280`;

/** The REST endpoints doctor reads, on 127.0.0.1; it answers 401 to any other token, as Discord does. */
class FakeDiscordRest {
  readonly paths: string[] = [];
  guilds = [{ id: GUILD, name: 'Test Guild' }];
  commands = ['ask', 'source', 'about', 'privacy', 'settings', 'Find sources'];
  failCommands = false;
  private readonly http: Server = createServer((req, res) => {
    const path = (req.url ?? '').replace(/^\/api\/v10/, '');
    this.paths.push(`${req.method} ${path}`);
    const send = (status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (req.headers.authorization !== `Bot ${TOKEN}`) return send(401, { message: '401: Unauthorized', code: 0 });
    if (path === '/users/@me') return send(200, { id: BOT, username: 'askbot', discriminator: '0', global_name: null, avatar: null, bot: true });
    if (path === '/applications/@me') return send(200, { id: APP, name: 'Karabakh news', description: '', bot_public: true });
    if (path === '/users/@me/guilds')
      return send(
        200,
        this.guilds.map((g) => ({ ...g, icon: null, owner: false, permissions: '18432', features: [] })),
      );
    if (this.failCommands && path.endsWith('/commands')) return send(500, { message: 'Internal Server Error', code: 0 });
    if (path === `/applications/${APP}/guilds/${GUILD}/commands` || path === `/applications/${APP}/commands`)
      return send(
        200,
        this.commands.map((name, i) => ({ id: `80000000000000000${i}`, application_id: APP, name, description: name, version: '1' })),
      );
    send(404, { message: '404: Not Found', code: 0 });
  });

  async start(): Promise<this> {
    this.http.listen(0, '127.0.0.1');
    await once(this.http, 'listening');
    return this;
  }

  get apiUrl(): string {
    return `http://127.0.0.1:${(this.http.address() as AddressInfo).port}/api`;
  }

  async close(): Promise<void> {
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }
}

let indexDir: string;
let fake: FakeDiscordRest;

beforeAll(async () => {
  indexDir = await buildSeedIndex();
});
beforeEach(async () => {
  fake = await new FakeDiscordRest().start();
});
afterEach(async () => {
  await fake.close();
});

async function doctor(env: Record<string, string>, args: string[] = []) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runDoctor({ args, env, out: (line) => out.push(line), err: (line) => err.push(line), cwd: tempDir('kb-doctor-') });
  const line = (name: string) => out.find((l) => new RegExp(`^\\w+ +${name}: `).test(l));
  return { code, out, err, line };
}

const without = (env: Record<string, string>, ...keys: string[]) => Object.fromEntries(Object.entries(env).filter(([key]) => !keys.includes(key)));
const healthy = () => ({
  SEEDS_DIR,
  INDEX_DIR: indexDir,
  EMBEDDER: 'ngram',
  DISCORD_TOKEN: TOKEN,
  DISCORD_API_URL: fake.apiUrl,
  DISCORD_CLIENT_ID: APP,
  DISCORD_GUILD_ID: GUILD,
});

describe('npm run doctor', () => {
  it('says ok for each check of a working setup, reading Discord over REST without starting the bot', async () => {
    const { code, out, line } = await doctor(healthy());
    expect(code, out.join('\n')).toBe(0);
    expect(line('configuration')).toMatch(/^ok +configuration: valid \(EMBEDDER=ngram, INDEX_DIR=/);
    expect(line('seeds')).toBe(`ok      seeds: ${SEEDS_DIR}: 5 .txt/.md files.`);
    expect(line('index')).toMatch(
      new RegExp(`^ok +index: ${indexDir}: \\d+ passages from 7 articles in 5 files, ngram \\(1024 dims\\), built \\S+, loaded in \\d+ ms\\.$`),
    );
    expect(line('model')).toMatch(/^ok +model: none needed: EMBEDDER=ngram/);
    expect(line('discord')).toBe(`ok      discord: DISCORD_TOKEN accepted: bot askbot (${BOT}) of application Karabakh news (${APP}).`);
    expect(line('servers')).toBe(`ok      servers: the bot is in 1 server: Test Guild (${GUILD}).`);
    expect(line('commands')).toBe(`ok      commands: /ask, /source, /about, /privacy, /settings, "Find sources" registered server ${GUILD}.`);
    expect(out.at(-1)).toBe('No problems found.');
    expect(fake.paths).toEqual([
      'GET /users/@me',
      'GET /applications/@me',
      'GET /users/@me/guilds',
      `GET /applications/${APP}/guilds/${GUILD}/commands`,
    ]);
  });

  it('prints the invite URL with the bot and applications.commands scopes when the bot is in no server', async () => {
    fake.guilds = [];
    const { code, line } = await doctor(without(healthy(), 'DISCORD_CLIENT_ID', 'DISCORD_GUILD_ID'));
    expect(code).toBe(1);
    expect(line('servers')).toBe(`problem servers: the bot is in no server: invite it with ${INVITE}`);
    expect(line('client id')).toBe(`note    client id: DISCORD_CLIENT_ID is not set; npm run register needs it: set DISCORD_CLIENT_ID=${APP}.`);
  });

  it('says when the bot is not in DISCORD_GUILD_ID, and how to invite it there', async () => {
    fake.guilds = [{ id: '900000000000000077', name: 'Other' }];
    const { code, line } = await doctor(healthy());
    expect(code).toBe(1);
    expect(line('servers')).toBe(
      `problem servers: the bot is not in DISCORD_GUILD_ID=${GUILD} (it is in Other (900000000000000077)): invite it there with ${INVITE}`,
    );
  });

  it('reports a rejected token in the words npm start uses, without printing it', async () => {
    const wrong = 'MTAwMDAwMDAwMDAwMDAwMDAx.fake.revoked-token';
    const { code, out, line } = await doctor({ ...healthy(), DISCORD_TOKEN: wrong });
    expect(code).toBe(1);
    expect(line('discord')).toBe(`problem discord: ${TOKEN_REJECTED}`);
    expect(out.join('\n')).not.toContain(wrong);
  });

  it('catches a DISCORD_CLIENT_ID of another application and commands that were never registered', async () => {
    fake.commands = ['about'];
    const { code, line } = await doctor({ ...healthy(), DISCORD_CLIENT_ID: '123456789012345678' });
    expect(code).toBe(1);
    expect(line('client id')).toBe(
      `problem client id: DISCORD_CLIENT_ID=123456789012345678 is not this token's application: set DISCORD_CLIENT_ID=${APP}.`,
    );
    expect(line('commands')).toBe(`problem commands: /ask, /source, /privacy, /settings, "Find sources" not registered server ${GUILD}: run npm run register.`);
  });

  it('still reports the servers when the registered commands cannot be read', async () => {
    fake.commands = [];
    fake.failCommands = true;
    const { code, line } = await doctor(healthy());
    expect(line('servers')).toBe(`ok      servers: the bot is in 1 server: Test Guild (${GUILD}).`);
    expect(line('commands')).toBe('skipped commands: the registered commands could not be read (500: Internal Server Error).');
    expect(code).toBe(0);
  });

  it('says when Discord cannot be reached', async () => {
    const env = healthy();
    await fake.close();
    const { code, line } = await doctor(env);
    expect(code).toBe(1);
    expect(line('discord')).toMatch(
      new RegExp(
        `^problem discord: Could not reach Discord at ${env.DISCORD_API_URL} \\(.*ECONNREFUSED.*\\): check the network and DISCORD_API_URL\\.$`,
      ),
    );
  });

  it('strips control characters from server names before printing them', async () => {
    fake.guilds = [{ id: GUILD, name: 'Evil\u001b]8;;http://x\u0007 guild\u001b[2J' }];
    const { line } = await doctor(healthy());
    expect(line('servers')).toBe(`ok      servers: the bot is in 1 server: Evil]8;;http://x guild[2J (${GUILD}).`);
  });

  it('skips Discord without a token, and checks nothing else when the configuration is invalid', async () => {
    const noToken = await doctor(without(healthy(), 'DISCORD_TOKEN'));
    expect(noToken.code).toBe(0);
    expect(noToken.line('discord')).toMatch(/^skipped discord: DISCORD_TOKEN is not set/);

    const bad = await doctor({ ...healthy(), RATE_LIMIT_COUNT: 'abc' });
    expect(bad.code).toBe(1);
    expect(bad.out.slice(1, -1)).toEqual([
      expect.stringMatching(/^problem configuration: RATE_LIMIT_COUNT must be a whole number from 1 to 1000, got .abc.\. Fix it in the environment or \.env\.$/),
      'skipped seeds: not checked until the configuration is valid.',
      'skipped index: not checked until the configuration is valid.',
      'skipped model: not checked until the configuration is valid.',
      'skipped discord: not checked until the configuration is valid.',
    ]);
    expect(fake.paths).toEqual([]);
  });

  it('reports a missing index and a model that cannot be loaded, a problem only when EMBEDDER requires it', async () => {
    const base = { INDEX_DIR: path.join(tempDir(), 'none'), EMBEDDING_MODEL: './no-such-model', OFFLINE: '1' };
    const required = await doctor({ ...base, EMBEDDER: 'transformers' });
    expect(required.code).toBe(1);
    expect(required.line('index')).toMatch(/^problem index: No index found in .*none: build it with `npm run index`/);
    expect(required.line('model')).toMatch(
      /^problem model: Model folder .*no-such-model \(EMBEDDING_MODEL=\.\/no-such-model\) does not exist; set EMBEDDING_MODEL/,
    );

    const auto = await doctor({ ...base, INDEX_DIR: indexDir, EMBEDDER: 'auto' });
    expect(auto.code).toBe(0);
    expect(auto.line('model')).toMatch(
      /^note +model: Model folder .* does not exist, so npm run index uses the offline n-gram embedder .* To use the model: set EMBEDDING_MODEL/,
    );
  });

  it('loads the model and notes a missing seeds folder', async () => {
    const model = path.join(tempDir(), 'model');
    await makeTestModel(model);
    const { code, line } = await doctor({ ...healthy(), SEEDS_DIR: path.join(tempDir(), 'gone'), EMBEDDER: 'transformers', EMBEDDING_MODEL: model });
    expect(line('model')).toMatch(new RegExp(`^ok +model: transformers ${model} \\(q8, \\d+ dims\\) loads \\(\\d+\\.\\d s\\)\\.$`));
    expect(line('seeds')).toMatch(/^note +seeds: The seeds folder .*gone does not exist: put \.txt or \.md articles there/);
    // The index was built with the n-gram embedder: under EMBEDDER=transformers it cannot be queried as is.
    expect(line('index')).toMatch(/^problem index: The index in .* was built with the ngram \(1024 dims\) embedder but EMBEDDER=transformers/);
    expect(code).toBe(1);
  });

  it('answers --help and refuses arguments', async () => {
    const help = await doctor({}, ['--help']);
    expect(help.code).toBe(0);
    expect(help.out.join('\n')).toContain('doctor');
    const extra = await doctor({}, ['now']);
    expect(extra.code).toBe(1);
    expect(extra.err).toEqual(['error: doctor takes no options or arguments, got now (see --help).']);
    expect(extra.out).toEqual([]);
  });
});
