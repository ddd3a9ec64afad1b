import { beforeAll, describe, expect, it } from 'vitest';
import type { StartOptions } from '../../src/bot/start.ts';
import type { Dispatched } from './fake-discord/server.ts';
import { askCommand, isCallback, isEdit, liveBotPerTest } from './helpers/live-bot.ts';
import { buildTempIndex } from './helpers/temp-index.ts';

/**
 * The bot against a Discord that misbehaves: rate limits, server errors, slow answers, closed and
 * silent gateways. Durations are kept short and real (the discord.js client runs on real sockets).
 */
let index: Awaited<ReturnType<typeof buildTempIndex>>;

beforeAll(async () => {
  index = await buildTempIndex();
});
const live = liveBotPerTest(200);

function start(env: Record<string, string> = {}, tunables?: StartOptions['tunables']) {
  return live.start(index.indexDir, { env, tunables });
}

const until = async (check: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!check() && Date.now() < end) await new Promise((r) => setTimeout(r, 10));
  expect(check()).toBe(true);
};

describe('REST faults', () => {
  it('waits out a 429 with retry_after on the acknowledgement, then answers', async () => {
    await start();
    live.fake.restFault = (r) => (r.path.endsWith('/callback') && !live.fake.requests.some((x) => x.path === r.path) ? { status: 429, retryAfter: 0.3 } : undefined);
    const d = askCommand(live.fake, 'قره باغ');
    const edit = await live.fake.waitFor(isEdit(d));
    const tries = live.fake.requests.filter(isCallback(d));
    expect(tries).toHaveLength(2);
    expect(tries[1]!.at - tries[0]!.at).toBeGreaterThanOrEqual(250);
    expect(edit.body.embeds.length).toBeGreaterThan(0);
  });

  it('retries a 500 on the answer and delivers it', async () => {
    await start();
    let failures = 0;
    live.fake.restFault = (r) => (r.method === 'PATCH' && failures++ < 1 ? { status: 500 } : undefined);
    const d = askCommand(live.fake, 'قره باغ');
    const edit = await live.fake.waitFor((r) => isEdit(d)(r) && live.fake.requests.filter(isEdit(d)).length === 2);
    expect(edit.body.embeds.length).toBeGreaterThan(0);
  });

  it('keeps acknowledging while answers are slow to send', async () => {
    await start();
    live.fake.restFault = (r) => (r.method === 'PATCH' ? { delayMs: 400 } : undefined);
    const asked = [askCommand(live.fake, 'قره باغ'), askCommand(live.fake, 'أذربيجان'), askCommand(live.fake, 'روسيا')];
    const acks = await Promise.all(asked.map((d) => live.fake.waitFor(isCallback(d))));
    for (const [i, ack] of acks.entries()) expect(ack.at - asked[i]!.at).toBeLessThan(400);
    await Promise.all(asked.map((d) => live.fake.waitFor(isEdit(d))));
  });
});

describe('button sessions', () => {
  it('are capped: the least recently used loses its pager, and the cap is logged at start', async () => {
    await start({}, { maxPagerSessions: 2 });
    expect(live.logs.find((l) => l.msg === 'bot ready')).toMatchObject({ maxButtonSessions: 2 });
    const asked: Dispatched[] = [];
    for (const q of ['قره باغ', 'أذربيجان', 'روسيا']) {
      const d = askCommand(live.fake, q);
      await live.fake.waitFor(isEdit(d));
      asked.push(d);
    }
    // The first session was evicted: its message is edited to remove the pager; only 👍/👎 stay.
    const onlyRating = (components: unknown) => JSON.stringify(components).includes('ask:rate:') && !JSON.stringify(components).includes('Next');
    await live.fake.waitFor((r) => r.method === 'PATCH' && r.path.includes(asked[0]!.token) && Array.isArray(r.body?.components) && r.body.components.length === 1 && onlyRating(r.body.components));
    const stale = live.fake.original(asked[0]!.token)!;
    expect(onlyRating(stale.components)).toBe(true);
  });
});

describe('shutdown grace (SHUTDOWN_GRACE_SECONDS)', () => {
  it('abandons a reply stuck behind a 60 s rate limit after the grace period, with a log line', async () => {
    const running = await start({ SHUTDOWN_GRACE_SECONDS: '1' });
    live.fake.restFault = (r) => (r.method === 'PATCH' ? { status: 429, retryAfter: 60 } : undefined);
    const d = askCommand(live.fake, 'قره باغ');
    await live.fake.waitFor((r) => r.method === 'PATCH' && r.path.includes(d.token));
    const t = performance.now();
    await running.stop();
    const took = performance.now() - t;
    expect(took).toBeGreaterThanOrEqual(900);
    expect(took).toBeLessThan(5000);
    expect(live.logs.find((l) => l.msg.startsWith('shutdown grace period over'))).toMatchObject({ level: 'warn', abandoned: 1, graceSeconds: 1 });
    expect(live.logs.at(-1)!.msg).toBe('bot stopped');
  });
});

describe('gateway', () => {
  it.each([
    [4004, 'the token was reset: set DISCORD_TOKEN again'],
    [4010, 'shard'],
    [4011, 'sharding'],
    [4012, 'update discord.js'],
    [4013, 'intents'],
    [4014, 'Privileged Gateway Intents'],
  ])('close %i: an error line naming the cause and the fix, and `failed` resolves', async (code, text) => {
    const running = await start();
    live.fake.closeGateway(code);
    const failure = await running.failed;
    expect(failure.code).toBe(code);
    const line = live.logs.find((l) => l.level === 'error' && l.code === code);
    expect(line?.msg).toContain(text);
  });

  it('logs a disconnect and a resume at info, and answers after resuming', async () => {
    await start();
    live.fake.closeGateway(4000, 'unknown error');
    await until(() => live.logs.some((l) => l.msg === 'gateway resumed'));
    expect(live.logs.find((l) => l.msg === 'gateway disconnected; reconnecting')?.level).toBe('info');
    expect(live.fake.resumes).toHaveLength(1);
    await live.fake.waitFor(isEdit(askCommand(live.fake, 'قره باغ')));
  });

  it('notices lost heartbeats (a zombie connection) and resumes', async () => {
    await start();
    live.fake.ackHeartbeats = false;
    await until(() => live.logs.some((l) => l.msg === 'gateway disconnected; reconnecting'));
    live.fake.ackHeartbeats = true;
    await until(() => live.logs.some((l) => l.msg === 'gateway resumed'));
    await live.fake.waitFor(isEdit(askCommand(live.fake, 'قره باغ')));
  });
});
