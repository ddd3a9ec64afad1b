import { loadConfig, readEnv } from '../config.ts';
import { isUserError } from '../errors.ts';
import { createLogger } from '../log.ts';
import { redact } from './interactions.ts';
import { startBot } from './start.ts';
import { checkNoArguments } from '../cli/help.ts';

const USAGE = `Usage: npm start

Runs the Discord bot until Ctrl-C or SIGTERM. Settings come from the environment or .env
(DISCORD_TOKEN is required; see the README, "Run the bot"). Build the index first: npm run index.`;
const stop = checkNoArguments(USAGE);
if (stop !== null) process.exit(stop);

/** `npm start`: runs the bot until SIGINT/SIGTERM, then lets in-flight replies finish and exits 0. */
const env = readEnv();
const hide = (text: string) => redact(text, [env.DISCORD_TOKEN?.trim() ?? '']);
try {
  const config = loadConfig(env);
  const log = createLogger(config.log.level, 'json');
  const bot = await startBot({ config, log });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      log.info('shutting down', { signal });
      bot.stop().then(
        () => process.exit(0),
        (error: unknown) => {
          log.error('shutdown failed', { error: hide(String(error)) });
          process.exit(1);
        },
      );
    });
  }
} catch (error) {
  // A UserError (bad setting, missing index) is one clear message; anything else is shown without its stack.
  console.error(hide(isUserError(error) ? error.message : `The bot could not start: ${error instanceof Error ? error.message : String(error)}`));
  process.exit(1);
}
