import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/database.ts';
import { createSettingsStore, DEFAULT_GUILD_SETTINGS } from '../../src/store/settings.ts';

describe('settings store', () => {
  it('answers everywhere, publicly, with the default rate limit until changed', () => {
    const settings = createSettingsStore(openDatabase(':memory:'));
    expect(settings.get('g1')).toEqual(DEFAULT_GUILD_SETTINGS);
  });

  it('applies each change per server and logs who made it', () => {
    const db = openDatabase(':memory:');
    const settings = createSettingsStore(db);
    settings.change('g1', 'admin', { kind: 'channel-add', channelId: 'c2' });
    settings.change('g1', 'admin', { kind: 'channel-add', channelId: 'c1' });
    settings.change('g1', 'admin', { kind: 'channel-add', channelId: 'c1' });
    settings.change('g1', 'admin', { kind: 'answers', privateAnswers: true });
    const after = settings.change('g1', 'other-admin', { kind: 'rate-limit', count: 2, windowSeconds: 60 });
    expect(after).toEqual({ channels: ['c1', 'c2'], privateAnswers: true, rateLimit: { count: 2, windowSeconds: 60 } });
    expect(settings.get('g2')).toEqual(DEFAULT_GUILD_SETTINGS);

    expect(settings.change('g1', 'admin', { kind: 'channel-remove', channelId: 'c2' }).channels).toEqual(['c1']);
    expect(settings.change('g1', 'admin', { kind: 'rate-limit-reset' }).rateLimit).toBeNull();
    const log = db.prepare('SELECT guild_id, user_id, change FROM settings_log ORDER BY id').all() as { user_id: string; change: string }[];
    expect(log).toHaveLength(7);
    expect(log[4]).toMatchObject({ user_id: 'other-admin', change: JSON.stringify({ kind: 'rate-limit', count: 2, windowSeconds: 60 }) });
  });
});
