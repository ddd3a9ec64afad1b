import { parseArgs, renderUsage, runCommand, type CommandDef } from 'citty';
import { loadConfig, readEnv, type Config } from '../config.ts';
import { isUserError, UserError } from '../errors.ts';
import { createLogger, type Logger } from '../log.ts';
import { stripControls } from '../text/controls.ts';
import { helpOrVersion } from './help.ts';

/** Where a command writes: process.stdout/stderr, or a string collector in tests. */
export interface OutStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
}

/** The process edges of one run: what `main` takes from `process`, and what tests pass in instead. */
export interface CliIO {
  /** The words after the command, as in `process.argv.slice(2)`. */
  args: string[];
  env: NodeJS.ProcessEnv;
  stdout: OutStream;
  stderr: OutStream;
  cwd: string;
}

/** What a command's `run` receives as citty's `data`. */
export interface CliContext {
  config: Config;
  log: Logger;
  /** Writes one line to stdout. */
  out: (line: string) => void;
  /** stdout is a terminal: mark the best sentence in bold rather than with »…«. */
  stdoutIsTTY: boolean;
  /** stderr, where progress bars go; `isTTY` there means a bar rather than a line per tenth. */
  stderr: OutStream;
}

/** The context runCli hands to a command through citty's `data`. */
export function cliContext(data: unknown): CliContext {
  if (!data) throw new Error('a CLI command was run without runCli');
  return data as CliContext;
}

const NPM_RUN: CommandDef = { meta: { name: 'npm run' } };
const commandName = (command: CommandDef<any>) => (command.meta as { name?: string } | undefined)?.name ?? 'this command';

/**
 * citty ignores options it does not know and words it has no positional for: a mistyped `--jsn`
 * must not silently change the output, and `index extra` must not silently ignore "extra". A command
 * with a positional argument checks its own extra words (ask joins them into one question).
 */
function checkArgs(command: CommandDef<any>, rawArgs: string[]): void {
  const name = commandName(command);
  const defs = (command.args ?? {}) as Record<string, { type?: string }>;
  const known = Object.keys(defs).filter((key) => defs[key]!.type !== 'positional');
  const list = known.map((k) => `--${k}`).join(', ');
  const options = known.length === 0 ? `${name} takes no options` : `the options are ${list}`;
  for (const arg of rawArgs) {
    if (arg === '--') break;
    const option = /^--?([^=]+)/.exec(arg)?.[1];
    if (option !== undefined && !/^\d/.test(option) && !known.includes(option))
      throw new UserError(`Unknown option ${arg.split('=')[0]}: ${options} (see --help).`, 'usage');
  }
  const hasPositional = known.length < Object.keys(defs).length;
  const words = parseArgs(rawArgs, defs as never)._;
  if (!hasPositional && words.length > 0)
    throw new UserError(`Unexpected argument "${words[0]}": ${name} takes no arguments${known.length > 0 ? `, only options (${list}; see --help)` : ' (see --help)'}.`, 'usage');
}

/**
 * Runs a citty command and turns failures into exit codes: a UserError prints its one-sentence message
 * (no stack trace), anything else is a bug and prints its message with a pointer to LOG_LEVEL=debug.
 * The entry points pass nothing (the process's own args, environment and streams); tests pass their own.
 */
export async function runCli(command: CommandDef<any>, io: Partial<CliIO> = {}): Promise<number> {
  const { args: rawArgs = process.argv.slice(2), stdout = process.stdout, stderr = process.stderr, cwd = process.cwd() } = io;
  const err = (line: string) => stderr.write(stripControls(line) + '\n');
  // Shown as `npm run <name>`, how the README runs every command; with npm, options go after `--`.
  const shown = helpOrVersion(rawArgs, async () => `${(await renderUsage(command, NPM_RUN)).trimEnd()}\n\nWith npm, options go after --, e.g. npm run ${commandName(command)} -- --help`);
  if (shown !== null) {
    stdout.write((await shown) + '\n');
    return 0;
  }
  let log = createLogger('info', 'text', err);
  try {
    checkArgs(command, rawArgs);
    const config = loadConfig(io.env ?? readEnv(), cwd);
    log = createLogger(config.log.level, 'text', err);
    const context: CliContext = { config, log, out: (line) => stdout.write(line + '\n'), stdoutIsTTY: Boolean(stdout.isTTY), stderr };
    await runCommand(command, { rawArgs, data: context });
    return 0;
  } catch (error) {
    if (isUserError(error)) err(`error: ${error.message}`);
    else if (error instanceof Error && error.name === 'CLIError') err(`error: ${error.message} (see --help)`);
    else {
      err(`error: unexpected failure: ${error instanceof Error ? error.message : String(error)} (this is a bug; LOG_LEVEL=debug shows details)`);
      log.debug(error instanceof Error ? (error.stack ?? '') : '');
    }
    return isUserError(error) && error.code === 'interrupted' ? 130 : 1;
  }
}
