import { randomBytes } from 'node:crypto';
import type { SearchResponse } from '../types.ts';
import type { Lang } from './messages/index.ts';

export interface PagerSession {
  userId: string;
  response: SearchResponse;
  perPage: number;
  /** The logged question, so that every page keeps its 👍/👎 buttons; null when storage is off. */
  questionId: number | null;
  /** The language the answer was given in, and its note (a thread follow-up's first question): pages keep both. */
  lang?: Lang;
  note?: string;
  /** Called once when the session expires or is evicted, e.g. to remove the buttons from the message. */
  onExpire: () => Promise<void> | void;
}

/**
 * Remembers `/ask` results so their buttons can page through them until they expire (`ttlMs`).
 * At most `maxSessions` are kept: opening one more evicts the least recently used, so memory stays
 * bounded under any load.
 */
export class Pager {
  // A Map iterates in insertion order; `get` re-inserts, so the first entry is the least recently used.
  private readonly sessions = new Map<string, { session: PagerSession; timer: NodeJS.Timeout }>();

  constructor(
    readonly ttlMs: number,
    readonly maxSessions: number,
  ) {}

  open(session: PagerSession): string {
    while (this.sessions.size >= this.maxSessions) void this.expire(this.sessions.keys().next().value!);
    const id = randomBytes(6).toString('base64url');
    // unref: a pending expiry must not keep the process (or a test run) alive.
    const timer = setTimeout(() => void this.expire(id), this.ttlMs).unref();
    this.sessions.set(id, { session, timer });
    return id;
  }

  get(id: string): PagerSession | undefined {
    const entry = this.sessions.get(id);
    if (!entry) return undefined;
    this.sessions.delete(id);
    this.sessions.set(id, entry);
    return entry.session;
  }

  get size(): number {
    return this.sessions.size;
  }

  async expire(id: string): Promise<void> {
    const entry = this.sessions.get(id);
    if (!entry) return;
    clearTimeout(entry.timer);
    this.sessions.delete(id);
    await entry.session.onExpire();
  }

  /** Forgets every session without editing messages (shutdown). */
  clear(): void {
    for (const { timer } of this.sessions.values()) clearTimeout(timer);
    this.sessions.clear();
  }
}
