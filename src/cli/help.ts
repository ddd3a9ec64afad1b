import packageJson from '../../package.json' with { type: 'json' };

export const VERSION = packageJson.version;

/**
 * `--help`/`-h` or `--version`/`-V` among the options (not after `--`): the text to print instead of
 * running the command, or null. Shared by the citty commands and the entry points that are not.
 */
export function helpOrVersion<T extends string | Promise<string>>(args: string[], usage: () => T): T | string | null {
  const options = args.includes('--') ? args.slice(0, args.indexOf('--')) : args;
  if (options.some((a) => a === '--help' || a === '-h')) return usage();
  if (options.some((a) => a === '--version' || a === '-V')) return `${packageJson.name} ${VERSION}`;
  return null;
}

/**
 * For an entry point that is not a citty command: prints its usage or the version when asked, and
 * says whether it did (then the entry point stops before doing anything else).
 */
export function answerHelpOrVersion(usage: string, args = process.argv.slice(2)): boolean {
  const text = helpOrVersion(args, () => usage);
  if (text !== null) process.stdout.write(text + '\n');
  return text !== null;
}

/**
 * For an entry point that takes no arguments (`npm start`, `npm run register`): answers --help and
 * --version, refuses anything else (a mistyped option must not be silently ignored), and returns the
 * exit code to stop with, or null to go on.
 */
export function checkNoArguments(usage: string, args = process.argv.slice(2)): number | null {
  if (answerHelpOrVersion(usage, args)) return 0;
  if (args.length === 0) return null;
  const command = usage.split('\n')[0]!.replace(/^Usage: /, '');
  // Named only when it is an option, without its value: a token pasted on the command line is not echoed.
  const what = args[0]!.startsWith('-') ? `option ${args[0]!.split('=')[0]}` : 'argument';
  process.stderr.write(`error: Unexpected ${what}: ${command} takes no arguments; settings come from the environment or .env (see --help).\n`);
  return 1;
}
