import { DiscordAPIError, REST, Routes } from 'discord.js';
import type { Config } from '../config.ts';
import { UserError } from '../errors.ts';
import type { Logger } from '../log.ts';
import { checkBotConfig } from './bot-config.ts';
import { commands, messageCommands } from './commands/index.ts';
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
  const body = [...commands, ...messageCommands].map((c) => c.definition);
  await client.put(route, { body }).catch((error: unknown) => {
    if (isTokenRejection(error)) throw tokenRejected();
    // 403 Missing Access: the token belongs to another application, or the bot is not in that server.
    if (error instanceof DiscordAPIError && error.status === 403)
      throw new UserError(
        `Discord refused to register the commands ${guildId ? `in DISCORD_GUILD_ID=${guildId}` : 'globally'} (${error.message}): ` +
          `check that DISCORD_CLIENT_ID is the application of DISCORD_TOKEN${guildId ? ' and that the bot was invited to that server' : ''}; npm run doctor checks both.`,
        'register',
      );
    throw error;
  });
  const scope = guildId ? `guild ${guildId}` : 'global';
  log.info('commands registered', { scope, count: body.length, commands: body.map((c) => c.name) });
  return { scope, count: body.length };
}
