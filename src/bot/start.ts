import { once } from 'node:events';
import path from 'node:path';
import { Client, Events, GatewayIntentBits, Options } from 'discord.js';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import { openBotStore } from '../store/bot-store.ts';
import { DATABASE_FILE } from '../store/database.ts';
import { openSearcher, type Searcher } from '../search/searcher.ts';
import { checkBotConfig } from './bot-config.ts';
import type { BotContext } from './command.ts';
import { commands, messageCommands } from './commands/index.ts';
import { botDefaults, type BotTunables } from './defaults.ts';
import { watchGateway, type GatewayFailure } from './gateway.ts';
import { watchIndex } from './index-watch.ts';
import { createInteractionHandler, redact, STOPPING_MESSAGE } from './interactions.ts';
import { createMentionHandler } from './mentions.ts';
import { Pager } from './pager.ts';
import { RateLimiter } from './rate-limit.ts';
import { registerCommands } from './register.ts';
import { isTokenRejection, tokenRejected } from './token-rejected.ts';
import { SearchQueue } from './search-queue.ts';
import { settleWithin } from './settle.ts';

export type OpenSearcher = (options: { indexDir: string; config: Config; log: Logger; previous?: Searcher }) => Promise<Searcher>;

export interface StartOptions {
  config: Config;
  log: Logger;
  /** Defaults to the real openSearcher; tests may pass their own. */
  openSearcher?: OpenSearcher;
  watch?: { intervalMs?: number; debounceMs?: number };
  /** Tests may shrink the bot's defaults (button lifetime, session cap, search queue). */
  tunables?: Partial<BotTunables>;
}

export interface RunningBot {
  client: Client;
  searcher(): Searcher;
  /**
   * Refuses new interactions, gives the ones in flight SHUTDOWN_GRACE_SECONDS to finish, abandons the
   * rest with a log line, then disconnects. Safe to call twice.
   */
  stop(): Promise<void>;
  /** Resolves when Discord closes the gateway for good (revoked token, disallowed intents, …). */
  failed: Promise<GatewayFailure>;
}

/** Everything `npm start` does, with the process edges (config, logger, searcher) injected. */
export async function startBot(options: StartOptions): Promise<RunningBot> {
  const { config, log } = options;
  checkBotConfig(config, 'start');
  const token = config.bot.token!;
  const open = options.openSearcher ?? openSearcher;
  let current = await open({ indexDir: config.paths.indexDir, config, log });
  log.info('index loaded', { indexDir: config.paths.indexDir, builtAt: current.manifest.builtAt, passages: current.manifest.counts.passages });

  const tunables = { ...botDefaults, ...options.tunables };
  const pager = new Pager(tunables.pagerTtlMs, tunables.maxPagerSessions);
  const searches = new SearchQueue({
    concurrency: tunables.searchConcurrency,
    maxWaiting: tunables.maxWaitingSearches,
    maxWaitMs: tunables.maxSearchWaitMs,
  });
  // Never fails: a database that cannot be used is logged and the bot answers without feedback.
  const store = openBotStore({
    file: path.join(config.paths.dataDir, DATABASE_FILE),
    salt: config.feedback.salt,
    retentionDays: config.feedback.retentionDays,
    log,
  });
  const ctx: BotContext = {
    searcher: () => current,
    log,
    limiter: new RateLimiter(config.bot.rateLimit.count, config.bot.rateLimit.windowMs),
    pager,
    searches,
    store,
    retentionDays: config.feedback.retentionDays,
    defaultRateLimit: config.bot.rateLimit,
  };
  const handler = createInteractionHandler({ commands, messageCommands, ctx, secrets: [token] });
  const mentions = createMentionHandler({ ctx, secrets: [token] });
  const inFlight = new Set<Promise<void>>();
  const track = (task: Promise<void>) => {
    inFlight.add(task);
    void task.finally(() => inFlight.delete(task));
  };

  const client = new Client({
    // GuildMessages brings messages that mention the bot with their content (no MessageContent intent:
    // Discord includes the content of a message that mentions the bot); others arrive without it.
    intents: [GatewayIntentBits.Guilds, GatewayIntentBits.GuildMessages],
    // Never ping anyone: discord.js puts this on every reply, edit and follow-up it sends; a reply to
    // a mention does not ping its author either.
    allowedMentions: { parse: [], repliedUser: false },
    // A reply to a mention whose message was deleted meanwhile is still posted, as a plain message.
    failIfNotExists: false,
    // Keep no messages: the bot reads only the ones that mention it, and stores none.
    makeCache: Options.cacheWithLimits({ ...Options.DefaultMakeCacheSettings, MessageManager: 0 }),
    // The gateway URL then comes from this API's /gateway/bot.
    rest: { globalRequestsPerSecond: tunables.restRequestsPerSecond, ...(config.bot.apiUrl ? { api: config.bot.apiUrl } : {}) },
  });
  client.on(Events.InteractionCreate, (interaction) => {
    const task = handler.handle(interaction).catch((error: unknown) => {
      log.error('interaction handler crashed', { error: redact(String(error), [token]) });
    });
    track(task);
  });
  client.on(Events.MessageCreate, (message) => {
    track(mentions.handle(message).catch((error: unknown) => log.error('mention handler crashed', { error: redact(String(error), [token]) })));
  });
  client.on(Events.Error, (error) => log.error('discord client error', { error: redact(error.message, [token]) }));
  const gateway = watchGateway(client, log);

  const ready = once(client, Events.ClientReady);
  try {
    await client.login(token);
    await ready;
  } catch (error) {
    await client.destroy();
    store.close();
    const message = redact(error instanceof Error ? error.message : String(error), [token]);
    if (isTokenRejection(error)) throw tokenRejected();
    throw new Error(`Could not connect to Discord: ${message}`);
  }
  log.info('bot ready', {
    user: client.user?.tag,
    guilds: client.guilds.cache.size,
    api: config.bot.apiUrl ?? 'discord.com',
    maxButtonSessions: pager.maxSessions,
    shutdownGraceSeconds: config.bot.shutdownGraceMs / 1000,
  });

  if (config.bot.registerOnStart) {
    await registerCommands(config, log, client.rest).catch(async (error: unknown) => {
      await client.destroy();
      store.close();
      throw error;
    });
  }

  const watcher = watchIndex({
    indexDir: config.paths.indexDir,
    // An update of the served index updates its vector list in place (README, "Reloading in the bot").
    load: () => open({ indexDir: config.paths.indexDir, config, log, previous: current }),
    // A question in flight keeps the searcher it started with; only new ones see this one.
    onReload: (searcher) => {
      const replaced = current;
      current = searcher;
      return replaced;
    },
    log,
    ...options.watch,
  });

  let stopped: Promise<void> | null = null;
  const stop = async () => {
    handler.stop();
    mentions.stop();
    await watcher.close();
    const abandoned = await settleWithin(inFlight, config.bot.shutdownGraceMs);
    // Questions still waiting for their search are told to ask again (best effort: we are leaving).
    searches.close(STOPPING_MESSAGE);
    if (abandoned > 0) {
      log.warn('shutdown grace period over: abandoning the interactions still in progress', {
        abandoned,
        graceSeconds: config.bot.shutdownGraceMs / 1000,
      });
    }
    pager.clear();
    gateway.close();
    await client.destroy();
    store.close();
    log.info('bot stopped');
  };
  return {
    client,
    searcher: () => current,
    stop: () => (stopped ??= stop()),
    failed: gateway.failed,
  };
}
