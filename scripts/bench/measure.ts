/** The value at quantile `q` (0–1) of ascending `sorted` (NaN when empty). */
export const pct = (sorted: number[], q: number): number => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;

export const sleep = (ms: number): Promise<unknown> => new Promise((r) => setTimeout(r, ms));

/** A full garbage collection when the process runs with --expose-gc (the bench's processes do), else nothing. */
export const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

/** RSS in MB after a collection: what stays, not garbage not yet freed. */
export const rssMb = (): number => (gc(), process.memoryUsage().rss / 1_048_576);
