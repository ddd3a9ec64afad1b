import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../src/bot/rate-limit.ts';

describe('RateLimiter', () => {
  it('allows count questions per window per user, then says how long to wait', () => {
    let now = 1000;
    const limiter = new RateLimiter(2, 30_000, () => now);
    expect(limiter.take('a')).toBe(0);
    now += 10_000;
    expect(limiter.take('a')).toBe(0);
    expect(limiter.take('a')).toBe(20_000);
    expect(limiter.take('b')).toBe(0);
    now += 20_000;
    expect(limiter.take('a')).toBe(0);
  });
});

describe('RateLimiter with a server’s own limit', () => {
  it('applies the limit given with the question instead of the default', () => {
    let now = 0;
    const limiter = new RateLimiter(5, 30_000, () => now);
    const strict = { count: 1, windowMs: 60_000 };
    expect(limiter.take('u', strict)).toBe(0);
    now = 40_000;
    expect(limiter.take('u', strict)).toBe(20_000);
    // The default (5 per 30 s) still lets the same person ask elsewhere.
    expect(limiter.take('u')).toBe(0);
  });
});
