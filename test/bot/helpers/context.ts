import type { BotContext } from '../../../src/bot/command.ts';
import { commands, messageCommands } from '../../../src/bot/commands/index.ts';
import { createInteractionHandler } from '../../../src/bot/interactions.ts';
import { botDefaults } from '../../../src/bot/defaults.ts';
import { Pager } from '../../../src/bot/pager.ts';
import { SearchQueue } from '../../../src/bot/search-queue.ts';
import { RateLimiter } from '../../../src/bot/rate-limit.ts';
import { createLogger, silentLogger } from '../../../src/log.ts';
import { openBotStore, type BotStore } from '../../../src/store/bot-store.ts';
import type { Searcher } from '../../../src/search/searcher.ts';

export interface TestBot {
  ctx: BotContext;
  handle: ReturnType<typeof createInteractionHandler>['handle'];
  stop: () => void;
  /** Parsed JSON log lines. */
  logs: Record<string, unknown>[];
  setSearcher(searcher: Searcher): void;
}

/** The real dispatcher and commands around a given searcher, logging into an array. */
export function createTestBot(searcher: Searcher, options: { rate?: [number, number]; ttlMs?: number; maxSessions?: number; secrets?: string[]; queue?: Partial<ConstructorParameters<typeof SearchQueue>[0]>; store?: BotStore } = {}): TestBot {
  let current = searcher;
  const logs: Record<string, unknown>[] = [];
  const [count, windowMs] = options.rate ?? [100, 30_000];
  const log = createLogger('debug', 'json', (line) => logs.push(JSON.parse(line) as Record<string, unknown>));
  const ctx: BotContext = {
    searcher: () => current,
    log,
    limiter: new RateLimiter(count, windowMs),
    pager: new Pager(options.ttlMs ?? botDefaults.pagerTtlMs, options.maxSessions ?? botDefaults.maxPagerSessions),
    searches: new SearchQueue({
      concurrency: botDefaults.searchConcurrency,
      maxWaiting: botDefaults.maxWaitingSearches,
      maxWaitMs: botDefaults.maxSearchWaitMs,
      ...options.queue,
    }),
    // An in-memory database: each test bot starts with no feedback and default server settings.
    store: options.store ?? openBotStore({ file: ':memory:', salt: 'test-salt', retentionDays: 90, log: silentLogger }),
    retentionDays: 90,
    defaultRateLimit: { count, windowMs },
  };
  const handler = createInteractionHandler({ commands, messageCommands, ctx, secrets: options.secrets });
  return { ctx, handle: handler.handle, stop: () => handler.stop(), logs, setSearcher: (s) => (current = s) };
}
