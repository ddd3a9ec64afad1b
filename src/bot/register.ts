import { REST, Routes } from 'discord.js';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import { checkBotConfig } from './bot-config.ts';
import { commands } from './commands/index.ts';
import { isTokenRejection, tokenRejected } from './token-rejected.ts';

/**
 * Replaces the application's commands with ours in one bulk overwrite: in DISCORD_GUILD_ID when set
 * (instant, for development), else globally (may take up to an hour to show everywhere).
 */
export async function registerCommands(config: Config, log: Logger, rest?: REST): Promise<{ scope: string; count: number }> {
  checkBotConfig(config, 'register');
  const { token, clientId, guildId, apiUrl } = config.bot;
  const client = rest ?? new REST(apiUrl ? { api: apiUrl } : {}).setToken(token!);
  const route = guildId ? Routes.applicationGuildCommands(clientId!, guildId) : Routes.applicationCommands(clientId!);
  const body = commands.map((c) => c.definition);
  await client.put(route, { body }).catch((error: unknown) => {
    throw isTokenRejection(error) ? tokenRejected() : error;
  });
  const scope = guildId ? `guild ${guildId}` : 'global';
  log.info('commands registered', { scope, count: body.length, commands: body.map((c) => c.name) });
  return { scope, count: body.length };
}
