import { mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startBot, type RunningBot, type StartOptions } from '../../../src/bot/start.ts';
import { loadConfig } from '../../../src/config.ts';
import { createLogger } from '../../../src/log.ts';
import { openSearcher, type Searcher } from '../../../src/search/searcher.ts';
import * as p from '../fake-discord/payloads.ts';
import { afterEach, beforeEach } from 'vitest';
import { FakeDiscord, type Dispatched, type RecordedRequest } from '../fake-discord/server.ts';

export const TOKEN = 'MTAwMDAwMDAwMDAwMDAwMDAx.fake.live-token-never-logged';

/** The real bot (real discord.js client, real index) against a fake Discord; logs parsed into `logs`. */
export interface LiveBotOptions {
  env?: Record<string, string>;
  wrap?: (s: Searcher) => Searcher;
  tunables?: StartOptions['tunables'];
  watch?: StartOptions['watch'];
}

export async function startLiveBot(fake: FakeDiscord, indexDir: string, options: LiveBotOptions = {}): Promise<{ bot: RunningBot; logs: Record<string, any>[] }> {
  const logs: Record<string, any>[] = [];
  const config = loadConfig({
    DISCORD_TOKEN: TOKEN,
    DISCORD_API_URL: fake.apiUrl,
    INDEX_DIR: indexDir,
    DATA_DIR: mkdtempSync(path.join(os.tmpdir(), 'kb-live-data-')),
    EMBEDDER: 'ngram',
    RATE_LIMIT_COUNT: '100',
    ...options.env,
  });
  const wrap = options.wrap;
  const bot = await startBot({
    config,
    log: createLogger('debug', 'json', (line) => logs.push(JSON.parse(line) as Record<string, any>)),
    openSearcher: wrap ? async (o) => wrap(await openSearcher(o)) : undefined,
    watch: options.watch ?? { intervalMs: 60_000 },
    tunables: options.tunables,
  });
  return { bot, logs };
}

/**
 * For a test file whose tests each talk to the live bot: a fresh fake Discord before each test (its
 * gateway asking for a heartbeat every `heartbeatMs`), and after it the bot, if one was started,
 * stopped and the fake closed. `logs` stays readable after the stop.
 */
export function liveBotPerTest(heartbeatMs: number) {
  let fake: FakeDiscord | null = null;
  let bot: RunningBot | null = null;
  let logs: Record<string, any>[] = [];
  beforeEach(async () => {
    fake = await new FakeDiscord(TOKEN, heartbeatMs).start();
  });
  afterEach(async () => {
    await bot?.stop();
    bot = null;
    await fake?.close();
  });
  return {
    get fake(): FakeDiscord {
      if (!fake) throw new Error('the fake Discord starts before each test');
      return fake;
    },
    get bot(): RunningBot {
      if (!bot) throw new Error('no bot started in this test');
      return bot;
    },
    get logs() {
      return logs;
    },
    async start(indexDir: string, options: LiveBotOptions = {}): Promise<RunningBot> {
      ({ bot, logs } = await startLiveBot(this.fake, indexDir, options));
      return bot;
    },
  };
}

export const isCallback = (d: Dispatched) => (r: RecordedRequest) => r.method === 'POST' && r.path === `/interactions/${d.id}/${d.token}/callback`;
export const isEdit = (d: Dispatched) => (r: RecordedRequest) =>
  r.method === 'PATCH' && r.path.endsWith(`/${d.token}/messages/@original`) && r.body?.embeds !== undefined;

let nextUser = 500000000000000000n;
/** A distinct user each time, so the per-user rate limit never interferes. */
export function newUser(): string {
  nextUser += 1n;
  return String(nextUser);
}

export function askCommand(fake: FakeDiscord, question: string, userId = newUser()): Dispatched {
  return fake.dispatchInteraction(p.commandInteraction('ask', { question }, userId));
}
