import { describe, expect, it } from 'vitest';
import { createStepProgress } from '../../src/cli/progress.ts';

describe('createStepProgress off a terminal', () => {
  it('writes a line at every tenth of each step, in the unit of the step', () => {
    const lines: string[] = [];
    const progress = createStepProgress({ isTTY: false, write: () => true }, (line) => lines.push(line));
    for (let done = 0; done <= 40_000; done += 5000) progress.update('cleaning', done, 40_000);
    progress.update('de-duplicating', 0, 4000);
    progress.update('de-duplicating', 4000, 4000);
    progress.update('embedding', 300, 300);
    progress.stop();
    expect(lines).toEqual([
      ...[0, 5000, 10000, 15000, 20000, 25000, 30000, 35000, 40000].map((n) => `cleaning: ${n}/40000 lines`),
      'de-duplicating: 0/4000 passages',
      'de-duplicating: 4000/4000 passages',
      'embedding: 300/300 passages',
    ]);
  });
});
