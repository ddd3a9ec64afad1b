import { existsSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildSeedIndex } from '../helpers/seed-index.ts';
import { CLI_TIMEOUT_MS, linesOf, PROJECT_DIR, runProcess } from './run-cli.ts';

/**
 * The few tests that need a real process: exit codes, the README's commands as typed, and the entry
 * points that are not citty commands. Everything else runs the commands in-process.
 */
let indexDir: string;

beforeAll(async () => {
  indexDir = await buildSeedIndex();
});

describe('the README commands, as processes', () => {
  it('npm run ask -- كم عدد المركبات المدرعة … (unquoted) answers the whole question and exits 0', async () => {
    const words = 'كم عدد المركبات المدرعة التي سلمها الانفصاليون الأرمن؟'.split(' ');
    const { code, stdout, stderr } = await runProcess('src/cli/ask-main.ts', ['--json', ...words], { EMBEDDER: 'ngram', INDEX_DIR: indexDir });
    expect(code, stderr).toBe(0);
    const answer = JSON.parse(linesOf(stdout)[0]!) as { query: string; confident: boolean; results: { text: string }[] };
    expect(answer.query).toBe(words.join(' '));
    expect(answer.results[0]!.text).toContain('6 وحدات من المركبات المدرعة');
  }, CLI_TIMEOUT_MS);

  it('exits 1 with one error line on a user mistake', async () => {
    const { code, stdout, stderr } = await runProcess('src/cli/index-main.ts', ['--', 'extra'], {});
    expect({ code, stdout, lines: linesOf(stderr) }).toEqual({
      code: 1,
      stdout: '',
      lines: ['error: Unexpected argument "extra": index takes no arguments, only options (--seeds, --out, --full, --allow-empty; see --help).'],
    });
  }, CLI_TIMEOUT_MS);
});

describe('entry points that are not citty commands', () => {
  it.concurrent.for([
    { script: 'scripts/bench.ts', usage: 'Usage: npm run bench [-- --passages N --queries N --articles N --embedders ngram,model]' },
    { script: 'scripts/make-test-model.ts', usage: 'Usage: npm run make-test-model -- DIR' },
    // With no DISCORD_TOKEN, anything past the help check would fail the configuration check.
    { script: 'src/bot/main.ts', usage: 'Usage: npm start' },
    { script: 'src/bot/register-main.ts', usage: 'Usage: npm run register' },
  ])('$script --help prints its usage, does nothing else and exits 0', { timeout: CLI_TIMEOUT_MS }, async ({ script, usage }, { expect }) => {
    const { code, stdout, stderr } = await runProcess(script, ['--help'], {});
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout.startsWith(usage + '\n')).toBe(true);
    expect(existsSync(path.join(PROJECT_DIR, '--help'))).toBe(false);
  });

  it('make-test-model refuses an unknown option instead of writing a folder named after it', async () => {
    const { code, stdout, stderr } = await runProcess('scripts/make-test-model.ts', ['--dir'], {});
    expect({ code, stdout, stderr }).toEqual({ code: 1, stdout: '', stderr: 'error: Unknown option --dir: npm run make-test-model -- DIR (see --help).\n' });
    expect(existsSync(path.join(PROJECT_DIR, '--dir'))).toBe(false);
  }, CLI_TIMEOUT_MS);
});
