import { Events, type Client } from 'discord.js';
import type { Logger } from '../log.ts';

/** Gateway close codes after which Discord will not take the bot back until someone fixes something. */
export const FATAL_CLOSES: Readonly<Record<number, { cause: string; fix: string }>> = {
  4004: { cause: 'the token was reset', fix: 'set DISCORD_TOKEN again (Developer Portal → Bot → Reset Token, then put the new token in .env)' },
  4010: { cause: 'Discord rejected the shard settings', fix: 'run one shard (the bot does not configure sharding; remove any SHARDS or SHARD_COUNT from the environment)' },
  4011: { cause: 'the bot is in too many servers to run as a single shard', fix: 'run it with sharding (discord.js ShardingManager) or remove it from some servers' },
  4012: { cause: 'this discord.js uses a gateway version Discord no longer accepts', fix: 'update discord.js (npm install discord.js@14) and restart' },
  4013: { cause: 'the bot asked for intents that do not exist', fix: 'update the bot; it asks only for the Guilds and GuildMessages intents' },
  4014: {
    cause: 'the bot asked for a privileged intent that is not enabled for it',
    fix: 'enable that intent under Developer Portal → Bot → Privileged Gateway Intents, or run a version of the bot that does not ask for it',
  },
};

export interface GatewayFailure {
  code: number;
  message: string;
}

/**
 * Logs the gateway's life (disconnects and resumes at info); `failed` resolves when Discord closes
 * the connection for good, after an error line naming the cause and the fix. The caller decides to
 * exit. `close()` stops watching (before the bot disconnects on purpose).
 */
export function watchGateway(client: Client, log: Logger): { failed: Promise<GatewayFailure>; close(): void } {
  const reconnecting = (shard: number) => log.info('gateway disconnected; reconnecting', { shard });
  const resumed = (shard: number, replayed: number) => log.info('gateway resumed', { shard, replayedEvents: replayed });
  client.on(Events.ShardReconnecting, reconnecting);
  client.on(Events.ShardResume, resumed);
  let disconnected: ((event: { code: number }, shard: number) => void) | undefined;
  const failed = new Promise<GatewayFailure>((resolve) => {
    disconnected = (event: { code: number }, shard: number) => {
      const known = FATAL_CLOSES[event.code];
      const message = known
        ? `Discord closed the gateway (code ${event.code}): ${known.cause}: ${known.fix}.`
        : `Discord closed the gateway (code ${event.code}) and the bot cannot reconnect: check the bot's settings in the Developer Portal.`;
      log.error(message, { code: event.code, shard });
      resolve({ code: event.code, message });
    };
    client.on(Events.ShardDisconnect, disconnected);
  });
  return {
    failed,
    close() {
      client.off(Events.ShardReconnecting, reconnecting);
      client.off(Events.ShardResume, resumed);
      client.off(Events.ShardDisconnect, disconnected!);
    },
  };
}
