import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { evalCommand } from '../../src/cli/eval-command.ts';
import { buildSeedIndex, tempDir } from '../helpers/seed-index.ts';
import { linesOf, runCli } from './run-cli.ts';

let indexDir: string;
const env = () => ({ EMBEDDER: 'ngram', INDEX_DIR: indexDir });

beforeAll(async () => {
  indexDir = await buildSeedIndex();
});

describe('npm run eval', () => {
  it('scores the dev questions shipped in eval/dev.jsonl when given no file', async () => {
    const { code, stdout, stderr } = await runCli(evalCommand, [], env());
    expect(code, stderr).toBe(0);
    const lines = linesOf(stdout);
    expect(lines[0]).toBe(`${path.join('eval', 'dev.jsonl')}: 26 questions, embedder ngram`);
    expect(lines).toContainEqual(expect.stringMatching(/^all\s+26\s/));
  });

  it('stops at a line without "kind" with one error naming the file, the line and the field', async () => {
    const file = path.join(tempDir('kb-eval-cli-'), 'no-kind.jsonl');
    writeFileSync(file, '{"id": "q1", "kind": "ar", "question": "من؟", "answers": ["أ"], "file": "a.txt"}\n{"id": "q2", "question": "ماذا؟", "answers": [], "file": null}\n');
    const { code, stdout, stderr } = await runCli(evalCommand, [file], env());
    expect({ code, stdout }).toEqual({ code: 1, stdout: '' });
    expect(linesOf(stderr)).toEqual([
      `error: Line 2 of ${file}: "kind" is missing; it must be text grouping the questions in the report, e.g. "ar", "en" or "none".`,
    ]);
  });
});
