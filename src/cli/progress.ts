import cliProgress from 'cli-progress';
import type { OutStream } from './run.ts';

export interface Progress {
  update(done: number, total: number): void;
  stop(): void;
}

/** A progress bar on a terminal; elsewhere (CI, pipes) a plain line at every tenth of the way. */
export function createProgress(label: string, stream: OutStream, write: (line: string) => void, unit = 'passages'): Progress {
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: `${label} [{bar}] {value}/{total} ${unit}, {eta}s left`, stream: stream as NodeJS.WritableStream, hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update(done, total) {
        if (!started) {
          bar.start(total, 0);
          started = true;
        }
        bar.setTotal(total); // a step that runs once per large file starts over with that file's total
        bar.update(done);
      },
      stop: () => started && bar.stop(),
    };
  }
  let lastTenth = -1;
  return {
    update(done, total) {
      const tenth = Math.floor((done / total) * 10);
      if (tenth === lastTenth) return;
      lastTenth = tenth;
      write(`${label}: ${done}/${total} ${unit}`);
    },
    stop: () => {},
  };
}

/** The steps of `index` that report progress, each with its unit. */
const STEP_UNITS = { cleaning: 'lines', 'de-duplicating': 'passages', embedding: 'passages' } as const;
export type IndexStep = keyof typeof STEP_UNITS;

export interface StepProgress {
  update(step: IndexStep, done: number, total: number): void;
  stop(): void;
}

/** One progress display per step of `index`, one at a time: a step's display ends when the next begins. */
export function createStepProgress(stream: OutStream, write: (line: string) => void): StepProgress {
  let current: { step: IndexStep; progress: Progress } | null = null;
  return {
    update(step, done, total) {
      if (current?.step !== step) {
        current?.progress.stop();
        current = { step, progress: createProgress(step, stream, write, STEP_UNITS[step]) };
      }
      current.progress.update(done, total);
    },
    stop: () => current?.progress.stop(),
  };
}
