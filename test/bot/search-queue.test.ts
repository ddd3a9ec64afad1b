import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BUSY_MESSAGE, QueueRefusal, SearchQueue } from '../../src/bot/search-queue.ts';
import { settleWithin } from '../../src/bot/settle.ts';

// setImmediate stays real: the queue yields to the event loop with it before each search.
beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
});
const tick = () => new Promise((resolve) => setImmediate(resolve));
afterEach(() => {
  vi.useRealTimers();
});

/** A task that finishes when told to. */
function gate() {
  let open!: () => void;
  const done = new Promise<void>((r) => (open = r));
  return { open, task: () => done };
}

describe('SearchQueue', () => {
  it('runs one search at a time, in arrival order', async () => {
    const queue = new SearchQueue({ concurrency: 1, maxWaiting: 10, maxWaitMs: 5000 });
    const order: string[] = [];
    const a = gate();
    const first = queue.run(async () => (order.push('a start'), await a.task(), order.push('a end')));
    const second = queue.run(async () => order.push('b'));
    await tick();
    await tick();
    expect(order).toEqual(['a start']);
    a.open();
    await Promise.all([first, second]);
    expect(order).toEqual(['a start', 'a end', 'b']);
  });

  it('refuses as busy a question that cannot start within maxWaitMs, and one beyond maxWaiting at once', async () => {
    const queue = new SearchQueue({ concurrency: 1, maxWaiting: 1, maxWaitMs: 3000 });
    const a = gate();
    const running = queue.run(a.task);
    const waiting = queue.run(async () => 'late').catch((e: unknown) => e);
    await tick();
    expect(queue.full).toBe(true);
    const overflow = await queue.run(async () => 'x').catch((e: unknown) => e);
    expect(overflow).toBeInstanceOf(QueueRefusal);
    expect(overflow).toMatchObject({ outcome: 'busy', message: BUSY_MESSAGE });
    await vi.advanceTimersByTimeAsync(3000);
    expect(await waiting).toMatchObject({ outcome: 'busy' });
    a.open();
    await running;
    expect(await queue.run(async () => 'free again')).toBe('free again');
  });

  it('on close refuses the waiting questions and new ones with the given message; the running one finishes', async () => {
    const queue = new SearchQueue({ concurrency: 1, maxWaiting: 10, maxWaitMs: 5000 });
    const a = gate();
    const running = queue.run(async () => (await a.task(), 'done'));
    const waiting = queue.run(async () => 'never').catch((e: unknown) => e);
    await vi.advanceTimersByTimeAsync(1);
    queue.close('restarting');
    expect(await waiting).toMatchObject({ outcome: 'refused', message: 'restarting' });
    expect(await queue.run(async () => 'x').catch((e: unknown) => e)).toMatchObject({ outcome: 'refused' });
    a.open();
    expect(await running).toBe('done');
  });
});

describe('settleWithin', () => {
  it('waits for every task, including ones added meanwhile', async () => {
    const tasks = new Set<Promise<unknown>>();
    const add = (ms: number) => {
      const t: Promise<unknown> = new Promise((r) => setTimeout(r, ms)).finally(() => tasks.delete(t));
      tasks.add(t);
    };
    add(100);
    setTimeout(() => add(200), 50);
    const left = settleWithin(tasks, 10_000);
    await vi.advanceTimersByTimeAsync(300);
    expect(await left).toBe(0);
  });

  it('gives up after the grace period and says how many were left', async () => {
    const tasks = new Set<Promise<unknown>>([new Promise(() => undefined), new Promise(() => undefined)]);
    const left = settleWithin(tasks, 10_000);
    await vi.advanceTimersByTimeAsync(9_999);
    let settled = false;
    void left.then(() => (settled = true));
    await vi.advanceTimersByTimeAsync(0);
    expect(settled).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(await left).toBe(2);
  });
});
