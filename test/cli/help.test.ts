import { describe, expect, it } from 'vitest';
import { helpOrVersion } from '../../src/cli/help.ts';

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
