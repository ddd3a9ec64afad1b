/**
 * The bot database's schema, one numbered step at a time. A step is never edited once released: a
 * change is a new step. `PRAGMA user_version` records the last step applied.
 */
export const MIGRATIONS: readonly { version: number; sql: string }[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) STRICT;
      -- One row per question asked; question text is cleared after the retention period.
      CREATE TABLE questions (
        id INTEGER PRIMARY KEY,
        asked_at INTEGER NOT NULL,
        guild_id TEXT,
        channel_id TEXT,
        user_hash TEXT NOT NULL,
        question TEXT,
        confident INTEGER NOT NULL,
        top_score REAL,
        embedder TEXT NOT NULL,
        latency_ms INTEGER NOT NULL
      ) STRICT;
      CREATE INDEX questions_asked_at ON questions (asked_at);
      CREATE INDEX questions_user ON questions (user_hash);
      CREATE TABLE shown_passages (
        question_id INTEGER NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
        rank INTEGER NOT NULL,
        passage_id TEXT NOT NULL,
        PRIMARY KEY (question_id, rank)
      ) STRICT;
      CREATE INDEX shown_passages_passage ON shown_passages (passage_id);
      -- One rating per person per answer; rating again replaces it.
      CREATE TABLE ratings (
        question_id INTEGER NOT NULL REFERENCES questions (id) ON DELETE CASCADE,
        user_hash TEXT NOT NULL,
        rated_at INTEGER NOT NULL,
        guild_id TEXT,
        channel_id TEXT,
        rating INTEGER NOT NULL CHECK (rating IN (-1, 1)),
        reason TEXT,
        comment TEXT,
        PRIMARY KEY (question_id, user_hash)
      ) STRICT;
      CREATE INDEX ratings_user ON ratings (user_hash);
    `,
  },
  {
    version: 2,
    sql: `
      CREATE TABLE guild_settings (
        guild_id TEXT PRIMARY KEY,
        private_answers INTEGER NOT NULL DEFAULT 0,
        rate_limit_count INTEGER,
        rate_limit_window_seconds INTEGER
      ) STRICT;
      CREATE TABLE guild_channels (
        guild_id TEXT NOT NULL,
        channel_id TEXT NOT NULL,
        PRIMARY KEY (guild_id, channel_id)
      ) STRICT;
      -- Who changed what, for the server's admins and the operator.
      CREATE TABLE settings_log (
        id INTEGER PRIMARY KEY,
        changed_at INTEGER NOT NULL,
        guild_id TEXT NOT NULL,
        user_id TEXT NOT NULL,
        change TEXT NOT NULL
      ) STRICT;
    `,
  },
];

export const SCHEMA_VERSION = MIGRATIONS.at(-1)!.version;
