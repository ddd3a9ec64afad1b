import { describe, expect, it } from 'vitest';
import { LruCache } from '../../src/search/lru.ts';

describe('LruCache', () => {
  it('forgets the least recently used entry, not the first stored', () => {
    const cache = new LruCache<number, string>(2);
    cache.set(1, 'a');
    cache.set(2, 'b');
    expect(cache.get(1)).toBe('a'); // 1 is now more recent than 2
    cache.set(3, 'c');
    expect(cache.get(2)).toBeUndefined();
    expect(cache.get(1)).toBe('a');
    expect(cache.get(3)).toBe('c');
    expect(cache.size).toBe(2);
  });

  it('replaces a stored key without forgetting another', () => {
    const cache = new LruCache<string, number>(2);
    expect(cache.set('x', 1)).toBe(1);
    cache.set('y', 2);
    cache.set('x', 3);
    expect([cache.get('x'), cache.get('y'), cache.size]).toEqual([3, 2, 2]);
  });
});
