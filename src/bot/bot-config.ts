import type { Config } from '../config.ts';
import { UserError } from '../errors.ts';

const snowflake = /^\d{17,20}$/;

/**
 * The bot's own settings, checked once at start-up on top of src/config.ts. One line per problem;
 * the token's value is never part of a message.
 */
export function checkBotConfig(config: Config, purpose: 'start' | 'register'): void {
  const { token, clientId, guildId, registerOnStart } = config.bot;
  const problems: string[] = [];
  if (!token) {
    problems.push('DISCORD_TOKEN is not set: copy the bot token from the Developer Portal (Bot → Reset Token) into .env.');
  } else if (/\s/.test(token)) {
    problems.push('DISCORD_TOKEN contains spaces or line breaks: paste the token alone, without quotes or "Bot ".');
  }
  const needsClientId = purpose === 'register' || registerOnStart;
  if (needsClientId && !clientId) {
    const why = purpose === 'register' ? 'to register commands' : 'because REGISTER_ON_START=1';
    problems.push(`DISCORD_CLIENT_ID is not set (needed ${why}): copy the Application ID from the Developer Portal (General Information).`);
  }
  if (clientId && !snowflake.test(clientId)) {
    problems.push(`DISCORD_CLIENT_ID=${JSON.stringify(clientId)} is not an application id: it must be 17–20 digits.`);
  }
  if (guildId && !snowflake.test(guildId)) {
    problems.push(`DISCORD_GUILD_ID=${JSON.stringify(guildId)} is not a server id: it must be 17–20 digits, or leave it empty to register globally.`);
  }
  if (problems.length > 0) {
    throw new UserError(`Bot configuration problem (fix it in the environment or .env):\n${problems.join('\n')}`, 'config');
  }
}
