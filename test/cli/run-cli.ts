import { execFile } from 'node:child_process';
import path from 'node:path';
import type { CommandDef } from 'citty';
import { runCli as run, type OutStream } from '../../src/cli/run.ts';

export const PROJECT_DIR = path.resolve(import.meta.dirname, '../..');
/** Starting `node --import tsx` takes about a second; a cold cache or a busy machine can take much longer. */
export const CLI_TIMEOUT_MS = 30_000;

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Settings read by src/config.ts: the parent's values must not leak into a child that a test configures. */
const CONFIG_KEYS = /^(SEEDS_DIR|INDEX_DIR|MODELS_DIR|EMBEDDER|EMBEDDING_MODEL|EMBEDDING_DTYPE|OFFLINE|EMBED_BATCH_SIZE|HNSW_\w+|STEMMER|LOG_LEVEL)$/;

/** The parent's environment without npm's variables and without project settings, plus `env`. */
export function cliEnv(env: Record<string, string> = {}): NodeJS.ProcessEnv {
  const base = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('npm_') && !CONFIG_KEYS.test(key)));
  return { ...base, NO_COLOR: '1', ...env };
}

/** A stream that keeps what is written to it. */
function collector(isTTY: boolean): OutStream & { text: string } {
  return {
    text: '',
    isTTY,
    write(chunk: string) {
      this.text += chunk;
      return true;
    },
  };
}

/**
 * Runs a CLI command in this process, as its entry point would with `args` and exactly the settings in
 * `env` (nothing from this process's environment or a `.env` file), and resolves with its exit code
 * and output. `tty` makes stdout and stderr look like a terminal.
 */
export async function runCli(command: CommandDef<any>, args: string[], env: Record<string, string> = {}, tty = false): Promise<CliResult> {
  const stdout = collector(tty);
  const stderr = collector(tty);
  const code = await run(command, { args, env, stdout, stderr, cwd: PROJECT_DIR });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

/**
 * Runs an entry point (e.g. `src/cli/ask-main.ts`) as `node --import tsx` in the project folder and
 * resolves with its exit code and output; it never rejects for a non-zero exit. Only for what needs a
 * real process: exit codes, the README's commands, entry points that are not citty commands.
 */
export function runProcess(script: string, args: string[], env: Record<string, string> = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', script, ...args],
      { cwd: PROJECT_DIR, env: cliEnv(env), timeout: CLI_TIMEOUT_MS, maxBuffer: 16 * 1024 * 1024, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') {
          reject(new Error(`${script} ${args.join(' ')} did not finish (${error.message}); stderr: ${stderr}`));
          return;
        }
        resolve({ code: error ? (error.code as number) : 0, stdout, stderr });
      },
    );
  });
}

/** The lines of an output, without the final newline. */
export function linesOf(output: string): string[] {
  return output === '' ? [] : output.replace(/\n$/, '').split('\n');
}

/** What a stack trace or a raw exception would leave in the output. */
export const STACK_MARKERS = [/^\s{2,}at /m, /Error:\s*\/|Error:\s*file:/, /\.ts:\d*/, /\bUserError\b/];
