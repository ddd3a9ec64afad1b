import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { UserError } from '../errors.ts';
import { MIGRATIONS, SCHEMA_VERSION } from './migrations.ts';

export type Db = Database.Database;

/** The bot's own database file inside DATA_DIR. */
export const DATABASE_FILE = 'bot.sqlite';

/**
 * Opens (creating on first use) the bot's database and brings its schema up to date. Every failure is
 * a UserError that names the file and the fix; the index never depends on this file.
 */
export function openDatabase(file: string, options: { readonly?: boolean; busyTimeoutMs?: number } = {}): Db {
  let db: Db | undefined;
  try {
    if (!options.readonly) mkdirSync(path.dirname(file), { recursive: true });
    db = new Database(file, { readonly: options.readonly ?? false, fileMustExist: options.readonly ?? false, timeout: options.busyTimeoutMs ?? 2000 });
    if (!options.readonly) db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    migrate(db, file, options.readonly ?? false);
    return db;
  } catch (error) {
    db?.close();
    throw describeDatabaseError(error, file);
  }
}

function migrate(db: Db, file: string, readonly: boolean): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SCHEMA_VERSION)
    throw new UserError(
      `The database ${file} was written by a newer version of the bot (schema ${current}; this version knows up to ${SCHEMA_VERSION}): upgrade the bot, or set DATA_DIR to another folder.`,
      'database-newer',
    );
  const pending = MIGRATIONS.filter((m) => m.version > current);
  if (pending.length === 0) return;
  if (readonly)
    throw new UserError(`The database ${file} has an older schema (${current}): start the bot once to upgrade it, then run this again.`, 'database-older');
  db.transaction(() => {
    for (const step of pending) {
      db.exec(step.sql);
      db.pragma(`user_version = ${step.version}`);
    }
  })();
}

/** Turns SQLite and file-system failures into one sentence that says what to do. */
export function describeDatabaseError(error: unknown, file: string): Error {
  if (error instanceof UserError) return error;
  const code = (error as { code?: string } | null)?.code ?? '';
  const dir = path.dirname(file);
  if (code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED')
    return new UserError(`The database ${file} is locked by another program (another bot process?): stop it, or set DATA_DIR to another folder.`, 'database-locked');
  if (code.startsWith('SQLITE_READONLY') || code === 'EACCES' || code === 'EPERM' || code.startsWith('SQLITE_CANTOPEN') || code === 'SQLITE_PERM')
    return new UserError(`Cannot write the database ${file}: give this user write access to ${dir} (the database and its -wal and -shm files live there), or set DATA_DIR to a writable folder.`, 'database-readonly');
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB')
    return new UserError(`${file} is not a readable SQLite database (damaged, or another kind of file): move it away and a new one is created at the next start (its feedback is lost; the index is not affected).`, 'database-corrupt');
  if (code === 'SQLITE_FULL' || code === 'ENOSPC')
    return new UserError(`The disk holding ${dir} is full: free some space for the bot's database.`, 'database-full');
  return error instanceof Error ? error : new Error(String(error));
}
