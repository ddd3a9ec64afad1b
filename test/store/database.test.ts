import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { describeDatabaseError, openDatabase } from '../../src/store/database.ts';
import { MIGRATIONS, SCHEMA_VERSION } from '../../src/store/migrations.ts';

const dirs: string[] = [];
function tempFile(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'kb-db-'));
  dirs.push(dir);
  return path.join(dir, 'nested', 'bot.sqlite');
}
afterEach(() => dirs.splice(0));

describe('openDatabase', () => {
  it('creates the file and its folder, in WAL mode, at the latest schema', () => {
    const db = openDatabase(tempFile());
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    db.close();
  });

  it('upgrades a database written by the first schema and keeps its rows', () => {
    const file = tempFile();
    openDatabase(file).close();
    // Rewind to what the first release wrote: schema 1 only, with one question in it.
    const old = new Database(file);
    old.exec('DROP TABLE guild_settings; DROP TABLE guild_channels; DROP TABLE settings_log;');
    old.pragma('user_version = 1');
    old.prepare(`INSERT INTO questions (asked_at, user_hash, question, confident, embedder, latency_ms) VALUES (1, 'h', 'سؤال', 1, 'ngram', 5)`).run();
    old.close();

    const db = openDatabase(file);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.prepare('SELECT question FROM questions').pluck().all()).toEqual(['سؤال']);
    expect(db.prepare('SELECT COUNT(*) FROM guild_settings').pluck().get()).toBe(0);
    db.close();
  });

  it('applies every migration in order, each once', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_, i) => i + 1));
    const file = tempFile();
    openDatabase(file).close();
    expect(() => openDatabase(file).close()).not.toThrow();
  });

  it('refuses a database from a newer version, saying what to do', () => {
    const file = tempFile();
    openDatabase(file).close();
    const db = new Database(file);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    expect(() => openDatabase(file)).toThrow(/written by a newer version of the bot \(schema \d+; this version knows up to \d+\): upgrade the bot, or set DATA_DIR/);
  });

  it('names a file that is not a database and says a new one is created', () => {
    const file = tempFile();
    openDatabase(file).close();
    writeFileSync(file, 'this is not sqlite at all, just text that fills the header of a page '.repeat(100));
    expect(() => openDatabase(file)).toThrow(/is not a readable SQLite database .*move it away.*the index is not affected/);
  });
});

describe('describeDatabaseError', () => {
  it.each([
    ['SQLITE_BUSY', /is locked by another program/],
    ['SQLITE_READONLY', /Cannot write the database .*give this user write access to/],
    ['EACCES', /Cannot write the database/],
    ['SQLITE_CORRUPT', /is not a readable SQLite database/],
    ['SQLITE_FULL', /disk holding .* is full/],
  ])('%s says what to do', (code, message) => {
    const error = Object.assign(new Error('raw'), { code });
    expect(describeDatabaseError(error, '/data/bot.sqlite').message).toMatch(message);
  });

  it('passes anything else through unchanged', () => {
    const error = new Error('something else');
    expect(describeDatabaseError(error, '/x')).toBe(error);
  });
});
