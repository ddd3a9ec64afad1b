import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import * as p from './payloads.ts';

/** One HTTP request the bot made, as received. */
export interface RecordedRequest {
  method: string;
  path: string;
  query: string;
  body: any;
  /** performance.now() when it arrived. */
  at: number;
}

export interface Dispatched {
  id: string;
  token: string;
  payload: Record<string, any>;
  at: number;
}

const API = '/api/v10';

/**
 * A fault the fake applies to one REST request instead of (or before) answering it normally:
 * Discord's 429 with retry_after (seconds), a server error, or a slow answer.
 */
export type RestFault = { status: 429; retryAfter: number } | { status: 500 | 502 | 503 } | { delayMs: number };

/**
 * A small Discord double on 127.0.0.1: the REST endpoints the bot uses and a JSON gateway
 * (HELLO, IDENTIFY → READY + GUILD_CREATE, heartbeat ACK, dispatches). It answers like Discord
 * does where the bot could get it wrong: a second acknowledgement of an interaction is rejected,
 * and editing a reply that was never acknowledged fails.
 */
export class FakeDiscord {
  readonly requests: RecordedRequest[] = [];
  readonly identifies: any[] = [];
  readonly resumes: any[] = [];
  heartbeats = 0;
  /** Fault injection: decides, for each REST request, whether it fails or is slow. */
  restFault: ((request: RecordedRequest) => RestFault | undefined) | null = null;
  /** Set to false to stop acknowledging heartbeats (a zombie connection, as the client sees it). */
  ackHeartbeats = true;
  private readonly http: Server;
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly sockets = new Set<WebSocket>();
  private readonly acknowledged = new Set<string>();
  private readonly originals = new Map<string, Record<string, unknown>>();
  private readonly waiters = new Set<() => void>();
  /** Messages in channels and threads (users' dispatched ones and the bot's), by id. */
  readonly messages = new Map<string, Record<string, any>>();
  /** Threads the bot started, by id. */
  readonly threads = new Map<string, Record<string, any>>();
  /** Permissions the fake refuses (50013 Missing Permissions), by route kind. */
  refuse = { threads: false };
  private seq = 0;
  port = 0;

  constructor(readonly token: string, private readonly heartbeatMs = 1000) {
    this.http = createServer((req, res) => void this.route(req, res));
    this.http.on('upgrade', (req, socket, head) => {
      this.wss.handleUpgrade(req, socket, head, (ws) => this.onGateway(ws));
    });
  }

  async start(): Promise<this> {
    this.http.listen(0, '127.0.0.1');
    await once(this.http, 'listening');
    this.port = (this.http.address() as AddressInfo).port;
    return this;
  }

  get apiUrl(): string {
    return `http://127.0.0.1:${this.port}/api`;
  }

  get connected(): number {
    return this.sockets.size;
  }

  /** Sends INTERACTION_CREATE to every connected shard. */
  dispatchInteraction(payload: Record<string, any>): Dispatched {
    const at = performance.now();
    this.dispatch('INTERACTION_CREATE', payload);
    return { id: payload.id, token: payload.token, payload, at };
  }

  /** A user posts a message: MESSAGE_CREATE to every connected shard; GET can then read it back. */
  dispatchMessage(payload: Record<string, any>): Record<string, any> {
    this.messages.set(payload.id, payload);
    this.dispatch('MESSAGE_CREATE', payload);
    return payload;
  }

  /** The bot's messages in one channel or thread, oldest first. */
  messagesIn(channelId: string): Record<string, any>[] {
    return [...this.messages.values()].filter((m) => m.channel_id === channelId && m.author.id === p.IDS.bot);
  }

  dispatch(t: string, d: unknown): void {
    const frame = JSON.stringify({ op: 0, t, s: ++this.seq, d });
    for (const ws of this.sockets) ws.send(frame);
  }

  /** Requests made for one interaction (its callback and its webhook calls), in order. */
  requestsFor(token: string): RecordedRequest[] {
    return this.requests.filter((r) => r.path.includes(`/${token}/`) || r.path.endsWith(`/${token}`));
  }

  /** Resolves with the first request matching `predicate` (already received or yet to come). */
  async waitFor(predicate: (r: RecordedRequest) => boolean, timeoutMs = 10_000): Promise<RecordedRequest> {
    const found = this.requests.find(predicate);
    if (found) return found;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error('timed out waiting for a request from the bot'));
      }, timeoutMs);
      const check = () => {
        const hit = this.requests.find(predicate);
        if (!hit) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve(hit);
      };
      this.waiters.add(check);
    });
  }

  /** Closes every gateway connection with a close code, as Discord does (4004: token reset, …). */
  closeGateway(code: number, reason = 'closed by the fake'): void {
    for (const ws of this.sockets) ws.close(code, reason);
  }

  async close(): Promise<void> {
    for (const ws of this.sockets) ws.terminate();
    this.wss.close();
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }

  private onGateway(ws: WebSocket): void {
    this.sockets.add(ws);
    ws.on('close', () => this.sockets.delete(ws));
    ws.send(JSON.stringify({ op: 10, d: { heartbeat_interval: this.heartbeatMs }, s: null, t: null }));
    ws.on('message', (raw) => {
      const frame = JSON.parse((raw as Buffer).toString('utf8')) as { op: number; d: any };
      if (frame.op === 1) {
        this.heartbeats += 1;
        if (this.ackHeartbeats) ws.send(JSON.stringify({ op: 11, d: null, s: null, t: null }));
      } else if (frame.op === 6) {
        if (frame.d.token !== this.token) return ws.close(4004, 'Authentication failed.');
        this.resumes.push(frame.d);
        ws.send(JSON.stringify({ op: 0, t: 'RESUMED', s: ++this.seq, d: {} }));
      } else if (frame.op === 2) {
        if (frame.d.token !== this.token) return ws.close(4004, 'Authentication failed.');
        this.identifies.push(frame.d);
        const ready = {
          v: 10,
          user: p.botUser,
          guilds: [{ id: p.IDS.guild, unavailable: true }],
          session_id: 'fake-session',
          resume_gateway_url: `ws://127.0.0.1:${this.port}`,
          shard: [0, 1],
          application: { id: p.IDS.app, flags: 0 },
        };
        ws.send(JSON.stringify({ op: 0, t: 'READY', s: ++this.seq, d: ready }));
        // Like Discord, GUILD_CREATE lists the guild's active threads, so a restarted bot knows its own.
        ws.send(JSON.stringify({ op: 0, t: 'GUILD_CREATE', s: ++this.seq, d: { ...p.guild(), threads: [...this.threads.values()] } }));
      }
    });
  }

  private async route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', 'http://localhost');
    const pathname = decodeURIComponent(url.pathname);
    const path = pathname.startsWith(API) ? pathname.slice(API.length) : pathname;
    const record: RecordedRequest = { method: req.method ?? 'GET', path, query: url.search, body: raw ? JSON.parse(raw) : null, at: performance.now() };
    const send = (status: number, body?: unknown) => {
      res.writeHead(status, body === undefined ? {} : { 'content-type': 'application/json' });
      res.end(body === undefined ? undefined : JSON.stringify(body));
    };
    const fault = this.restFault?.(record);
    if (fault && 'delayMs' in fault) await new Promise((r) => setTimeout(r, fault.delayMs));
    else if (fault && fault.status === 429) {
      this.remember(record);
      const seconds = String(fault.retryAfter);
      res.writeHead(429, {
        'content-type': 'application/json',
        'retry-after': seconds,
        'x-ratelimit-limit': '5',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset-after': seconds,
        'x-ratelimit-scope': 'user',
      });
      res.end(JSON.stringify({ message: 'You are being rate limited.', retry_after: fault.retryAfter, global: false }));
      return;
    } else if (fault) {
      this.remember(record);
      send(fault.status, { message: 'Internal Server Error', code: 0 });
      return;
    }
    const authorized = req.headers.authorization === `Bot ${this.token}`;
    const m = (re: RegExp) => re.exec(path);
    let match: RegExpExecArray | null;

    if (record.method === 'GET' && path === '/gateway/bot') {
      if (!authorized) send(401, { message: '401: Unauthorized', code: 0 });
      else send(200, { url: `ws://127.0.0.1:${this.port}`, shards: 1, session_start_limit: { total: 1000, remaining: 999, reset_after: 0, max_concurrency: 1 } });
    } else if (record.method === 'PUT' && (match = m(/^\/applications\/(\d+)(?:\/guilds\/(\d+))?\/commands$/))) {
      if (!authorized) send(401, { message: '401: Unauthorized', code: 0 });
      else send(200, (record.body as any[]).map((c) => ({ ...c, id: p.snowflake(), application_id: match![1], version: p.snowflake() })));
    } else if (record.method === 'POST' && (match = m(/^\/interactions\/(\d+)\/([^/]+)\/callback$/))) {
      const token = match[2]!;
      if (this.acknowledged.has(token)) send(400, { message: 'Interaction has already been acknowledged.', code: 40060 });
      else {
        this.acknowledged.add(token);
        const data = (record.body as { data?: Record<string, unknown> }).data;
        if (data) this.originals.set(token, p.message(p.snowflake(), data));
        send(204);
      }
    } else if ((match = m(/^\/webhooks\/(\d+)\/([^/]+)\/messages\/@original$/))) {
      const token = match[2]!;
      if (!this.acknowledged.has(token)) send(404, { message: 'Unknown Webhook', code: 10015 });
      else if (record.method === 'DELETE') {
        this.originals.delete(token);
        send(204);
      } else {
        const previous = this.originals.get(token) ?? p.message(p.snowflake(), {});
        const merged = p.message(String(previous.id), { ...previous, ...(record.body as object) });
        this.originals.set(token, merged);
        send(200, merged);
      }
    } else if (record.method === 'POST' && (match = m(/^\/webhooks\/(\d+)\/([^/]+)$/))) {
      if (!this.acknowledged.has(match[2]!)) send(404, { message: 'Unknown Webhook', code: 10015 });
      else send(200, p.message(p.snowflake(), record.body as Record<string, unknown>));
    } else if (record.method === 'POST' && (match = m(/^\/channels\/(\d+)\/messages\/(\d+)\/threads$/))) {
      const [, channelId, messageId] = match as unknown as [string, string, string];
      if (this.refuse.threads) send(403, { message: 'Missing Permissions', code: 50013 });
      else if (!this.messages.has(messageId) || this.threads.has(messageId))
        send(400, { message: 'A thread has already been created for this message', code: 160004 });
      else {
        const created = { ...p.thread(messageId, String(record.body?.name), p.IDS.bot), parent_id: channelId };
        this.threads.set(messageId, created);
        send(201, created);
      }
    } else if (record.method === 'POST' && (match = m(/^\/channels\/(\d+)\/messages$/))) {
      const sent = { ...p.message(p.snowflake(), record.body as Record<string, unknown>), type: record.body?.message_reference ? 19 : 0, channel_id: match[1] };
      delete (sent as Record<string, unknown>).webhook_id;
      this.messages.set(sent.id, sent);
      send(200, sent);
    } else if ((match = m(/^\/channels\/(\d+)\/messages\/(\d+)$/)) && (record.method === 'GET' || record.method === 'PATCH')) {
      const found = this.messages.get(match[2]!);
      if (!found || found.channel_id !== match[1]) send(404, { message: 'Unknown Message', code: 10008 });
      else if (record.method === 'GET') send(200, found);
      else {
        const edited = { ...found, ...(record.body as object), edited_timestamp: new Date().toISOString() };
        this.messages.set(found.id, edited);
        send(200, edited);
      }
    } else {
      send(404, { message: '404: Not Found', code: 0 });
    }
    this.remember(record);
  }

  private remember(record: RecordedRequest): void {
    this.requests.push(record);
    for (const waiter of [...this.waiters]) waiter();
  }

  /** The bot's current original reply for an interaction, as Discord would hold it. */
  original(token: string): Record<string, unknown> | undefined {
    return this.originals.get(token);
  }
}
