import { createHmac, randomBytes } from 'node:crypto';
import type { Db } from './database.ts';

/** What the bot knows about one answered question when it logs it. */
export interface AskedQuestion {
  guildId: string | null;
  channelId: string | null;
  userId: string;
  question: string;
  confident: boolean;
  /** The best result's score, null when there was none. */
  topScore: number | null;
  /** e.g. "ngram" or "transformers Xenova/multilingual-e5-small". */
  embedder: string;
  latencyMs: number;
  /** Ids of the passages shown, best first (rank = position + 1). */
  shown: readonly string[];
  /** Milliseconds since the epoch; defaults to now. */
  at?: number;
}

export const RATING_REASONS = ['wrong-passage', 'not-answered', 'wrong-source', 'other'] as const;
export type RatingReason = (typeof RATING_REASONS)[number];

export interface Rating {
  questionId: number;
  userId: string;
  guildId: string | null;
  channelId: string | null;
  rating: 1 | -1;
  at?: number;
}

/**
 * The secret behind anonymised user ids: FEEDBACK_SALT when set, else one generated into the database
 * on first use, so the same person maps to the same hash across restarts but never back to their id.
 */
export function feedbackSalt(db: Db, configured: string | null): string {
  if (configured) return configured;
  const row = db.prepare(`SELECT value FROM meta WHERE key = 'salt'`).get() as { value: string } | undefined;
  if (row) return row.value;
  const salt = randomBytes(32).toString('hex');
  db.prepare(`INSERT INTO meta (key, value) VALUES ('salt', ?)`).run(salt);
  return salt;
}

export function anonymize(userId: string, salt: string): string {
  return createHmac('sha256', salt).update(userId).digest('hex');
}

/** Reads and writes questions and ratings; user ids are hashed before anything is stored. */
export function createFeedbackStore(db: Db, salt: string) {
  const insertQuestion = db.prepare(
    `INSERT INTO questions (asked_at, guild_id, channel_id, user_hash, question, confident, top_score, embedder, latency_ms)
     VALUES (@at, @guildId, @channelId, @userHash, @question, @confident, @topScore, @embedder, @latencyMs)`,
  );
  const insertShown = db.prepare(`INSERT INTO shown_passages (question_id, rank, passage_id) VALUES (?, ?, ?)`);
  const upsertRating = db.prepare(
    `INSERT INTO ratings (question_id, user_hash, rated_at, guild_id, channel_id, rating)
     VALUES (@questionId, @userHash, @at, @guildId, @channelId, @rating)
     ON CONFLICT (question_id, user_hash) DO UPDATE SET rated_at = excluded.rated_at, rating = excluded.rating,
       reason = CASE WHEN excluded.rating = 1 THEN NULL ELSE ratings.reason END,
       comment = CASE WHEN excluded.rating = 1 THEN NULL ELSE ratings.comment END`,
  );
  const previousRating = db.prepare(`SELECT rating FROM ratings WHERE question_id = ? AND user_hash = ?`);
  const questionExists = db.prepare(`SELECT 1 FROM questions WHERE id = ?`);
  const setReason = db.prepare(`UPDATE ratings SET reason = ?, comment = ? WHERE question_id = ? AND user_hash = ?`);

  const logQuestion = db.transaction((q: AskedQuestion): number => {
    const id = Number(
      insertQuestion.run({
        at: q.at ?? Date.now(),
        guildId: q.guildId,
        channelId: q.channelId,
        userHash: anonymize(q.userId, salt),
        question: q.question,
        confident: q.confident ? 1 : 0,
        topScore: q.topScore,
        embedder: q.embedder,
        latencyMs: Math.round(q.latencyMs),
      }).lastInsertRowid,
    );
    q.shown.forEach((passageId, i) => insertShown.run(id, i + 1, passageId));
    return id;
  });

  return {
    /** Logs one question with the passages shown; returns its id (carried by the rating buttons). */
    logQuestion,

    /**
     * Records or changes one person's rating of one answer. Returns the rating it replaced (null for a
     * first rating), or undefined when the question is unknown (its row was forgotten or expired).
     */
    rate(r: Rating): 1 | -1 | null | undefined {
      if (!questionExists.get(r.questionId)) return undefined;
      const userHash = anonymize(r.userId, salt);
      const before = previousRating.get(r.questionId, userHash) as { rating: 1 | -1 } | undefined;
      upsertRating.run({ questionId: r.questionId, userHash, at: r.at ?? Date.now(), guildId: r.guildId, channelId: r.channelId, rating: r.rating });
      return before?.rating ?? null;
    },

    /** Adds what was wrong to a 👎; returns false when there is no such rating. */
    explain(questionId: number, userId: string, reason: RatingReason, comment: string | null): boolean {
      return setReason.run(reason, comment, questionId, anonymize(userId, salt)).changes > 0;
    },

    /** Deletes everything stored about one person (their questions, with what was shown, and their ratings). */
    forget: db.transaction((userId: string): number => {
      const userHash = anonymize(userId, salt);
      const ratings = db.prepare(`DELETE FROM ratings WHERE user_hash = ?`).run(userHash).changes;
      const questions = db.prepare(`DELETE FROM questions WHERE user_hash = ?`).run(userHash).changes;
      return ratings + questions;
    }),

    /** Clears question texts and comments older than `days`; counts stay. Returns rows cleared. */
    applyRetention(days: number, now = Date.now()): number {
      const before = now - days * 86_400_000;
      return (
        db.prepare(`UPDATE questions SET question = NULL WHERE asked_at < ? AND question IS NOT NULL`).run(before).changes +
        db.prepare(`UPDATE ratings SET comment = NULL WHERE rated_at < ? AND comment IS NOT NULL`).run(before).changes
      );
    },
  };
}

export type FeedbackStore = ReturnType<typeof createFeedbackStore>;
