import type { Interaction } from 'discord.js';
import type { GuildSettings } from '../store/settings.ts';

/**
 * Null when the bot may answer here, else the private reply that says where to ask. A thread counts
 * as its parent channel, so that allowing a channel allows the conversations in it.
 */
export function refusalOutsideAllowedChannels(interaction: Interaction, settings: GuildSettings): string | null {
  if (settings.channels.length === 0 || interaction.channelId === null) return null;
  const channel = interaction.channel;
  const here = channel?.isThread() ? (channel.parentId ?? interaction.channelId) : interaction.channelId;
  if (settings.channels.includes(here)) return null;
  // Channel mentions render as links to the channel and never notify anyone.
  return `I answer questions in ${settings.channels.map((id) => `<#${id}>`).join(', ')} on this server: ask me there.`;
}
