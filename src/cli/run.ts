import { renderUsage, runCommand, type CommandDef } from 'citty';
import { loadConfig, readEnv, type Config } from '../config.ts';
import { isUserError, UserError } from '../errors.ts';
import { createLogger, type Logger } from '../log.ts';

/** The process edges a command touches, injectable for tests. */
export interface CliContext {
  config: Config;
  log: Logger;
  out: (line: string) => void;
  isTTY: boolean;
}

let context: CliContext | null = null;

/** The context of the command being run; set by runCli before the command starts. */
export function cli(): CliContext {
  if (!context) throw new Error('cli() called outside runCli');
  return context;
}

/** citty ignores options it does not know; a mistyped `--jsn` must not silently change the output. */
function checkOptions(command: CommandDef<any>, rawArgs: string[]): void {
  const args = (command.args ?? {}) as Record<string, { type?: string }>;
  const known = Object.keys(args).filter((name) => args[name]!.type !== 'positional');
  for (const arg of rawArgs) {
    if (arg === '--') break;
    const name = /^--?([^=]+)/.exec(arg)?.[1];
    if (name !== undefined && !/^\d/.test(name) && !known.includes(name))
      throw new UserError(`Unknown option ${arg.split('=')[0]}: the options are ${known.map((k) => `--${k}`).join(', ')}.`, 'usage');
  }
}

/**
 * Runs a citty command and turns failures into exit codes: a UserError prints its one-sentence message
 * (no stack trace), anything else is a bug and prints its message with a pointer to LOG_LEVEL=debug.
 */
export async function runCli(command: CommandDef<any>, rawArgs = process.argv.slice(2)): Promise<number> {
  const err = (line: string) => process.stderr.write(line + '\n');
  if (rawArgs.includes('--help') || rawArgs.includes('-h')) {
    process.stdout.write((await renderUsage(command)) + '\n');
    return 0;
  }
  let log = createLogger('info', 'text');
  try {
    checkOptions(command, rawArgs);
    const config = loadConfig(readEnv());
    log = createLogger(config.log.level, 'text');
    context = { config, log, out: (line) => process.stdout.write(line + '\n'), isTTY: Boolean(process.stderr.isTTY) };
    await runCommand(command, { rawArgs });
    return 0;
  } catch (error) {
    if (isUserError(error)) err(`error: ${error.message}`);
    else if (error instanceof Error && error.name === 'CLIError') err(`error: ${error.message} (see --help)`);
    else {
      err(`error: unexpected failure: ${error instanceof Error ? error.message : String(error)} (this is a bug; LOG_LEVEL=debug shows details)`);
      log.debug(error instanceof Error ? (error.stack ?? '') : '');
    }
    // 128 + SIGINT, as shells report a command stopped by Ctrl-C.
    return isUserError(error) && error.code === 'interrupted' ? 130 : 1;
  }
}
