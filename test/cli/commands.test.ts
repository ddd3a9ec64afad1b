import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CommandDef } from 'citty';
import { askCommand } from '../../src/cli/ask-command.ts';
import { evalCommand } from '../../src/cli/eval-command.ts';
import { fetchModelCommand } from '../../src/cli/fetch-model-command.ts';
import { indexCommand } from '../../src/cli/index-command.ts';
import { tempDir } from '../helpers/seed-index.ts';
import { linesOf, runCli } from './run-cli.ts';

const VERSION = 'karabakh-news-bot 0.1.0';
const COMMANDS: { name: string; command: CommandDef<any> }[] = [
  { name: 'index', command: indexCommand },
  { name: 'ask', command: askCommand },
  { name: 'eval', command: evalCommand },
  { name: 'models:fetch', command: fetchModelCommand },
];

/** Settings under which any command that did start would fail or write somewhere visible. */
const work = tempDir('kb-commands-');
const env = () => ({ EMBEDDER: 'ngram', SEEDS_DIR: path.join(work, 'no-seeds'), INDEX_DIR: path.join(work, 'no-index'), MODELS_DIR: path.join(work, 'models'), OFFLINE: '1' });

describe.each(COMMANDS)('$name', ({ name, command }) => {
  it.each(['--help', '-h'])('prints its usage for %s and does nothing else, even with a bad setting', async (flag) => {
    const { code, stdout, stderr } = await runCli(command, [flag], { ...env(), RATE_LIMIT_COUNT: 'abc' });
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toContain('USAGE');
    expect(stdout).toMatch(new RegExp(`^USAGE npm run ${name}\\b`, 'm'));
    expect(existsSync(path.join(work, 'no-index'))).toBe(false);
  });

  it('prints the version for --version', async () => {
    const { code, stdout, stderr } = await runCli(command, ['--version'], env());
    expect({ code, stdout, stderr }).toEqual({ code: 0, stdout: VERSION + '\n', stderr: '' });
  });

  it('names its options and --help when given an unknown one', async () => {
    const { code, stdout, stderr } = await runCli(command, ['--frobnicate'], env());
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(linesOf(stderr)).toHaveLength(1);
    expect(stderr).toMatch(/^error: Unknown option --frobnicate: .*\(see --help\)\.\n$/);
  });
});

describe('extra words', () => {
  it.each([
    { name: 'index', command: indexCommand, args: ['extra'], message: 'error: Unexpected argument "extra": index takes no arguments, only options (--seeds, --out, --full, --allow-empty; see --help).' },
    { name: 'index', command: indexCommand, args: ['--', 'extra'], message: 'error: Unexpected argument "extra": index takes no arguments, only options (--seeds, --out, --full, --allow-empty; see --help).' },
    { name: 'index', command: indexCommand, args: ['--out', 'x', 'seeds'], message: 'error: Unexpected argument "seeds": index takes no arguments, only options (--seeds, --out, --full, --allow-empty; see --help).' },
    { name: 'models:fetch', command: fetchModelCommand, args: ['Xenova/multilingual-e5-small'], message: 'error: Unexpected argument "Xenova/multilingual-e5-small": models:fetch takes no arguments (see --help).' },
    { name: 'eval', command: evalCommand, args: ['a.jsonl', 'b.jsonl'], message: 'error: eval takes one file, got 2 (a.jsonl, b.jsonl): score one file at a time.' },
  ])('are refused by $name ($args)', async ({ command, args, message }) => {
    const { code, stdout, stderr } = await runCli(command, args, env());
    expect({ code, stdout, lines: linesOf(stderr) }).toEqual({ code: 1, stdout: '', lines: [message] });
    expect(existsSync(path.join(work, 'no-index'))).toBe(false);
  });
});
