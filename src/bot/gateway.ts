import { Events, type Client } from 'discord.js';
import type { Logger } from '../log.ts';

/** Gateway close codes after which Discord will not take the bot back until someone fixes something. */
export const FATAL_CLOSES: Readonly<Record<number, { cause: string; fix: string }>> = {
  4004: { cause: 'the token was reset', fix: 'set DISCORD_TOKEN again (Developer Portal → Bot → Reset Token, then put the new token in .env)' },
  4010: { cause: 'Discord rejected the shard settings', fix: 'run one shard (the bot does not configure sharding; remove any SHARDS or SHARD_COUNT from the environment)' },
  4011: { cause: 'the bot is in too many servers to run as a single shard', fix: 'run it with sharding (discord.js ShardingManager) or remove it from some servers' },
  4012: { cause: 'this discord.js uses a gateway version Discord no longer accepts', fix: 'update discord.js (npm install discord.js@14) and restart' },
  4013: { cause: 'the bot asked for intents that do not exist', fix: 'update the bot; it asks only for the Guilds intent' },
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
 * Logs the gateway's life (disconnects and resumes at info) and resolves when Discord closes the
 * connection for good, with an error line naming the cause and the fix. The caller decides to exit.
 */
export function watchGateway(client: Client, log: Logger): Promise<GatewayFailure> {
  client.on(Events.ShardReconnecting, (shard) => log.info('gateway disconnected; reconnecting', { shard }));
  client.on(Events.ShardResume, (shard, replayed) => log.info('gateway resumed', { shard, replayedEvents: replayed }));
  return new Promise((resolve) => {
    client.on(Events.ShardDisconnect, (event, shard) => {
      const known = FATAL_CLOSES[event.code];
      const message = known
        ? `Discord closed the gateway (code ${event.code}): ${known.cause}: ${known.fix}.`
        : `Discord closed the gateway (code ${event.code}) and the bot cannot reconnect: check the bot's settings in the Developer Portal.`;
      log.error(message, { code: event.code, shard });
      resolve({ code: event.code, message });
    });
  });
}
