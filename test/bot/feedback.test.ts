import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PermissionFlagsBits } from 'discord.js';
import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ar } from '../../src/bot/messages/ar.ts';
import { buildUsageReport } from '../../src/report/usage.ts';
import { DATABASE_FILE, openDatabase } from '../../src/store/database.ts';
import * as p from './fake-discord/payloads.ts';
import type { Dispatched } from './fake-discord/server.ts';
import { askCommand, isCallback, isEdit, liveBotPerTest, newUser } from './helpers/live-bot.ts';
import { buildTempIndex } from './helpers/temp-index.ts';

const QUESTION = 'كم عدد المركبات المدرعة التي سلمها الانفصاليون؟';
const ADMIN = String(PermissionFlagsBits.ManageGuild);
const OTHER_CHANNEL = '900000000000000077';

let index: Awaited<ReturnType<typeof buildTempIndex>>;
let dataDir: string;

beforeAll(async () => {
  index = await buildTempIndex();
});
const live = liveBotPerTest(300);
beforeEach(async () => {
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'kb-feedback-'));
  await live.start(index.indexDir, { env: { DATA_DIR: dataDir } });
});

/** Asks, and returns the answer's rating button ids. */
async function askAndRate(userId = newUser()) {
  const d = askCommand(live.fake, QUESTION, userId);
  const edit = await live.fake.waitFor(isEdit(d));
  const row = (edit.body.components as { components: { custom_id: string; emoji?: { name: string } }[] }[]).at(-1)!;
  const [up, down] = row.components.map((b) => b.custom_id);
  return { asker: userId, up: up!, down: down!, questionId: Number(/^ask:rate:(\d+):up$/.exec(up!)![1]), message: p.message(p.snowflake(), edit.body, userId) };
}

async function press(customId: string, message: Record<string, unknown>, userId: string) {
  const d = live.fake.dispatchInteraction(p.buttonInteraction(customId, message, userId));
  return (await live.fake.waitFor(isCallback(d))).body as { type: number; data: Record<string, any> };
}

async function command(payload: Record<string, any>): Promise<{ d: Dispatched; body: { type: number; data: Record<string, any> } }> {
  const d = live.fake.dispatchInteraction(payload);
  return { d, body: (await live.fake.waitFor(isCallback(d))).body };
}

const db = () => openDatabase(path.join(dataDir, DATABASE_FILE));
const EPHEMERAL = 64;

describe('rating an answer', () => {
  it('puts 👍 and 👎 on every answer; a rating is recorded, changed, and explained in the modal', async () => {
    const { asker, up, down, questionId, message } = await askAndRate();
    expect(up).toBe(`ask:rate:${questionId}:up`);

    const first = await press(up, message, asker);
    expect(first).toMatchObject({ type: 4, data: { content: 'Thanks: your 👍 is recorded.', flags: EPHEMERAL, allowed_mentions: { parse: [] } } });

    // 👎 changes the rating and opens the optional form.
    const modal = await press(down, message, asker);
    expect(modal.type).toBe(9);
    expect(modal.data.custom_id).toBe(`ask:why:${questionId}`);
    expect(modal.data.components.map((c: any) => [c.type, c.component.type, c.component.custom_id])).toEqual([[18, 3, 'reason'], [18, 4, 'details']]);
    expect(modal.data.components[0].component.options.map((o: any) => o.value)).toEqual(['wrong-passage', 'not-answered', 'wrong-source', 'other']);
    expect(modal.data.components[1].component.max_length).toBe(300);

    const { body } = await command(p.modalSubmitInteraction(`ask:why:${questionId}`, { reason: ['wrong-source'], details: 'التاريخ خاطئ' }, asker));
    expect(body).toMatchObject({ type: 4, data: { flags: EPHEMERAL } });
    expect(body.data.content).toMatch(/^Thanks: your 👎 and what was wrong are recorded/);

    const rows = db().prepare('SELECT rating, reason, comment FROM ratings').all();
    expect(rows).toEqual([{ rating: -1, reason: 'wrong-source', comment: 'التاريخ خاطئ' }]);
  });

  it('lets anyone in the channel rate, once each: a second rater is counted separately', async () => {
    const { asker, up, down, message } = await askAndRate();
    await press(up, message, asker);
    const other = newUser();
    expect((await press(up, message, other)).data.content).toBe('Thanks: your 👍 is recorded.');
    expect((await press(up, message, other)).data.content).toBe('You already rated this 👍.');
    await press(down, message, other);
    expect(db().prepare('SELECT rating FROM ratings ORDER BY rating').pluck().all()).toEqual([-1, 1]);
  });

  it('answers a stale rating button privately', async () => {
    const { message } = await askAndRate();
    const reply = await press('ask:rate:987654:up', message, newUser());
    expect(reply).toMatchObject({ type: 4, data: { flags: EPHEMERAL } });
    expect(reply.data.content).toMatch(/can no longer be rated/);
  });

  it('keeps ratings and questions across a restart, for the report', async () => {
    const { asker, up, message } = await askAndRate();
    await press(up, message, asker);
    await live.bot.stop();
    await live.start(index.indexDir, { env: { DATA_DIR: dataDir } });
    await askAndRate();
    const report = buildUsageReport(db());
    expect(report.totals).toMatchObject({ questions: 2, ratedUp: 1, ratedDown: 0 });
    expect(report.mostCited.length).toBeGreaterThan(0);
  });
});

describe('a database that cannot be used', () => {
  it('is logged once with its fix, and questions are still answered, without rating buttons', async () => {
    await live.bot.stop();
    const broken = mkdtempSync(path.join(os.tmpdir(), 'kb-broken-'));
    writeFileSync(path.join(broken, DATABASE_FILE), 'not a database '.repeat(400));
    await live.start(index.indexDir, { env: { DATA_DIR: broken } });
    const logs = live.logs;
    const d = askCommand(live.fake, QUESTION);
    const edit = await live.fake.waitFor(isEdit(d));
    expect(edit.body.embeds.length).toBeGreaterThan(0);
    expect(JSON.stringify(edit.body.components)).not.toContain('ask:rate:');
    askCommand(live.fake, QUESTION);
    const errors = logs.filter((l) => l.level === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]!.reason).toMatch(/is not a readable SQLite database .*move it away/);
  });
});

describe('/privacy forget', () => {
  it('erases the asker’s questions and ratings and says how many', async () => {
    const { asker, up, message } = await askAndRate();
    await press(up, message, asker);
    await askAndRate(asker);
    const { body } = await command(p.subcommandInteraction('privacy', ['forget'], {}, asker));
    expect(body).toMatchObject({ type: 4, data: { content: 'Done: 3 records about you erased.', flags: EPHEMERAL } });
    expect(db().prepare('SELECT COUNT(*) FROM questions').pluck().get()).toBe(0);
    const again = await command(p.subcommandInteraction('privacy', ['forget'], {}, asker));
    expect(again.body.data.content).toBe('Nothing was stored about you.');
  });
});

describe('/settings', () => {
  it('is registered for members who can manage the server', async () => {
    const registered = (await import('../../src/bot/commands/settings.ts')).settings.definition;
    expect(registered.default_member_permissions).toBe(ADMIN);
    expect(registered.contexts).toEqual([0]);
  });

  it('lets an admin choose the channels; a question elsewhere is told where to ask, privately', async () => {
    const admin = newUser();
    const add = await command(p.withPermissions(p.subcommandInteraction('settings', ['channels', 'add'], { channel: OTHER_CHANNEL }, admin), ADMIN));
    expect(add.body.data.content).toBe(`Saved.\nAnswers in: <#${OTHER_CHANNEL}>\nAnswers are: public\nRate limit: 100 questions per 30 s per member (the bot's default)`);
    expect(add.body.data.flags).toBe(EPHEMERAL);

    const here = await command(p.commandInteraction('ask', { question: QUESTION }, newUser()));
    // The question is Arabic, so the reply is too (the catalog's ar.ts).
    expect(here.body).toMatchObject({ type: 4, data: { content: ar.askElsewhere(`<#${OTHER_CHANNEL}>`), flags: EPHEMERAL } });
    const there = live.fake.dispatchInteraction(p.inChannel(p.commandInteraction('ask', { question: QUESTION }, newUser()), OTHER_CHANNEL));
    expect((await live.fake.waitFor(isCallback(there))).body.type).toBe(5);

    const log = db().prepare('SELECT user_id, change FROM settings_log').all();
    expect(log).toEqual([{ user_id: admin, change: JSON.stringify({ kind: 'channel-add', channelId: OTHER_CHANNEL }) }]);
  });

  it('makes answers private and sets the server’s rate limit', async () => {
    const admin = newUser();
    await command(p.withPermissions(p.subcommandInteraction('settings', ['answers', 'private'], {}, admin), ADMIN));
    const limit = await command(p.withPermissions(p.subcommandInteraction('settings', ['rate-limit'], { count: 1, seconds: 60 }, admin), ADMIN));
    expect(limit.body.data.content).toContain('Rate limit: 1 question per 60 s per member');

    const asker = newUser();
    const first = await command(p.commandInteraction('ask', { question: QUESTION }, asker));
    expect(first.body).toMatchObject({ type: 5, data: { flags: EPHEMERAL } });
    const second = await command(p.commandInteraction('ask', { question: QUESTION }, asker));
    expect(second.body.data.content).toBe(ar.rateLimited(60));
  });

  it('refuses a member without Manage Server, even if Discord showed them the command', async () => {
    const { body } = await command(p.subcommandInteraction('settings', ['answers', 'private'], {}, newUser()));
    expect(body).toMatchObject({ type: 4, data: { content: 'Only members who can manage this server can change the bot’s settings.', flags: EPHEMERAL } });
    expect(db().prepare('SELECT COUNT(*) FROM settings_log').pluck().get()).toBe(0);
  });
});
