import cliProgress from 'cli-progress';
import type { OutStream } from './run.ts';

export interface Progress {
  update(done: number, total: number): void;
  stop(): void;
}

/** A progress bar on a terminal; elsewhere (CI, pipes) a plain line at every tenth of the way. */
export function createProgress(label: string, stream: OutStream, write: (line: string) => void): Progress {
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      { format: `${label} [{bar}] {value}/{total} passages, {eta}s left`, stream: stream as NodeJS.WritableStream, hideCursor: true },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update(done, total) {
        if (!started) {
          bar.start(total, 0);
          started = true;
        }
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
      write(`${label}: ${done}/${total} passages`);
    },
    stop: () => {},
  };
}
