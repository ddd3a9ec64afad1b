import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord } from './fake-discord/server.ts';
import * as p from './fake-discord/payloads.ts';
import { buildTempIndex } from './helpers/temp-index.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
const MAIN = path.join(ROOT, 'src/bot/main.ts');
const REGISTER = path.join(ROOT, 'src/bot/register-main.ts');
const TOKEN = 'MTAwMDAwMDAwMDAwMDAwMDAx.main.process-token';

let index: Awaited<ReturnType<typeof buildTempIndex>>;
let cwd: string;

beforeAll(async () => {
  index = await buildTempIndex();
  // An empty working directory, so no developer .env is picked up.
  cwd = mkdtempSync(path.join(tmpdir(), 'bot-main-'));
});
afterAll(() => {
  rmSync(cwd, { recursive: true, force: true });
});

/** Runs `npm start`'s entry point as its own process. */
function run(env: Record<string, string>, onOutput?: (text: string, child: ReturnType<typeof spawn>) => void, entry = MAIN) {
  const child = spawn(TSX, [entry], { cwd, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env } });
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    onOutput?.(output, child);
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  return new Promise<{ code: number | null; output: string }>((resolve) => child.on('close', (code) => resolve({ code, output })));
}

describe('npm start (src/bot/main.ts)', () => {
  it('exits 1 with one line per configuration problem', async () => {
    const { code, output } = await run({ REGISTER_ON_START: '1', DISCORD_GUILD_ID: 'abc' });
    expect(code).toBe(1);
    expect(output).toContain('DISCORD_TOKEN is not set');
    expect(output).toContain('DISCORD_CLIENT_ID is not set');
    expect(output).toContain('DISCORD_GUILD_ID="abc" is not a server id');
    expect(output).not.toContain('    at ');
  });

  it('exits 1 telling to run npm run index when the index is missing, without printing the token', async () => {
    const { code, output } = await run({ DISCORD_TOKEN: TOKEN, INDEX_DIR: path.join(cwd, 'nothing-here') });
    expect(code).toBe(1);
    expect(output).toContain('npm run index');
    expect(output).not.toContain(TOKEN);
  });

  it('runs against Discord and exits 0 on SIGTERM after a clean shutdown', async () => {
    const fake = await new FakeDiscord(TOKEN).start();
    let signalled = false;
    const { code, output } = await run(
      { DISCORD_TOKEN: TOKEN, DISCORD_API_URL: fake.apiUrl, INDEX_DIR: index.indexDir, EMBEDDER: 'ngram', DISCORD_CLIENT_ID: p.IDS.app, REGISTER_ON_START: '1' },
      (text, child) => {
        if (!signalled && text.includes('"msg":"bot ready"')) {
          signalled = true;
          child.kill('SIGTERM');
        }
      },
    );
    await fake.close();
    expect(code).toBe(0);
    expect(output).toContain('"msg":"shutting down","signal":"SIGTERM"');
    expect(output).toContain('"msg":"bot stopped"');
    expect(output).not.toContain(TOKEN);
    expect(fake.requests.some((r) => r.method === 'PUT' && r.path === `/applications/${p.IDS.app}/commands`)).toBe(true);
  });
});

describe('npm run register (src/bot/register-main.ts)', () => {
  it('needs the client id', async () => {
    const { code, output } = await run({ DISCORD_TOKEN: TOKEN }, undefined, REGISTER);
    expect(code).toBe(1);
    expect(output).toContain('DISCORD_CLIENT_ID is not set');
  });

  it('bulk-overwrites the guild commands when DISCORD_GUILD_ID is set', async () => {
    const fake = await new FakeDiscord(TOKEN).start();
    const env = { DISCORD_TOKEN: TOKEN, DISCORD_API_URL: fake.apiUrl, DISCORD_CLIENT_ID: p.IDS.app, DISCORD_GUILD_ID: p.IDS.guild };
    const { code, output } = await run(env, undefined, REGISTER);
    await fake.close();
    expect(code).toBe(0);
    expect(output).toContain(`Registered 3 commands (guild ${p.IDS.guild}).`);
    const put = fake.requests.find((r) => r.method === 'PUT')!;
    expect(put.path).toBe(`/applications/${p.IDS.app}/guilds/${p.IDS.guild}/commands`);
    expect(put.body.map((c: { name: string }) => c.name)).toEqual(['ask', 'source', 'about']);
  });
});
