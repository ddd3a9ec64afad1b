import type { Logger } from '../log.ts';
import { describeDatabaseError, openDatabase, type Db } from './database.ts';
import { createFeedbackStore, feedbackSalt, type AskedQuestion, type Rating, type RatingReason } from './feedback.ts';
import { createSettingsStore, DEFAULT_GUILD_SETTINGS, type GuildSettings, type SettingsChange } from './settings.ts';

export interface BotStoreOptions {
  file: string;
  /** FEEDBACK_SALT, or null to use the one generated into the database. */
  salt: string | null;
  retentionDays: number;
  log: Logger;
}

/**
 * SQLite waits synchronously for a lock; the bot's event loop must not, so a write that cannot get the
 * lock quickly is dropped (and reported) rather than delaying every other interaction.
 */
const BUSY_TIMEOUT_MS = 100;
/** How often question texts past the retention period are cleared while the bot runs. */
const RETENTION_SWEEP_MS = 6 * 3_600_000;

/**
 * The bot's view of its database. Storage is a convenience, never a reason to fail an answer: a
 * database that cannot be opened (locked, read-only, corrupt, newer) is logged once with its fix and
 * the bot answers without feedback and with default server settings; a later failed write is logged
 * once per cause and that one record is dropped.
 */
export function openBotStore(options: BotStoreOptions) {
  const { log } = options;
  let db: Db | null = null;
  let parts: { feedback: ReturnType<typeof createFeedbackStore>; settings: ReturnType<typeof createSettingsStore> } | null = null;
  let sweep: NodeJS.Timeout | undefined;
  const reported = new Set<string>();

  /** Logs each distinct cause once: a locked or full database would otherwise flood the log. */
  function report(error: unknown): void {
    const reason = describeDatabaseError(error, options.file).message;
    if (reported.has(reason)) return;
    reported.add(reason);
    log.error('the database failed; questions are still answered, without feedback', { reason });
  }

  /** Runs one storage step; a failure is reported and the fallback returned, so the answer goes out. */
  function guarded<T>(fallback: T, step: (p: NonNullable<typeof parts>) => T): T {
    if (!parts) return fallback;
    try {
      return step(parts);
    } catch (error) {
      report(error);
      return fallback;
    }
  }

  try {
    db = openDatabase(options.file, { busyTimeoutMs: BUSY_TIMEOUT_MS });
    const salt = feedbackSalt(db, options.salt);
    parts = { feedback: createFeedbackStore(db, salt), settings: createSettingsStore(db) };
    parts.feedback.applyRetention(options.retentionDays);
    sweep = setInterval(() => guarded(0, (p) => p.feedback.applyRetention(options.retentionDays)), RETENTION_SWEEP_MS).unref();
    log.info('database ready', { file: options.file });
  } catch (error) {
    parts = null;
    db?.close();
    db = null;
    report(error);
  }

  return {
    get available(): boolean {
      return parts !== null;
    },
    /** The question's id for its rating buttons, or null when storage is off. */
    logQuestion: (q: AskedQuestion): number | null => guarded(null, (p) => p.feedback.logQuestion(q)),
    /** The rating replaced (null if first), undefined for an unknown question, 'off' when storage is off. */
    rate: (r: Rating): 1 | -1 | null | undefined | 'off' => guarded<1 | -1 | null | undefined | 'off'>('off', (p) => p.feedback.rate(r)),
    explain: (questionId: number, userId: string, reason: RatingReason, comment: string | null): boolean =>
      guarded(false, (p) => p.feedback.explain(questionId, userId, reason, comment)),
    /** Rows removed, or null when storage is off. */
    forget: (userId: string): number | null => guarded(null, (p) => p.feedback.forget(userId)),
    settings: (guildId: string): GuildSettings => guarded(DEFAULT_GUILD_SETTINGS, (p) => p.settings.get(guildId)),
    /** The settings after the change, or null when storage is off (nothing changed). */
    changeSettings: (guildId: string, userId: string, change: SettingsChange): GuildSettings | null =>
      guarded(null, (p) => p.settings.change(guildId, userId, change)),
    close(): void {
      clearInterval(sweep);
      parts = null;
      db?.close();
      db = null;
    },
  };
}

export type BotStore = ReturnType<typeof openBotStore>;
