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
