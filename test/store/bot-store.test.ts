import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log.ts';
import { openBotStore } from '../../src/store/bot-store.ts';
import { DEFAULT_GUILD_SETTINGS } from '../../src/store/settings.ts';

function capture() {
  const lines: string[] = [];
  return { lines, log: createLogger('debug', 'json', (line) => lines.push(line)) };
}
const file = () => path.join(mkdtempSync(path.join(os.tmpdir(), 'kb-store-')), 'bot.sqlite');
const asked = { guildId: 'g', channelId: 'c', userId: 'u', question: 'q', confident: true, topScore: 1, embedder: 'ngram', latencyMs: 3, shown: ['a'] };

describe('openBotStore', () => {
  it('keeps what was stored across a restart', () => {
    const f = file();
    const first = openBotStore({ file: f, salt: null, retentionDays: 90, log: capture().log });
    const id = first.logQuestion(asked)!;
    expect(first.rate({ questionId: id, userId: 'u', guildId: 'g', channelId: 'c', rating: -1 })).toBeNull();
    first.close();
    const second = openBotStore({ file: f, salt: null, retentionDays: 90, log: capture().log });
    // The generated salt survived: the same person's second click changes their rating.
    expect(second.rate({ questionId: id, userId: 'u', guildId: 'g', channelId: 'c', rating: 1 })).toBe(-1);
    second.close();
  });

  it('turns itself off for a corrupt file, logs the fix once, and answers with defaults', () => {
    const f = file();
    writeFileSync(f, 'not a database '.repeat(500));
    const { lines, log } = capture();
    const store = openBotStore({ file: f, salt: null, retentionDays: 90, log });
    expect(store.available).toBe(false);
    expect(store.logQuestion(asked)).toBeNull();
    expect(store.settings('g')).toEqual(DEFAULT_GUILD_SETTINGS);
    expect(store.forget('u')).toBeNull();
    const errors = lines.filter((l) => l.includes('"level":"error"'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/questions are still answered.*not a readable SQLite database/);
    expect(store.logQuestion(asked)).toBeNull();
  });

  it('drops a write that cannot get the lock, logs the cause once, and writes again once free', () => {
    const f = file();
    const { lines, log } = capture();
    const store = openBotStore({ file: f, salt: 'x', retentionDays: 90, log });
    const other = new Database(f);
    other.exec('BEGIN EXCLUSIVE');
    // Another program holds the write lock past the busy timeout.
    expect(store.logQuestion(asked)).toBeNull();
    expect(store.logQuestion(asked)).toBeNull();
    other.exec('ROLLBACK');
    other.close();
    expect(store.logQuestion(asked)).toEqual(expect.any(Number));
    const errors = lines.filter((l) => l.includes('"level":"error"'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/is locked by another program/);
  });

  it('refuses a newer database without failing the bot', () => {
    const f = file();
    const db = new Database(f);
    db.pragma('user_version = 99');
    db.close();
    const { lines, log } = capture();
    const store = openBotStore({ file: f, salt: null, retentionDays: 90, log });
    expect(store.available).toBe(false);
    expect(lines.join('\n')).toMatch(/newer version of the bot/);
  });
});
