import type { Channel } from 'discord.js';
import type { GuildSettings } from '../store/settings.ts';

/**
 * Null when the bot may answer in `channel`, else the channels where it does (for "ask me in …"). A
 * thread counts as its parent channel, so that allowing a channel allows the conversations in it.
 */
export function allowedChannelsElsewhere(from: { channelId: string | null; channel: Channel | null } | undefined, settings: GuildSettings): string[] | null {
  if (settings.channels.length === 0 || !from?.channelId) return null;
  const channel = from.channel;
  const here = channel?.isThread() ? (channel.parentId ?? from.channelId) : from.channelId;
  return settings.channels.includes(here) ? null : settings.channels;
}
