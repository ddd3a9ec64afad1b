/** Lets the event loop run (timers, I/O, the bot's other questions) before the caller goes on. */
export const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export const sliceDefaults = {
  /** Longest stretch of loading work (checking long lists, updating the served graph) before the event loop gets a turn. */
  ms: 5,
};

/**
 * For long work on the bot's thread: call the returned function between steps and await what it
 * returns; it yields to the event loop once `ms` have passed since it last did, so no stretch of the
 * work holds the loop for much longer than `ms`.
 */
export function timeSlicer(ms = sliceDefaults.ms): () => Promise<void> | void {
  let since = performance.now();
  return () => {
    if (performance.now() - since < ms) return;
    return yieldToLoop().then(() => void (since = performance.now()));
  };
}
