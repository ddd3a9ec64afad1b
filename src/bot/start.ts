import { once } from 'node:events';
import { Client, Events, GatewayIntentBits } from 'discord.js';
import type { Config } from '../config.ts';
import { UserError } from '../errors.ts';
import type { Logger } from '../log.ts';
import { openSearcher, type Searcher } from '../search/searcher.ts';
import { checkBotConfig } from './bot-config.ts';
import type { BotContext } from './command.ts';
import { commands } from './commands/index.ts';
import { watchIndex } from './index-watch.ts';
import { createInteractionHandler, redact } from './interactions.ts';
import { Pager } from './pager.ts';
import { RateLimiter } from './rate-limit.ts';
import { registerCommands } from './register.ts';

export type OpenSearcher = (options: { indexDir: string; config: Config; log: Logger }) => Promise<Searcher>;

export interface StartOptions {
  config: Config;
  log: Logger;
  /** Defaults to the real openSearcher; tests may pass their own. */
  openSearcher?: OpenSearcher;
  watch?: { intervalMs?: number; debounceMs?: number };
  pagerTtlMs?: number;
}

export interface RunningBot {
  client: Client;
  searcher(): Searcher;
  /** Finishes in-flight interactions, then disconnects. Safe to call twice. */
  stop(): Promise<void>;
}

/** Everything `npm start` does, with the process edges (config, logger, searcher) injected. */
export async function startBot(options: StartOptions): Promise<RunningBot> {
  const { config, log } = options;
  checkBotConfig(config, 'start');
  const token = config.bot.token!;
  const open = options.openSearcher ?? openSearcher;
  const openIndex = () => open({ indexDir: config.paths.indexDir, config, log });

  let current = await openIndex();
  log.info('index loaded', { indexDir: config.paths.indexDir, builtAt: current.manifest.builtAt, passages: current.manifest.counts.passages });

  const pager = new Pager(options.pagerTtlMs);
  const ctx: BotContext = {
    searcher: () => current,
    log,
    limiter: new RateLimiter(config.bot.rateLimit.count, config.bot.rateLimit.windowMs),
    pager,
  };
  const handler = createInteractionHandler({ commands, ctx, secrets: [token] });
  const inFlight = new Set<Promise<void>>();

  const client = new Client({
    intents: [GatewayIntentBits.Guilds],
    // The gateway URL then comes from this API's /gateway/bot.
    rest: config.bot.apiUrl ? { api: config.bot.apiUrl } : {},
  });
  client.on(Events.InteractionCreate, (interaction) => {
    const task = handler.handle(interaction).catch((error: unknown) => {
      log.error('interaction handler crashed', { error: redact(String(error), [token]) });
    });
    inFlight.add(task);
    void task.finally(() => inFlight.delete(task));
  });
  client.on(Events.Error, (error) => log.error('discord client error', { error: redact(error.message, [token]) }));
  client.on(Events.ShardDisconnect, (event) => log.warn('gateway disconnected', { code: event.code }));

  const ready = once(client, Events.ClientReady);
  try {
    await client.login(token);
    await ready;
  } catch (error) {
    await client.destroy();
    const message = redact(error instanceof Error ? error.message : String(error), [token]);
    if (/token/i.test(message) || (error as { status?: number }).status === 401) {
      throw new UserError('Discord rejected DISCORD_TOKEN: reset the token in the Developer Portal (Bot → Reset Token) and put the new one in .env.', 'token');
    }
    throw new Error(`Could not connect to Discord: ${message}`);
  }
  log.info('bot ready', { user: client.user?.tag, guilds: client.guilds.cache.size, api: config.bot.apiUrl ?? 'discord.com' });

  if (config.bot.registerOnStart) {
    await registerCommands(config, log, client.rest).catch(async (error: unknown) => {
      await client.destroy();
      throw error;
    });
  }

  const watcher = watchIndex({
    indexDir: config.paths.indexDir,
    load: openIndex,
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
    await watcher.close();
    while (inFlight.size > 0) await Promise.allSettled([...inFlight]);
    pager.clear();
    await client.destroy();
    log.info('bot stopped');
  };
  return {
    client,
    searcher: () => current,
    stop: () => (stopped ??= stop()),
  };
}
