import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ar } from '../../src/bot/messages/ar.ts';
import { en } from '../../src/bot/messages/en.ts';
import type { RunningBot } from '../../src/bot/start.ts';
import * as p from './fake-discord/payloads.ts';
import type { RecordedRequest } from './fake-discord/server.ts';
import { isCallback, liveBotPerTest, newUser, TOKEN } from './helpers/live-bot.ts';
import { buildTempIndex } from './helpers/temp-index.ts';

/**
 * Issue 14 end to end: the real discord.js client against the fake Discord. Mentions answered in
 * threads with follow-ups, "Find sources" on a message, and the bot's words in the asker's language.
 * PRINT_PAYLOADS=1 prints the payloads the bot sent.
 */
const EPHEMERAL = 64;
const MENTION = `<@${p.IDS.bot}>`;
const QUESTION = 'كم عدد المركبات المدرعة التي سلمها الانفصاليون؟';

let index: Awaited<ReturnType<typeof buildTempIndex>>;

beforeAll(async () => {
  index = await buildTempIndex();
});
// Registered before the bot's own hooks, so it runs after the bot has stopped: no log line, the last included, holds the token.
afterEach(() => {
  expect(JSON.stringify(live.logs)).not.toContain(TOKEN);
});
const live = liveBotPerTest(300);

function start(env: Record<string, string> = {}): Promise<RunningBot> {
  return live.start(index.indexDir, { env });
}

function show(label: string, body: unknown): void {
  if (process.env.PRINT_PAYLOADS) console.log(`${label}:\n${JSON.stringify(body, null, 1)}`);
}

/** The nth message the bot posted in a channel or thread (0 = first). */
const postIn = (channelId: string, nth = 0) => {
  const isPost = (r: RecordedRequest) => r.method === 'POST' && r.path === `/channels/${channelId}/messages`;
  return (r: RecordedRequest) => isPost(r) && live.fake.requests.filter(isPost).indexOf(r) === nth;
};

/** Log lines are written after the reply is sent: wait for one. */
async function logged(predicate: (line: Record<string, any>) => boolean): Promise<Record<string, any>> {
  const end = Date.now() + 5000;
  while (Date.now() < end) {
    const line = live.logs.find(predicate);
    if (line) return line;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('timed out waiting for a log line');
}
const threadStart = (messageId: string) => (r: RecordedRequest) =>
  r.method === 'POST' && r.path === `/channels/${p.IDS.channel}/messages/${messageId}/threads`;

function mention(content: string, userId: string, channelId?: string) {
  return live.fake.dispatchMessage(p.userMessage(userId, content, { mentions: [p.IDS.bot], ...(channelId ? { channelId } : {}) }));
}

/** The citation ids of an answer, in order. */
const ids = (body: any): string[] => body.embeds.map((e: any) => /`([a-z0-9]+)`/.exec(e.fields[0].value)![1]);

describe('mentions and threads', () => {
  it('connects with the Guilds and GuildMessages intents only (no MessageContent)', async () => {
    await start();
    expect(live.fake.identifies[0].intents).toBe(1 | 512);
  });

  it('answers a mention in a new thread, then a follow-up there with the first question', async () => {
    await start();
    const asker = newUser();
    const asked = mention(`${MENTION} ${QUESTION}`, asker);
    const started = await live.fake.waitFor(threadStart(asked.id));
    expect(started.body.name).toBe(QUESTION);
    const answer = await live.fake.waitFor(postIn(asked.id));
    show('mention → thread answer (POST /channels/<thread>/messages)', answer.body);
    expect(answer.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(answer.body.content).toContain(ar.passagesFor(ar.range(1, 3, 15), '').slice(0, 8));
    expect(answer.body.embeds).toHaveLength(3);
    expect(answer.body.embeds[0].fields.map((f: any) => f.name)).toEqual([ar.sourceId, ar.publisher, ar.date, ar.file]);
    expect(answer.body.components[0].components.map((c: any) => c.label)).toEqual([ar.previous, '1 / 5', ar.next]);
    const firstIds = ids(answer.body);

    // The same pager as /ask: the asker pages the thread message with its buttons.
    const message = live.fake.messages.get(live.fake.messagesIn(asked.id)[0]!.id)!;
    const next = live.fake.dispatchInteraction(p.buttonInteraction(answer.body.components[0].components[2].custom_id, message, asker));
    const paged = await live.fake.waitFor(isCallback(next));
    expect(paged.body.type).toBe(7);
    expect(paged.body.data.embeds[0].title.startsWith('4. ')).toBe(true);

    // Follow-up in the thread: searched with the first question's words; the reply says which.
    const followUp = 'ومتى حدث ذلك؟';
    mention(`${MENTION} ${followUp}`, asker, asked.id);
    const second = await live.fake.waitFor(postIn(asked.id, 1));
    show('follow-up in the thread', second.body);
    expect(live.fake.requests.some((r) => r.method === 'GET' && r.path === `/channels/${p.IDS.channel}/messages/${asked.id}`)).toBe(true);
    expect(second.body.content).toContain(ar.followUpOf('').slice(0, 10));
    expect(second.body.content).toContain(QUESTION);
    expect(live.fake.threads.size).toBe(1); // no thread inside the thread
    // It finds what the first question was about; the follow-up alone does not.
    expect(ids(second.body)[0]).toBe(firstIds[0]);
    const alone = await live.bot.searcher().search(followUp, { limit: 3 });
    expect(alone.results.map((r) => r.passage.id)).not.toContain(firstIds[0]);

    await logged((l) => l.msg === 'mention' && l.kind === 'follow-up');
    const lines = live.logs.filter((l) => l.msg === 'mention');
    expect(lines.map((l) => [l.kind, l.outcome])).toEqual([
      ['mention', 'ok'],
      ['follow-up', 'ok'],
    ]);
  });

  it('takes up a follow-up in its thread after a restart (the first question is read from Discord, not memory)', async () => {
    const first = await start();
    const asker = newUser();
    const asked = mention(`${MENTION} ${QUESTION}`, asker);
    await live.fake.waitFor(postIn(asked.id));
    await first.stop();
    await start();
    mention(`${MENTION} ومتى حدث ذلك؟`, asker, asked.id);
    const second = await live.fake.waitFor(postIn(asked.id, 1));
    expect(second.body.content).toContain(QUESTION);
    expect(live.fake.threads.size).toBe(1);
  });

  it('answers a third mention in the thread with the first question too', async () => {
    await start();
    const asker = newUser();
    const asked = mention(`${MENTION} ${QUESTION}`, asker);
    await live.fake.waitFor(postIn(asked.id));
    mention(`${MENTION} ومن أعلن ذلك؟`, asker, asked.id);
    await live.fake.waitFor(postIn(asked.id, 1));
    mention(`${MENTION} ومتى؟`, asker, asked.id);
    const third = await live.fake.waitFor(postIn(asked.id, 2));
    expect(third.body.content).toContain(QUESTION);
  });

  it('never reads or answers a message that does not mention the bot, nor bots', async () => {
    await start();
    live.fake.dispatchMessage(p.userMessage(newUser(), QUESTION));
    live.fake.dispatchMessage({
      ...p.userMessage(newUser(), `${MENTION} ${QUESTION}`, { mentions: [p.IDS.bot] }),
      author: { ...p.user(newUser()), bot: true },
    });
    // A mention after them is answered, so the two before were seen and left alone.
    const asked = mention(`${MENTION} قره باغ`, newUser());
    await live.fake.waitFor(postIn(asked.id));
    await logged((l) => l.msg === 'mention');
    expect(live.fake.threads.size).toBe(1);
    expect(live.logs.filter((l) => l.msg === 'mention')).toHaveLength(1);
    expect(
      live.bot.client.channels.cache.get(p.IDS.channel)!.isTextBased() && (live.bot.client.channels.cache.get(p.IDS.channel) as any).messages.cache.size,
    ).toBe(0);
  });

  it('answers an English mention in English, and an empty mention with how to ask', async () => {
    await start();
    const asked = mention(`${MENTION} How many armoured vehicles did the separatists hand over?`, newUser());
    const answer = await live.fake.waitFor(postIn(asked.id));
    show('English mention answer', { ...answer.body, embeds: answer.body.embeds.slice(0, 1) });
    expect(answer.body.embeds[0].fields.map((f: any) => f.name)).toEqual([en.sourceId, en.publisher, en.date, en.file]);
    // Understood offline through the bundled dictionary, and said so under the lead.
    expect(answer.body.content.startsWith(en.passagesFor(en.range(1, 3, 15), '').slice(0, 8))).toBe(true);
    expect(answer.body.content).toContain(en.searchedAs(''));

    const empty = mention(MENTION, newUser());
    const reply = await live.fake.waitFor(postIn(p.IDS.channel));
    show('empty mention reply', reply.body);
    expect(reply.body).toMatchObject({ content: en.mentionEmpty, message_reference: { message_id: empty.id } });
    expect(live.fake.threads.has(empty.id)).toBe(false);
  });

  it('rate-limits mentions like /ask: the reply says how long to wait, and no thread is started', async () => {
    await start({ RATE_LIMIT_COUNT: '1' });
    const asker = newUser();
    const first = mention(`${MENTION} قره باغ`, asker);
    await live.fake.waitFor(postIn(first.id));
    const second = mention(`${MENTION} ممر لاتشين`, asker);
    const reply = await live.fake.waitFor(postIn(p.IDS.channel));
    show('rate-limited mention', reply.body);
    expect(reply.body.content).toMatch(/انتظر \d+ ث/);
    expect(reply.body.message_reference.message_id).toBe(second.id);
    expect(live.fake.threads.has(second.id)).toBe(false);
    await logged((l) => l.msg === 'mention' && l.outcome === 'rate-limited');
  });

  it('removes the pager of a thread answer when it expires; 👍/👎 stay', async () => {
    await live.start(index.indexDir, { tunables: { pagerTtlMs: 300 } });
    const asked = mention(`${MENTION} ${QUESTION}`, newUser());
    const answer = await live.fake.waitFor(postIn(asked.id));
    expect(answer.body.components).toHaveLength(2);
    const sent = live.fake.messagesIn(asked.id)[0]!;
    const edit = await live.fake.waitFor((r) => r.method === 'PATCH' && r.path === `/channels/${asked.id}/messages/${sent.id}`);
    expect(edit.body.components).toEqual([answer.body.components[1]]);
  });

  it('never pings from a mention: the question is escaped and nothing may be parsed', async () => {
    await start();
    const asked = mention(`${MENTION} @everyone <@100000000000000005> **كم** عدد المركبات المدرعة التي سلمها الانفصاليون؟`, newUser());
    const answer = await live.fake.waitFor(postIn(asked.id));
    expect(answer.body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    expect(answer.body.content).toContain('@\u200Beveryone');
    expect(answer.body.content).toContain('\\*\\*كم\\*\\*');
    expect(answer.body.content).not.toContain('<@100000000000000005>');
  });

  it('tells a mention that the bot is busy, like /ask, without starting a thread', async () => {
    await live.start(index.indexDir, { tunables: { maxWaitingSearches: 0 } });
    const asked = mention(`${MENTION} What is the Lachin corridor?`, newUser());
    const reply = await live.fake.waitFor(postIn(p.IDS.channel));
    expect(reply.body).toMatchObject({ content: en.busy, message_reference: { message_id: asked.id } });
    expect(live.fake.threads.size).toBe(0);
    await logged((l) => l.msg === 'mention' && l.outcome === 'busy');
  });

  it('answers in the channel when it may not start a thread', async () => {
    await start();
    live.fake.refuse.threads = true;
    const asked = mention(`${MENTION} ${QUESTION}`, newUser());
    const reply = await live.fake.waitFor(postIn(p.IDS.channel));
    expect(reply.body.message_reference.message_id).toBe(asked.id);
    expect(reply.body.embeds).toHaveLength(3);
    expect(live.logs.find((l) => l.msg.startsWith('could not start a thread'))).toMatchObject({ code: 50013 });
  });
});

describe('Find sources', () => {
  const findSources = (target: ReturnType<typeof p.userMessage>, locale?: string) =>
    live.fake.dispatchInteraction(p.messageCommandInteraction('Find sources', target, newUser(), locale));

  it('searches a message’s text and answers privately with citations', async () => {
    await start();
    const claim = p.userMessage(newUser(), `${MENTION} الانفصاليون سلموا 6 وحدات من المركبات المدرعة https://example.com/x`);
    const d = findSources(claim);
    const callback = await live.fake.waitFor(isCallback(d));
    expect(callback.body).toEqual({ type: 5, data: { flags: EPHEMERAL } });
    const edit = await live.fake.waitFor((r) => r.method === 'PATCH' && r.path.endsWith(`/${d.token}/messages/@original`));
    show('Find sources answer (PATCH @original of an ephemeral reply)', { ...edit.body, embeds: edit.body.embeds.slice(0, 1) });
    expect(edit.body.embeds).toHaveLength(3);
    expect(edit.body.embeds[0].fields[0].name).toBe(ar.sourceId);
    expect(edit.body.content).not.toContain('example.com');
    expect(await logged((l) => l.msg === 'interaction' && l.kind === 'message-command')).toMatchObject({ command: 'Find sources', outcome: 'ok' });
  });

  it('cuts a message longer than a question to 500 characters instead of refusing it', async () => {
    await start();
    const long = p.userMessage(newUser(), `${QUESTION} ${'وقالت وزارة الدفاع الروسية إن الانفصاليين سلموا الأسلحة. '.repeat(30)}`);
    const d = findSources(long);
    const edit = await live.fake.waitFor((r) => r.method === 'PATCH' && r.path.endsWith(`/${d.token}/messages/@original`));
    expect(edit.body.embeds.length).toBeGreaterThan(0);
    expect(edit.body.content).toContain('…');
  });

  it.each([
    ['an empty message', p.userMessage('100000000000000003', '', { attachments: [] }), en.noText],
    [
      'an embed-only message',
      p.userMessage('100000000000000003', '', { embeds: [{ type: 'rich', title: 'Breaking', description: 'x' }] }),
      en.onlyEmbed,
    ],
    [
      'a link-only message',
      p.userMessage('100000000000000003', 'https://example.com/story', { embeds: [{ type: 'link', url: 'https://example.com/story' }] }),
      en.onlyLink,
    ],
  ])('answers %s privately with what to do', async (label, target, text) => {
    await start();
    const d = findSources(target);
    const callback = await live.fake.waitFor(isCallback(d));
    show(`Find sources on ${label}`, callback.body);
    expect(callback.body).toMatchObject({ type: 4, data: { content: text, flags: EPHEMERAL, allowed_mentions: { parse: [], replied_user: false } } });
    expect(callback.body.data.embeds ?? []).toEqual([]);
  });
});

describe('replies in the asker’s language', () => {
  const ask = (question: string, locale = 'en-US') => live.fake.dispatchInteraction({ ...p.commandInteraction('ask', { question }, newUser()), locale });

  it('answers an Arabic question in Arabic and an English one in English, whatever the locale', async () => {
    await start();
    for (const [question, t] of [
      [QUESTION, ar],
      ['How many armoured vehicles did the separatists hand over?', en],
    ] as const) {
      const d = ask(question, 'fr');
      const edit = await live.fake.waitFor(
        (r) => r.method === 'PATCH' && r.path.endsWith(`/${d.token}/messages/@original`) && r.body?.embeds !== undefined,
      );
      show(`/ask ${t === ar ? 'Arabic' : 'English'} full reply`, edit.body);
      const body = edit.body;
      const lead = t.passagesFor(t.range(1, 3, 15), '');
      expect(body.content.startsWith(lead.slice(0, 8))).toBe(true);
      expect(body.content).toContain(t.sourceHint);
      expect(body.embeds[0].fields.map((f: any) => f.name)).toEqual([t.sourceId, t.publisher, t.date, t.file]);
      expect(body.embeds.at(-1).footer.text).toBe(t.page(1, 5));
      expect(body.components[0].components.map((c: any) => c.label)).toEqual([t.previous, '1 / 5', t.next]);
      expect(body.allowed_mentions).toEqual({ parse: [], replied_user: false });
    }
  });

  it('uses the locale for /about and for errors without a question', async () => {
    await start();
    const about = live.fake.dispatchInteraction({ ...p.commandInteraction('about', {}, newUser()), locale: 'ar' });
    const reply = await live.fake.waitFor(isCallback(about));
    expect(reply.body.data.embeds[0].title).toBe(ar.aboutTitle);
    expect(reply.body.data.embeds[0].fields[0].name).toBe(ar.articles);
    const unknown = live.fake.dispatchInteraction({ ...p.commandInteraction('source', { id: 'zz99zz99' }, newUser()), locale: 'ar' });
    expect((await live.fake.waitFor(isCallback(unknown))).body.data.content).toContain('لا يوجد مقطع');
    const english = live.fake.dispatchInteraction(p.commandInteraction('about', {}, newUser()));
    expect((await live.fake.waitFor(isCallback(english))).body.data.embeds[0].title).toBe(en.aboutTitle);
  });
});
