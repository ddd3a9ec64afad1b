import type { Db } from './database.ts';

/** Where and how the bot answers in one server. */
export interface GuildSettings {
  /** Channels where /ask answers; empty means everywhere. */
  channels: string[];
  /** Answers are private (only the asker sees them) by default. */
  privateAnswers: boolean;
  /** Per-user question limit in this server; null keeps the bot's configured default. */
  rateLimit: { count: number; windowSeconds: number } | null;
}

export type SettingsChange =
  | { kind: 'channel-add'; channelId: string }
  | { kind: 'channel-remove'; channelId: string }
  | { kind: 'answers'; privateAnswers: boolean }
  | { kind: 'rate-limit'; count: number; windowSeconds: number }
  | { kind: 'rate-limit-reset' };

export const DEFAULT_GUILD_SETTINGS: GuildSettings = Object.freeze({ channels: [], privateAnswers: false, rateLimit: null });

export function createSettingsStore(db: Db) {
  const channels = db.prepare(`SELECT channel_id FROM guild_channels WHERE guild_id = ? ORDER BY channel_id`).pluck();
  const row = db.prepare(`SELECT private_answers, rate_limit_count, rate_limit_window_seconds FROM guild_settings WHERE guild_id = ?`);
  const ensure = db.prepare(`INSERT INTO guild_settings (guild_id) VALUES (?) ON CONFLICT DO NOTHING`);
  const log = db.prepare(`INSERT INTO settings_log (changed_at, guild_id, user_id, change) VALUES (?, ?, ?, ?)`);

  function get(guildId: string): GuildSettings {
    const r = row.get(guildId) as { private_answers: number; rate_limit_count: number | null; rate_limit_window_seconds: number | null } | undefined;
    return {
      channels: channels.all(guildId) as string[],
      privateAnswers: r?.private_answers === 1,
      rateLimit: r?.rate_limit_count != null && r.rate_limit_window_seconds != null ? { count: r.rate_limit_count, windowSeconds: r.rate_limit_window_seconds } : null,
    };
  }

  return {
    get,
    /** Applies one change, logs who made it, and returns the settings after it. */
    change: db.transaction((guildId: string, userId: string, change: SettingsChange, at = Date.now()): GuildSettings => {
      ensure.run(guildId);
      switch (change.kind) {
        case 'channel-add':
          db.prepare(`INSERT INTO guild_channels (guild_id, channel_id) VALUES (?, ?) ON CONFLICT DO NOTHING`).run(guildId, change.channelId);
          break;
        case 'channel-remove':
          db.prepare(`DELETE FROM guild_channels WHERE guild_id = ? AND channel_id = ?`).run(guildId, change.channelId);
          break;
        case 'answers':
          db.prepare(`UPDATE guild_settings SET private_answers = ? WHERE guild_id = ?`).run(change.privateAnswers ? 1 : 0, guildId);
          break;
        case 'rate-limit':
          db.prepare(`UPDATE guild_settings SET rate_limit_count = ?, rate_limit_window_seconds = ? WHERE guild_id = ?`).run(change.count, change.windowSeconds, guildId);
          break;
        case 'rate-limit-reset':
          db.prepare(`UPDATE guild_settings SET rate_limit_count = NULL, rate_limit_window_seconds = NULL WHERE guild_id = ?`).run(guildId);
          break;
      }
      log.run(at, guildId, userId, JSON.stringify(change));
      return get(guildId);
    }),
  };
}

export type SettingsStore = ReturnType<typeof createSettingsStore>;
