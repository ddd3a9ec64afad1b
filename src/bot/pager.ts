import { randomBytes } from 'node:crypto';
import type { SearchResponse } from '../types.ts';

export interface PagerSession {
  userId: string;
  response: SearchResponse;
  perPage: number;
  /** Called once when the session expires, e.g. to remove the buttons from the message. */
  onExpire: () => Promise<void> | void;
}

/** Remembers `/ask` results so their buttons can page through them until they expire. */
export class Pager {
  private readonly sessions = new Map<string, { session: PagerSession; timer: NodeJS.Timeout }>();

  constructor(readonly ttlMs = 10 * 60_000) {}

  open(session: PagerSession): string {
    const id = randomBytes(6).toString('base64url');
    // unref: a pending expiry must not keep the process (or a test run) alive.
    const timer = setTimeout(() => void this.expire(id), this.ttlMs).unref();
    this.sessions.set(id, { session, timer });
    return id;
  }

  get(id: string): PagerSession | undefined {
    return this.sessions.get(id)?.session;
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
