import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeDiscord, type RecordedRequest } from './fake-discord/server.ts';
import * as p from './fake-discord/payloads.ts';
import { buildTempIndex } from './helpers/temp-index.ts';
import { BOT_NODE_FLAGS, bundle } from '../../scripts/bundle.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');
const MAIN = path.join(ROOT, 'src/bot/main.ts');
let bundled: string;
const REGISTER = path.join(ROOT, 'src/bot/register-main.ts');
const TOKEN = 'MTAwMDAwMDAwMDAwMDAwMDAx.main.process-token';

let index: Awaited<ReturnType<typeof buildTempIndex>>;
let cwd: string;

beforeAll(async () => {
  bundled = await bundle('src/bot/main.ts', 'bot'); // as `npm start`'s prestart does
  index = await buildTempIndex();
  // An empty working directory, so no developer .env is picked up.
  cwd = mkdtempSync(path.join(tmpdir(), 'bot-main-'));
});
afterAll(() => {
  rmSync(cwd, { recursive: true, force: true });
});

// `exec`: npm runs scripts through sh, which would die on npm's forwarded SIGTERM and orphan the bot.
const START = `exec node ${BOT_NODE_FLAGS.join(' ')} dist/bot/main.mjs`;

/** Runs an entry point as its own process: the bot the way `npm start` runs it (its bundle, plain node), `register` through tsx. */
function run(env: Record<string, string>, onOutput?: (text: string, child: ReturnType<typeof spawn>) => void, entry = MAIN) {
  const [command, args] = entry === MAIN ? [process.execPath, [...BOT_NODE_FLAGS, bundled]] : [TSX, [entry]];
  const child = spawn(command, args, { cwd, env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env } });
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
  it('runs the bot, bundled on every start, in the process that receives the signals, with what the bundling needs as runtime dependencies', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.scripts.start).toBe(START);
    expect(pkg.scripts.prestart).toBe('tsx scripts/bundle.ts');
    expect(bundled).toBe(path.join(ROOT, 'dist/bot/main.mjs'));
    for (const name of ['tsx', 'esbuild']) {
      expect(pkg.dependencies[name]).toBeDefined();
      expect(pkg.devDependencies?.[name]).toBeUndefined();
    }
  });

  it('keeps the model library out of the bundle\'s start: an offline bot never loads transformers.js', () => {
    const text = readFileSync(bundled, 'utf8');
    expect(text).not.toContain('from "@huggingface/transformers"');
    expect(text).toMatch(/import\("\.\/chunks\/transformers-\w+\.mjs"\)/);
  });

  it('on SIGTERM to `npm start` under load, finishes every reply in flight, refuses new questions politely and exits 0', async () => {
    const fake = await new FakeDiscord(TOKEN).start();
    const isAsk = (token: string) => (r: RecordedRequest) => r.path.includes(`/${token}/`);
    // One answer is held by a 2 s rate limit, so the shutdown is still under way when a late question comes.
    let held = '';
    fake.restFault = (r) => (held && r.method === 'PATCH' && isAsk(held)(r) && !fake.requests.some((x) => x !== r && x.method === 'PATCH' && isAsk(held)(x)) ? { status: 429, retryAfter: 2 } : undefined);
    // Its own process group, so that whatever happens, nothing it started outlives the test.
    const child = spawn('npm', ['start', '--silent'], {
      detached: true,
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '',
        DISCORD_TOKEN: TOKEN,
        DISCORD_API_URL: fake.apiUrl,
        INDEX_DIR: index.indexDir,
        DATA_DIR: mkdtempSync(path.join(tmpdir(), 'kb-main-data-')),
        EMBEDDER: 'ngram',
        RATE_LIMIT_COUNT: '100',
        SHUTDOWN_GRACE_SECONDS: '10',
      },
    });
    let output = '';
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    let done = false;
    const exited = new Promise<number | null>((resolve) => child.on('close', (code) => ((done = true), resolve(code))));
    const until = async (text: string) => {
      while (!output.includes(text) && !done) await new Promise((r) => setTimeout(r, 10));
    };
    await until('"msg":"bot ready"');

    const questions = Array.from({ length: 100 }, (_, i) =>
      fake.dispatchInteraction(p.commandInteraction('ask', { question: ['قره باغ', 'ممر لاتشين', 'أذربيجان', 'روسيا'][i % 4]! }, String(400000000000000000n + BigInt(i)))),
    );
    held = questions[0]!.token;
    // Every question acknowledged ("thinking…"), then the operator stops the bot while answers are being written.
    await Promise.all(questions.map((d) => fake.waitFor((r) => r.method === 'POST' && r.path === `/interactions/${d.id}/${d.token}/callback`)));
    child.kill('SIGTERM');
    await until('"msg":"shutting down"');
    const late = fake.dispatchInteraction(p.commandInteraction('ask', { question: 'قره باغ' }, '400000000000000999'));
    const code = await Promise.race([exited, new Promise<string>((r) => setTimeout(() => r('still running 20 s after SIGTERM'), 20_000))]);
    if (!done) process.kill(-child.pid!, 'SIGKILL');
    await fake.close();

    expect(code).toBe(0);
    const answered = questions.filter((d) => fake.requests.some((r) => r.method === 'PATCH' && isAsk(d.token)(r) && r.body?.embeds?.length > 0));
    expect(answered).toHaveLength(100);
    const refusal = fake.requests.find((r) => r.path === `/interactions/${late.id}/${late.token}/callback`);
    expect(refusal?.body.data).toMatchObject({ flags: 64, content: 'البوت يعيد التشغيل؛ حاول مرة أخرى بعد دقيقة.' }); // an Arabic question: ar.stopping
    expect(output).toContain('"msg":"bot stopped"');
    expect(output).not.toContain('abandoning');
  }, 60_000);

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
      { DISCORD_TOKEN: TOKEN, DISCORD_API_URL: fake.apiUrl, INDEX_DIR: index.indexDir, DATA_DIR: mkdtempSync(path.join(tmpdir(), 'kb-main-data-')), EMBEDDER: 'ngram', DISCORD_CLIENT_ID: p.IDS.app, REGISTER_ON_START: '1' },
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

  it('exits 1 with the cause and the fix when Discord closes the gateway for good (token reset)', async () => {
    const fake = await new FakeDiscord(TOKEN).start();
    let closed = false;
    const { code, output } = await run({ DISCORD_TOKEN: TOKEN, DISCORD_API_URL: fake.apiUrl, INDEX_DIR: index.indexDir, DATA_DIR: mkdtempSync(path.join(tmpdir(), 'kb-main-data-')), EMBEDDER: 'ngram' }, (text) => {
      if (!closed && text.includes('"msg":"bot ready"')) {
        closed = true;
        fake.closeGateway(4004, 'Authentication failed.');
      }
    });
    await fake.close();
    expect(code).toBe(1);
    expect(output).toMatch(/"level":"error","msg":"Discord closed the gateway \(code 4004\): the token was reset: set DISCORD_TOKEN again/);
    expect(output).not.toContain(TOKEN);
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
    expect(output).toContain(`Registered 6 commands (guild ${p.IDS.guild}).`);
    const put = fake.requests.find((r) => r.method === 'PUT')!;
    expect(put.path).toBe(`/applications/${p.IDS.app}/guilds/${p.IDS.guild}/commands`);
    expect(put.body.map((c: { name: string }) => c.name)).toEqual(['ask', 'source', 'about', 'privacy', 'settings', 'Find sources']);
  });
});
