import { MessageFlags, type Interaction } from 'discord.js';

/**
 * Shows `content` to the user only, whatever state the interaction is in. A deferred public reply
 * is deleted first so a private problem never shows up in the channel.
 */
export async function replyPrivately(interaction: Interaction, content: string): Promise<void> {
  if (interaction.isAutocomplete()) {
    if (!interaction.responded) await interaction.respond([]);
    return;
  }
  if (!interaction.isRepliable()) return;
  const message = { content, flags: MessageFlags.Ephemeral } as const;
  if (interaction.deferred && !interaction.replied) {
    if (!interaction.ephemeral) {
      await interaction.deleteReply().catch(() => undefined);
      await interaction.followUp(message);
    } else {
      await interaction.editReply({ content, embeds: [], components: [] });
    }
  } else if (interaction.replied) {
    await interaction.followUp(message);
  } else {
    await interaction.reply(message);
  }
}
