import { readFileSync } from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';

/** Nanoseconds this thread has run on a core (Linux: /proc/thread-self/schedstat), or null elsewhere. */
function cpuNs(): number | null {
  try {
    return Number(readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ')[0]);
  } catch {
    return null;
  }
}

/**
 * Watches the event loop until `stop()`: the longest stall in wall time (what a question waiting on
 * the loop feels), and, on Linux, the longest time the thread itself ran between two turns of the
 * loop. On a machine shared with other work the first includes waits for a core; the second is the
 * stall the watched code causes by itself.
 */
export function watchStalls(): { stop(): { wallMs: number; cpuMs: number | null } } {
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  let last = cpuNs();
  let cpuMax = 0;
  const tick = setInterval(() => {
    const now = cpuNs();
    if (now !== null && last !== null) cpuMax = Math.max(cpuMax, now - last);
    last = now;
  }, 1);
  return {
    stop() {
      clearInterval(tick);
      delay.disable();
      return { wallMs: delay.max / 1e6, cpuMs: last === null ? null : cpuMax / 1e6 };
    },
  };
}
