import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { checkNoArguments, helpOrVersion } from '../../src/cli/help.ts';

const usage = () => 'Usage: npm run x';

describe('helpOrVersion', () => {
  it.each([['--help'], ['-h'], ['a', '--help'], ['--version', '--help']])('answers %j with the usage', (...args) => {
    expect(helpOrVersion(args, usage)).toBe('Usage: npm run x');
  });

  it.each([['--version'], ['-V'], ['dir', '--version']])('answers %j with the version', (...args) => {
    expect(helpOrVersion(args, usage)).toBe('karabakh-news-bot 0.1.0');
  });

  it.each([[], ['dir'], ['--', '--help'], ['كم', '--', '-h'], ['--helpful']])('leaves %j to the command', (...args) => {
    expect(helpOrVersion(args, usage)).toBeNull();
  });
});

describe('checkNoArguments', () => {
  const USAGE = 'Usage: npm start\n\nRuns the bot.';
  let stdout: string;
  let stderr: string;

  beforeEach(() => {
    stdout = '';
    stderr = '';
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
    vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  });
  afterEach(() => vi.restoreAllMocks());

  it('goes on when there are no arguments', () => {
    expect(checkNoArguments(USAGE, [])).toBeNull();
    expect(stdout + stderr).toBe('');
  });

  it('prints the usage for --help and stops with 0', () => {
    expect(checkNoArguments(USAGE, ['--help'])).toBe(0);
    expect(stdout).toBe(USAGE + '\n');
  });

  it('refuses an argument with one line that mentions --help, and stops with 1', () => {
    expect(checkNoArguments(USAGE, ['--tokn=abc'])).toBe(1);
    expect(stderr).toBe('error: Unexpected option --tokn: npm start takes no arguments; settings come from the environment or .env (see --help).\n');
    expect(stdout).toBe('');
  });

  it('does not echo a bare argument, which may be a pasted token', () => {
    expect(checkNoArguments(USAGE, ['MTA1.secret'])).toBe(1);
    expect(stderr).toBe('error: Unexpected argument: npm start takes no arguments; settings come from the environment or .env (see --help).\n');
  });
});
