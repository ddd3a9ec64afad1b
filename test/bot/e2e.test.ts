import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { registerCommands } from '../../src/bot/register.ts';
import { startBot, type RunningBot } from '../../src/bot/start.ts';
import { TOKEN_REJECTED } from '../../src/bot/token-rejected.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import { UserError } from '../../src/errors.ts';
import { createLogger } from '../../src/log.ts';
import { ar } from '../../src/bot/messages/ar.ts';
import * as p from './fake-discord/payloads.ts';
import { FakeDiscord, type Dispatched, type RecordedRequest } from './fake-discord/server.ts';
import { openSearcher, type Searcher } from '../../src/search/searcher.ts';
import { overrideSearcher } from './helpers/searcher.ts';
import { buildTempIndex } from './helpers/temp-index.ts';

const TOKEN = 'MTAwMDAwMDAwMDAwMDAwMDAx.fake.e2e-token-never-logged';
const ASKER = '100000000000000001';
const OTHER = '100000000000000002';
const EPHEMERAL = 64;

let index: Awaited<ReturnType<typeof buildTempIndex>>;
let fake: FakeDiscord;
let bot: RunningBot | null;
let logs: string[];
const latencies: { kind: 'single' | 'burst'; ms: number }[] = [];
let burst = false;

const dataDir = mkdtempSync(path.join(os.tmpdir(), 'kb-e2e-data-'));

function configFor(api: string, env: Record<string, string> = {}): Config {
  return loadConfig({
    DISCORD_TOKEN: TOKEN,
    DISCORD_CLIENT_ID: p.IDS.app,
    DISCORD_GUILD_ID: p.IDS.guild,
    DISCORD_API_URL: api,
    REGISTER_ON_START: '1',
    RATE_LIMIT_COUNT: '5',
    LOG_LEVEL: 'debug',
    INDEX_DIR: index.indexDir,
    DATA_DIR: dataDir,
    EMBEDDER: 'ngram',
    ...env,
  });
}

/** The real start-up path: the bot opens the index at config.paths.indexDir with the real openSearcher. */
async function start(options: { wrap?: (s: Searcher) => Searcher; env?: Record<string, string> } = {}): Promise<RunningBot> {
  const wrap = options.wrap;
  bot = await startBot({
    config: configFor(fake.apiUrl, options.env),
    log: createLogger('debug', 'json', (line) => logs.push(line)),
    openSearcher: wrap ? async (o) => wrap(await openSearcher(o)) : undefined,
    watch: { intervalMs: 50, debounceMs: 100 },
  });
  return bot;
}

beforeAll(async () => {
  index = await buildTempIndex();
});

beforeEach(async () => {
  logs = [];
  fake = await new FakeDiscord(TOKEN, 300).start();
});

afterEach(async () => {
  await bot?.stop();
  bot = null;
  await fake.close();
  expect(logs.join('\n')).not.toContain(TOKEN);
});

afterAll(() => {
  for (const kind of ['single', 'burst'] as const) {
    const sorted = latencies.filter((l) => l.kind === kind).map((l) => l.ms).sort((a, b) => a - b);
    if (sorted.length === 0) continue;
    const pct = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.toFixed(1);
    console.log(`e2e /ask latency (${kind}), dispatch → final reply edit, n=${sorted.length}: p50 ${pct(0.5)} ms, p90 ${pct(0.9)} ms, max ${pct(1)} ms`);
  }
});

const isCallback = (d: Dispatched) => (r: RecordedRequest) => r.method === 'POST' && r.path === `/interactions/${d.id}/${d.token}/callback`;
const isEdit = (d: Dispatched) => (r: RecordedRequest) => r.method === 'PATCH' && r.path.endsWith(`/${d.token}/messages/@original`) && r.body?.embeds !== undefined;

async function ask(question: string, userId = ASKER, results?: number) {
  const d = fake.dispatchInteraction(p.commandInteraction('ask', results ? { question, results } : { question }, userId));
  const callback = await fake.waitFor(isCallback(d));
  return { d, callback };
}

async function askAnswered(question: string, userId = ASKER, results?: number) {
  const { d, callback } = await ask(question, userId, results);
  expect(callback.body.type).toBe(5); // deferred
  expect(callback.body.data?.flags ?? 0).toBe(0); // public
  const edit = await fake.waitFor(isEdit(d));
  latencies.push({ kind: burst ? 'burst' : 'single', ms: edit.at - d.at });
  return { d, edit };
}

describe('the bot against a fake Discord', () => {
  it('connects with the Guilds and GuildMessages intents only and registers its commands in the guild', async () => {
    await start();
    expect(fake.identifies).toHaveLength(1);
    expect(fake.identifies[0].intents).toBe(1 | 512); // Guilds | GuildMessages; never MessageContent (1 << 15)
    const put = await fake.waitFor((r) => r.method === 'PUT');
    expect(put.path).toBe(`/applications/${p.IDS.app}/guilds/${p.IDS.guild}/commands`);
    expect(put.body.map((c: { name: string; type?: number }) => [c.name, c.type ?? 1])).toEqual([
      ['ask', 1],
      ['source', 1],
      ['about', 1],
      ['privacy', 1],
      ['settings', 1],
      ['Find sources', 3],
    ]);
    const askDef = put.body[0];
    expect(askDef.options.map((o: any) => [o.name, o.required ?? false, o.max_length ?? o.max_value])).toEqual([
      ['question', true, 500],
      ['results', false, 5],
      ['publisher', false, 100],
      ['since', false, 20],
      ['until', false, 20],
    ]);
    expect(askDef.options[2].autocomplete).toBe(true);
    expect(put.body[1].options[0].autocomplete).toBe(true);
    // Heartbeats are acknowledged, so the connection stays up.
    await new Promise((r) => setTimeout(r, 700));
    expect(fake.heartbeats).toBeGreaterThan(0);
    expect(fake.connected).toBe(1);
  });

  it('answers /ask with cited embeds, then /source shows a cited id in full', async () => {
    await start();
    const { edit } = await askAnswered('كم عدد المركبات المدرعة التي سلمها الانفصاليون؟');
    expect(edit.body.embeds).toHaveLength(3);
    const first = edit.body.embeds[0];
    expect(first.description).toContain('**');
    expect(first.fields.map((f: any) => f.name)).toEqual([ar.sourceId, ar.publisher, ar.date, ar.file]);
    expect(edit.body.components[0].components).toHaveLength(3);
    const id = /`([a-z0-9]+)`/.exec(first.fields[0].value)![1]!;

    const d = fake.dispatchInteraction(p.commandInteraction('source', { id }, OTHER));
    const callback = await fake.waitFor(isCallback(d));
    expect(callback.body.type).toBe(4);
    expect(callback.body.data.flags ?? 0).toBe(0);
    expect(callback.body.data.embeds[0].fields[0].value).toBe(`\`${id}\``);
    expect(callback.body.data.content).toContain(id);
    const line = logs.map((l) => JSON.parse(l)).find((l) => l.msg === 'interaction' && l.command === 'ask');
    expect(line).toMatchObject({ kind: 'command', outcome: 'ok', results: expect.any(Number), confident: expect.any(Boolean) });
    expect(line.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('answers an unknown id privately with how to find ids', async () => {
    await start();
    const d = fake.dispatchInteraction(p.commandInteraction('source', { id: 'zz99zz99' }, ASKER));
    const callback = await fake.waitFor(isCallback(d));
    expect(callback.body.data.flags).toBe(EPHEMERAL);
    expect(callback.body.data.content).toContain('/ask');
  });

  it('suggests source ids while typing', async () => {
    await start();
    const d = fake.dispatchInteraction(p.autocompleteInteraction('source', { id: 'قره' }, 'id', ASKER));
    const callback = await fake.waitFor(isCallback(d));
    expect(callback.body.type).toBe(8);
    const choices = callback.body.data.choices as { name: string; value: string }[];
    expect(choices.length).toBeGreaterThan(0);
    expect(choices.length).toBeLessThanOrEqual(25);
    for (const c of choices) expect(c.name.length).toBeLessThanOrEqual(100);
  });

  it('pages for the asker only; anyone else gets a private refusal', async () => {
    await start();
    const { d, edit } = await askAnswered('قره باغ', ASKER, 2);
    const message = fake.original(d.token)!;
    const nextId = edit.body.components[0].components[2].custom_id as string;

    const other = fake.dispatchInteraction(p.buttonInteraction(nextId, message, OTHER));
    const refusal = await fake.waitFor(isCallback(other));
    expect(refusal.body.type).toBe(4);
    expect(refusal.body.data.flags).toBe(EPHEMERAL);
    expect(refusal.body.data.content).toContain('Only the person who asked');

    const mine = fake.dispatchInteraction(p.buttonInteraction(nextId, message, ASKER));
    const update = await fake.waitFor(isCallback(mine));
    expect(update.body.type).toBe(7);
    expect(update.body.data.embeds[0].title.startsWith('3. ')).toBe(true);
  });

  it('answers a stale button privately', async () => {
    await start();
    const d = fake.dispatchInteraction(p.buttonInteraction('ask:gone:1', p.message(p.snowflake(), {}), ASKER));
    const callback = await fake.waitFor(isCallback(d));
    expect(callback.body.data.flags).toBe(EPHEMERAL);
    expect(callback.body.data.content).toContain('expired');
  });

  it.each([
    ['an empty question', 'ask', { question: '   ' }, 'The question is empty'],
    ['a punctuation-only question', 'ask', { question: '?!؟…' }, 'only punctuation'],
    ['an over-long question', 'ask', { question: 'س'.repeat(600) }, 'طول السؤال 600 حرفًا والحد 500'],
    ['an over-long English question', 'ask', { question: 'w'.repeat(600) }, 'is 600 characters long; the limit is 500'],
    ['an unknown command', 'ping', {}, 'do not know this command'],
  ])('answers %s privately', async (_label, name, values, text) => {
    await start();
    const d = fake.dispatchInteraction(p.commandInteraction(name, values, ASKER));
    const callback = await fake.waitFor(isCallback(d));
    expect(callback.body).toMatchObject({ type: 4, data: { flags: EPHEMERAL } });
    expect(callback.body.data.content).toContain(text);
  });

  it('answers questions one after another (latency sample)', async () => {
    await start();
    const questions = ['متى بدأت العملية العسكرية؟', 'ما دور قوات حفظ السلام الروسية؟', 'ماذا قال علييف؟', 'كم عدد الأسلحة المسلمة؟', 'ما هو ممر لاتشين؟'];
    for (const [i, q] of [...questions, ...questions].entries()) {
      const { edit } = await askAnswered(q, String(300000000000000000n + BigInt(i)));
      expect(edit.body.embeds.length).toBeGreaterThan(0);
    }
  });

  it('answers a burst of concurrent questions from many users, and rate-limits one user politely', async () => {
    await start();
    const questions = ['قره باغ', 'أذربيجان', 'أرمينيا', 'روسيا', 'ممر لاتشين', 'علييف', 'باشينيان', 'وقف إطلاق النار', 'الأسلحة', 'بوتين'];
    burst = true;
    const answers = await Promise.all(questions.map((q, i) => askAnswered(q, String(200000000000000000n + BigInt(i)))));
    burst = false;
    for (const { edit } of answers) expect(edit.body.embeds.length).toBeGreaterThan(0);

    const mine = await Promise.all([1, 2, 3, 4, 5, 6].map(() => ask('قره باغ', ASKER)));
    const limited = mine.filter(({ callback }) => callback.body.type === 4);
    expect(limited).toHaveLength(1);
    expect(limited[0]!.callback.body.data).toMatchObject({ flags: EPHEMERAL, content: expect.stringContaining('انتظر') });
  });

  it('replaces the public "thinking" reply with a private error and a ref when the search fails', async () => {
    await start({ wrap: (s) => overrideSearcher(s, { search: async () => Promise.reject(new Error('hnsw exploded')) }) });
    const { d, callback } = await ask('قره باغ');
    expect(callback.body.type).toBe(5);
    const followUp = await fake.waitFor((r) => r.method === 'POST' && r.path === `/webhooks/${p.IDS.app}/${d.token}`);
    expect(followUp.body.flags).toBe(EPHEMERAL);
    const ref = /المرجع ([0-9A-F]{6})/.exec(followUp.body.content)![1];
    expect(fake.requestsFor(d.token).map((r) => r.method)).toEqual(['POST', 'DELETE', 'POST']);
    const logged = logs.map((l) => JSON.parse(l)).find((l) => l.msg === 'interaction failed');
    expect(logged).toMatchObject({ ref, level: 'error' });
    expect(logged.error).toContain('hnsw exploded');
    // Still running: the next interaction is answered.
    const about = fake.dispatchInteraction(p.commandInteraction('about', {}, OTHER));
    expect((await fake.waitFor(isCallback(about))).body.type).toBe(4);
  });

  it('shows /about', async () => {
    await start();
    const d = fake.dispatchInteraction(p.commandInteraction('about', {}, ASKER));
    const callback = await fake.waitFor(isCallback(d));
    const fields = callback.body.data.embeds[0].fields.map((f: any) => f.name);
    expect(fields).toEqual(expect.arrayContaining(['Articles', 'Passages', 'Publishers', 'Publication dates', 'Embedder', 'Index built']));
  });

  it('finishes a reply in flight when stopped, then disconnects', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const running = await start({ wrap: (s) => overrideSearcher(s, { search: async (q, o) => (await gate, s.search(q, o)) }) });
    const { d } = await ask('قره باغ');
    const stopped = running.stop();
    setTimeout(release, 100);
    await stopped;
    expect(fake.requests.some(isEdit(d))).toBe(true);
    await new Promise((r) => setTimeout(r, 50));
    expect(fake.connected).toBe(0);
  });

  it('reports a rejected token without printing it', async () => {
    const error = await startBot({
      config: configFor(fake.apiUrl, { DISCORD_TOKEN: 'wrong.token.value' }),
      log: createLogger('debug', 'json', (line) => logs.push(line)),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toBe(TOKEN_REJECTED);
    expect((error as Error).message).not.toContain('wrong.token.value');
  });

  it('stops before connecting when the index is missing, saying to run npm run index', async () => {
    const error = await startBot({
      config: configFor(fake.apiUrl, { INDEX_DIR: `${index.root}/missing` }),
      log: createLogger('error', 'json', () => {}),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toContain('npm run index');
    expect(fake.requests).toHaveLength(0);
  });

  it('reloads the index without a restart when it is rebuilt, and keeps answering', async () => {
    const running = await start();
    const before = running.searcher();
    await index.rebuild();
    const end = Date.now() + 5000;
    while (running.searcher() === before && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    expect(running.searcher()).not.toBe(before);
    expect(logs.some((l) => JSON.parse(l).msg === 'index reloaded')).toBe(true);
    const { edit } = await askAnswered('قره باغ');
    expect(edit.body.embeds.length).toBeGreaterThan(0);
  });

  it('registers globally with npm run register when no guild is set', async () => {
    const config = configFor(fake.apiUrl, { DISCORD_GUILD_ID: '' });
    const result = await registerCommands(config, createLogger('error', 'json', () => {}));
    expect(result).toEqual({ scope: 'global', count: 6 });
    const put = await fake.waitFor((r) => r.method === 'PUT');
    expect(put.path).toBe(`/applications/${p.IDS.app}/commands`);
  });
});
