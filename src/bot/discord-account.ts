import {
  DiscordAPIError,
  HTTPError,
  REST,
  Routes,
  type RESTGetAPICurrentUserGuildsResult,
  type RESTGetAPIApplicationCommandsResult,
} from 'discord.js';
import type { APIApplication, APIUser } from 'discord.js';
import type { Config } from '../config.ts';
import { UserError } from '../errors.ts';
import { isTokenRejection, tokenRejected } from './token-rejected.ts';

/** What Discord says about the bot behind DISCORD_TOKEN, read over REST without connecting to the gateway. */
export interface DiscordAccount {
  user: { id: string; username: string };
  application: { id: string; name: string };
  guilds: { id: string; name: string }[];
  /**
   * Names of the application's commands in the scope `npm run register` uses (DISCORD_GUILD_ID, else
   * global), or why they could not be read; null when the bot is not in DISCORD_GUILD_ID.
   */
  commands: string[] | { unreadable: string } | null;
}

/** A doctor's look must be quick: no long waits or retries behind a dead network. */
const restDefaults = { timeout: 10_000, retries: 1 };

/**
 * GET /users/@me, /applications/@me, /users/@me/guilds and the registered commands, honouring
 * DISCORD_API_URL. Failures are UserErrors that say what to do: a refused token in the same words as
 * `npm start`, an unreachable API, or another refusal with its status.
 */
export async function fetchDiscordAccount(config: Config, rest?: REST): Promise<DiscordAccount> {
  const { token, apiUrl, guildId } = config.bot;
  const client = rest ?? new REST({ ...restDefaults, ...(apiUrl ? { api: apiUrl } : {}) }).setToken(token ?? '');
  const get = async <T>(route: `/${string}`): Promise<T> => {
    try {
      return (await client.get(route)) as T;
    } catch (error) {
      throw explain(error, route, apiUrl);
    }
  };
  const user = await get<APIUser>(Routes.user());
  const application = await get<APIApplication>(Routes.currentApplication());
  const guilds = await get<RESTGetAPICurrentUserGuildsResult>(Routes.userGuilds());
  const inGuild = guildId !== null && guilds.some((g) => g.id === guildId);
  const commandsRoute = guildId ? Routes.applicationGuildCommands(application.id, guildId) : Routes.applicationCommands(application.id);
  // The commands are a detail next to the account itself: failing to read them must not hide the rest.
  const commands =
    guildId && !inGuild
      ? null
      : await client.get(commandsRoute).then(
          (list) => (list as RESTGetAPIApplicationCommandsResult).map((c) => c.name),
          (error: unknown) => ({
            unreadable: error instanceof DiscordAPIError || error instanceof HTTPError ? `${error.status}: ${error.message}` : String(error),
          }),
        );
  return {
    user: { id: user.id, username: user.username },
    application: { id: application.id, name: application.name },
    guilds: guilds.map((g) => ({ id: g.id, name: g.name })),
    commands,
  };
}

function explain(error: unknown, route: string, apiUrl: string | null): UserError {
  if (isTokenRejection(error)) return tokenRejected();
  const api = apiUrl ?? 'https://discord.com/api';
  if (error instanceof DiscordAPIError)
    return new UserError(`Discord refused GET ${route} (${error.status}: ${error.message}): check that DISCORD_TOKEN is a bot token.`, 'discord');
  if (error instanceof HTTPError)
    return new UserError(`Discord answered GET ${route} with ${error.status} ${error.message}: try again in a few minutes.`, 'discord');
  const reason =
    error instanceof Error ? [error.message, error.cause instanceof Error ? error.cause.message : ''].filter(Boolean).join(': ') : String(error);
  return new UserError(`Could not reach Discord at ${api} (${reason}): check the network${apiUrl ? ' and DISCORD_API_URL' : ''}.`, 'discord');
}
