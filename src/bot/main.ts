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

/**
 * `npm start` (`exec node dist/bot/main.mjs`, this file bundled by scripts/bundle.ts: this process itself receives the signals): runs
 * the bot until SIGINT/SIGTERM, lets replies in flight finish within SHUTDOWN_GRACE_SECONDS and exits
 * 0; exits 1 when Discord closes the gateway for good (revoked token, disallowed intents), so that a
 * supervisor restarting on failure notices.
 */
const env = readEnv();
const hide = (text: string) => redact(text, [env.DISCORD_TOKEN?.trim() ?? '']);
try {
  const config = loadConfig(env);
  const log = createLogger(config.log.level, 'json');
  // Listening before start-up: a signal during start-up (registering commands, say) then waits for it.
  let signalled = false;
  const started = startBot({ config, log });
  const exitAfterStop = (code: number) =>
    started
      .then((bot) => bot.stop())
      .then(
        () => process.exit(code),
        (error: unknown) => {
          log.error('shutdown failed', { error: hide(String(error)) });
          process.exit(1);
        },
      );
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      if (signalled) return;
      signalled = true;
      log.info('shutting down', { signal, graceSeconds: config.bot.shutdownGraceMs / 1000 });
      void exitAfterStop(0);
    });
  }
  const bot = await started;
  void bot.failed.then(() => exitAfterStop(1));
} catch (error) {
  // A UserError (bad setting, missing index) is one clear message; anything else is shown without its stack.
  console.error(hide(isUserError(error) ? error.message : `The bot could not start: ${error instanceof Error ? error.message : String(error)}`));
  process.exit(1);
}
