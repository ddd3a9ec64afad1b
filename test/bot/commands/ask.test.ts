import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ar } from '../../../src/bot/messages/ar.ts';
import type { MessageData } from '../../../src/bot/render.ts';
import type { Searcher } from '../../../src/search/searcher.ts';
import { createTestBot, type TestBot } from '../helpers/context.ts';
import { fakeButton, fakeCommand, isEphemeral } from '../helpers/fake-interaction.ts';
import { expectWithinLimits } from '../helpers/limits.ts';
import { openTestSearcher, overrideSearcher } from '../helpers/searcher.ts';

const ASKER = '100000000000000001';
const OTHER = '100000000000000002';
let searcher: Searcher;
let bot: TestBot;

beforeAll(async () => {
  searcher = await openTestSearcher();
});
afterEach(() => bot?.ctx.pager.clear());

async function ask(question: string, results?: number, user = ASKER) {
  const interaction = fakeCommand('ask', results === undefined ? { question } : { question, results }, user);
  await bot.handle(interaction);
  return interaction;
}

describe('/ask', () => {
  it('defers at once, then edits in cited passages within the limits', async () => {
    bot = createTestBot(searcher);
    const interaction = await ask('كم عدد المركبات المدرعة التي سلمها الانفصاليون؟');
    expect(interaction.calls.map((c) => c.method)).toEqual(['deferReply', 'editReply']);
    expect(isEphemeral(interaction.calls[0])).toBe(false);
    const message = interaction.calls[1]!.payload as MessageData;
    expectWithinLimits(message);
    expect(message.embeds).toHaveLength(3);
    expect(message.embeds.some((e) => e.description!.includes('**'))).toBe(true);
    // An Arabic question: the bot's own words are Arabic (the catalog's ar.ts).
    expect(message.embeds[0]!.fields!.map((f) => f.name)).toEqual([ar.sourceId, ar.publisher, ar.date, ar.file]);
    // The pager, then 👍/👎.
    expect(message.components).toHaveLength(2);
    expect(message.components[1]!.components.map((b) => ('custom_id' in b ? b.custom_id : ''))).toEqual([expect.stringMatching(/^ask:rate:\d+:up$/), expect.stringMatching(/^ask:rate:\d+:down$/)]);
  });

  it('shows the requested number of results per page', async () => {
    bot = createTestBot(searcher);
    const interaction = await ask('وقف إطلاق النار', 5);
    expect((interaction.calls[1]!.payload as MessageData).embeds).toHaveLength(5);
  });

  it('says plainly when the articles do not seem to answer, with the closest passages behind a button', async () => {
    bot = createTestBot(searcher);
    // Off-topic, but one word (Azerbaijan) is in the articles: the closest passages are shown as such.
    const interaction = await ask('ما هي وصفة كعكة الشوكولاتة بالفراولة في أذربيجان؟');
    const message = interaction.calls.at(-1)!.payload as MessageData;
    // An Arabic question: the bot's words are Arabic.
    expect(message.content!.startsWith(ar.noAnswer)).toBe(true);
    expect(message.embeds).toHaveLength(0);
    const button = message.components[0]!.components[0]! as { custom_id: string; label: string };
    expect(button.label).toBe(ar.showClosest);
    const click = fakeButton(button.custom_id);
    await bot.handle(click);
    const shown = click.calls.at(-1)!.payload as MessageData;
    expect(shown.content!.startsWith(ar.notConfident)).toBe(true);
    expect(shown.embeds.length).toBeGreaterThan(0);
  });

  it('shows under an English question how it was searched', async () => {
    bot = createTestBot(searcher);
    const interaction = await ask('Why did Azerbaijan summon the French ambassador?');
    const message = interaction.calls.at(-1)!.payload as MessageData;
    expect(message.content).toMatch(/\nSearched as: .*Azerbaijan → .*أذربيجان/);
    expect(message.embeds.length).toBeGreaterThan(0);
  });

  it('says so when no passage shares a word with the question', async () => {
    bot = createTestBot(searcher);
    const interaction = await ask('What is the recipe for chocolate cake with strawberries?');
    const message = interaction.calls.at(-1)!.payload as MessageData;
    expect(message.content).toMatch(/^No passage matches .*; try other words\.$/s);
  });

  it.each([
    ['empty', ''],
    ['whitespace-only', '   \n\t '],
    ['punctuation-only', '؟؟!!...'],
    ['over-long', 'قره باغ '.repeat(80)],
  ])('answers an %s question privately without deferring', async (_label, question) => {
    bot = createTestBot(searcher);
    const interaction = await ask(question);
    expect(interaction.calls).toHaveLength(1);
    expect(interaction.calls[0]!.method).toBe('reply');
    expect(isEphemeral(interaction.calls[0])).toBe(true);
    expect(bot.logs.find((l) => l.msg === 'interaction')).toMatchObject({ outcome: 'user-error', command: 'ask' });
  });

  it('logs one line with latency, result count and confidence, and the question only at debug level', async () => {
    bot = createTestBot(searcher);
    await ask('ممر لاتشين وقف إطلاق النار');
    const lines = bot.logs.filter((l) => l.msg === 'interaction');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 'info', kind: 'command', command: 'ask', outcome: 'ok', results: 15 });
    expect(typeof lines[0]!.latencyMs).toBe('number');
    expect(typeof lines[0]!.confident).toBe('boolean');
    expect(JSON.stringify(bot.logs.filter((l) => l.level !== 'debug'))).not.toContain('لاتشين');
    expect(bot.logs.find((l) => l.msg === 'question')).toMatchObject({ level: 'debug', question: 'ممر لاتشين وقف إطلاق النار' });
  });

  it('limits each user politely and still answers others', async () => {
    bot = createTestBot(searcher, { rate: [2, 30_000] });
    await ask('قره باغ');
    await ask('أذربيجان');
    const third = await ask('أرمينيا');
    expect(third.calls).toHaveLength(1);
    expect(isEphemeral(third.calls[0])).toBe(true);
    expect(String((third.calls[0]!.payload as MessageData).content)).toMatch(/انتظر \d+ ث/);
    const other = await ask('أرمينيا', 3, OTHER);
    expect(other.calls.map((c) => c.method)).toEqual(['deferReply', 'editReply']);
  });

  it('answers concurrent questions all at once', async () => {
    bot = createTestBot(searcher);
    const questions = ['قره باغ', 'أذربيجان', 'أرمينيا', 'روسيا', 'بوتين', 'لاتشين', 'علييف', 'باشينيان'];
    const interactions = await Promise.all(questions.map((q, i) => ask(q, 3, String(100000000000000010n + BigInt(i)))));
    for (const interaction of interactions) expect(interaction.calls.at(-1)!.method).toBe('editReply');
  });

  it('finishes a question in flight on the searcher it started with', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slow = overrideSearcher(searcher, { search: async (q, o) => (await gate, searcher.search(q, o)) });
    const other = overrideSearcher(searcher, { search: async () => ({ query: 'x', confident: false, results: [], skippedUndated: 0, filter: null }) });
    bot = createTestBot(slow);
    const pending = ask('قره باغ');
    await new Promise((r) => setTimeout(r, 10));
    bot.setSearcher(other);
    release();
    const interaction = await pending;
    expect((interaction.calls.at(-1)!.payload as MessageData).embeds.length).toBe(3);
  });

  it('passes publisher:, since: and until: to the search, and refuses a bad one before searching or counting it', async () => {
    const seen: unknown[] = [];
    bot = createTestBot(overrideSearcher(searcher, { search: (q, o) => (seen.push(o), searcher.search(q, o)) }), { rate: [1, 30_000] });
    const bad = fakeCommand('ask', { question: 'ceasefire', publisher: 'CNN', until: '2023' }, ASKER);
    await bot.handle(bad);
    expect(bad.calls.map((c) => c.method)).toEqual(['reply']);
    expect(isEphemeral(bad.calls[0])).toBe(true);
    expect(String((bad.calls[0]!.payload as MessageData).content)).toMatch(/^No publisher named .*CNN.* in the index; pick one of the suggestions, e\.g\. .*الجزيرة/);
    expect(seen).toEqual([]);
    // The refusal took none of the asker's one question per window.
    const good = fakeCommand('ask', { question: 'ceasefire', publisher: 'الأسبوع', since: '2023-09', until: ' ' }, ASKER);
    await bot.handle(good);
    expect(good.calls.map((c) => c.method)).toEqual(['deferReply', 'editReply']);
    expect(seen).toEqual([{ publisher: 'الأسبوع', since: '2023-09', until: ' ', limit: 15 }]);
  });

  it('keeps a failing search private and logs it under the ref it shows', async () => {
    const broken = overrideSearcher(searcher, { search: async () => Promise.reject(new Error('index corrupt')) });
    bot = createTestBot(broken);
    const interaction = await ask('قره باغ');
    expect(interaction.calls.map((c) => c.method)).toEqual(['deferReply', 'deleteReply', 'followUp']);
    const reply = String((interaction.calls[2]!.payload as MessageData).content);
    expect(isEphemeral(interaction.calls[2])).toBe(true);
    const ref = /المرجع ([0-9A-F]{6})/.exec(reply)![1];
    expect(bot.logs.find((l) => l.msg === 'interaction failed')).toMatchObject({ level: 'error', ref });
    expect(String(bot.logs.find((l) => l.msg === 'interaction failed')!.error)).toContain('index corrupt');
  });
});

describe('/ask buttons', () => {
  async function askWithPages() {
    bot = createTestBot(searcher);
    const interaction = await ask('قره باغ', 3);
    const message = interaction.calls.at(-1)!.payload as MessageData;
    const next = message.components[0]!.components[2]!;
    return { interaction, nextId: 'custom_id' in next ? next.custom_id : '' };
  }

  it('let the asker page to the next results', async () => {
    const { nextId } = await askWithPages();
    const press = fakeButton(nextId, ASKER);
    await bot.handle(press);
    expect(press.calls[0]!.method).toBe('update');
    const page = press.calls[0]!.payload as MessageData;
    expect(page.embeds[0]!.title!.startsWith('4. ')).toBe(true);
    expect(page.embeds.at(-1)!.footer!.text).toBe(ar.page(2, 5));
  });

  it('refuse anyone else privately', async () => {
    const { nextId } = await askWithPages();
    const press = fakeButton(nextId, OTHER);
    await bot.handle(press);
    expect(press.calls.map((c) => c.method)).toEqual(['reply']);
    expect(isEphemeral(press.calls[0])).toBe(true);
    expect(String((press.calls[0]!.payload as MessageData).content)).toContain('Only the person who asked');
  });

  it('expire: the pager is removed (the rating buttons stay) and a late press gets a private notice', async () => {
    const { interaction, nextId } = await askWithPages();
    const [, sessionId] = nextId.split(':');
    await bot.ctx.pager.expire(sessionId!);
    expect(interaction.calls.at(-1)).toEqual({ method: 'editReply', payload: { components: [expect.objectContaining({ components: [expect.objectContaining({ emoji: { name: '👍' } }), expect.anything()] })] } });
    const press = fakeButton(nextId, ASKER);
    await bot.handle(press);
    expect(isEphemeral(press.calls[0])).toBe(true);
    expect(String((press.calls[0]!.payload as MessageData).content)).toContain('expired');
  });

  it('expire on their own after the time to live', async () => {
    bot = createTestBot(searcher, { ttlMs: 30 });
    const interaction = await ask('قره باغ', 3);
    await new Promise((r) => setTimeout(r, 80));
    expect(bot.ctx.pager.size).toBe(0);
    expect(interaction.calls.at(-1)).toEqual({ method: 'editReply', payload: { components: [expect.objectContaining({ components: [expect.objectContaining({ emoji: { name: '👍' } }), expect.anything()] })] } });
  });
});

describe('/ask under load', () => {
  it('acknowledges before searching, and a question that cannot start its search in time is told privately that the bot is busy', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const slow = overrideSearcher(searcher, { search: async (q, o) => (await held, searcher.search(q, o)) });
    bot = createTestBot(slow, { queue: { maxWaitMs: 50 } });
    const first = fakeCommand('ask', { question: 'قره باغ' }, ASKER);
    const firstDone = bot.handle(first);
    const second = fakeCommand('ask', { question: 'أذربيجان' }, OTHER);
    await bot.handle(second);
    // Deferred at once, then the "thinking" reply is replaced by a private notice.
    expect(second.calls.map((c) => c.method)).toEqual(['deferReply', 'deleteReply', 'followUp']);
    expect(isEphemeral(second.calls[2])).toBe(true);
    expect(String((second.calls[2]!.payload as MessageData).content)).toBe(ar.busy);
    expect(bot.logs.find((l) => l.msg === 'interaction' && l.user === OTHER)).toMatchObject({ outcome: 'busy' });
    release();
    await firstDone;
    expect(first.calls.map((c) => c.method)).toEqual(['deferReply', 'editReply']);
  });

  it('answers "busy" at once, without deferring, when too many questions already wait', async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    const slow = overrideSearcher(searcher, { search: async (q, o) => (await held, searcher.search(q, o)) });
    bot = createTestBot(slow, { queue: { maxWaiting: 1 } });
    const running = bot.handle(fakeCommand('ask', { question: 'قره باغ' }, ASKER));
    const waiting = bot.handle(fakeCommand('ask', { question: 'قره باغ' }, OTHER));
    await new Promise((r) => setTimeout(r, 10));
    const third = fakeCommand('ask', { question: 'روسيا' }, '100000000000000003');
    await bot.handle(third);
    expect(third.calls.map((c) => c.method)).toEqual(['reply']);
    expect(isEphemeral(third.calls[0])).toBe(true);
    expect(String((third.calls[0]!.payload as MessageData).content)).toBe(ar.busy);
    release();
    await Promise.all([running, waiting]);
  });
});
