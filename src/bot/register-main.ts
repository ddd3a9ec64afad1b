import { loadConfig, readEnv } from '../config.ts';
import { isUserError } from '../errors.ts';
import { createLogger } from '../log.ts';
import { redact } from './interactions.ts';
import { registerCommands } from './register.ts';
import { checkNoArguments } from '../cli/help.ts';

const USAGE = `Usage: npm run register

Registers the slash commands and the Find sources message command with Discord: in
DISCORD_GUILD_ID if set (instant), else globally (can take up to an hour). Needs DISCORD_TOKEN
and DISCORD_CLIENT_ID (environment or .env).`;
const stop = checkNoArguments(USAGE);
if (stop !== null) process.exit(stop);

/** `npm run register`: puts the slash command definitions to Discord. */
try {
  const config = loadConfig(readEnv());
  const log = createLogger(config.log.level, 'json');
  const { scope, count } = await registerCommands(config, log);
  console.log(`Registered ${count} commands (${scope}).`);
} catch (error) {
  // discord.js errors do not include the token; redact anyway and never print a stack.
  const message = isUserError(error) ? error.message : `Registration failed: ${error instanceof Error ? error.message : String(error)}`;
  console.error(redact(message, [process.env.DISCORD_TOKEN?.trim() ?? '']));
  process.exitCode = 1;
}
