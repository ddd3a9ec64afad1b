/** Per-user sliding window: at most `count` questions in any `windowMs`. No global lock. */
export class RateLimiter {
  private readonly hits = new Map<string, number[]>();
  /** Hits are kept as long as the longest window any server uses. */
  private longestWindowMs: number;

  constructor(
    readonly count: number,
    readonly windowMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.longestWindowMs = windowMs;
  }

  /**
   * Records a question and returns 0, or returns how many ms until the user may ask again. `limit`
   * replaces the default for this question (a server's own setting).
   */
  take(userId: string, limit: { count: number; windowMs: number } = { count: this.count, windowMs: this.windowMs }): number {
    const now = this.now();
    this.longestWindowMs = Math.max(this.longestWindowMs, limit.windowMs);
    const recent = (this.hits.get(userId) ?? []).filter((t) => now - t < this.longestWindowMs);
    const inWindow = recent.filter((t) => now - t < limit.windowMs);
    if (inWindow.length >= limit.count) {
      this.hits.set(userId, recent);
      return inWindow[inWindow.length - limit.count]! + limit.windowMs - now;
    }
    recent.push(now);
    this.hits.set(userId, recent);
    if (this.hits.size > 10_000) this.prune(now);
    return 0;
  }

  private prune(now: number): void {
    for (const [user, times] of this.hits) {
      if (times.every((t) => now - t >= this.longestWindowMs)) this.hits.delete(user);
    }
  }
}
