import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Pager, type PagerSession } from '../../src/bot/pager.ts';
import type { SearchResponse } from '../../src/types.ts';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const response: SearchResponse = { query: 'q', confident: true, results: [], skippedUndated: 0, filter: null };
function session(expired: string[], name: string): PagerSession {
  return { userId: '1', response, perPage: 3, questionId: null, onExpire: () => void expired.push(name) };
}

describe('Pager', () => {
  it('keeps at most maxSessions: opening one more evicts the least recently used, removing its buttons', () => {
    const expired: string[] = [];
    const pager = new Pager(60_000, 2);
    const a = pager.open(session(expired, 'a'));
    const b = pager.open(session(expired, 'b'));
    pager.get(a); // a is now more recent than b
    const c = pager.open(session(expired, 'c'));
    expect(pager.size).toBe(2);
    expect(expired).toEqual(['b']);
    expect(pager.get(b)).toBeUndefined();
    expect(pager.get(a)).toBeDefined();
    expect(pager.get(c)).toBeDefined();
  });

  it('stays bounded under a stream of questions', () => {
    const expired: string[] = [];
    const pager = new Pager(600_000, 100);
    for (let i = 0; i < 1000; i++) pager.open(session(expired, String(i)));
    expect(pager.size).toBe(100);
    expect(expired).toHaveLength(900);
  });

  it('expires sessions after the time to live', async () => {
    const expired: string[] = [];
    const pager = new Pager(10 * 60_000, 10);
    const a = pager.open(session(expired, 'a'));
    await vi.advanceTimersByTimeAsync(10 * 60_000 - 1);
    expect(pager.get(a)).toBeDefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(pager.get(a)).toBeUndefined();
    expect(expired).toEqual(['a']);
  });
});
