import { SlashCommandBuilder } from 'discord.js';
import type { Command } from '../command.ts';
import { replyPrivately } from '../reply.ts';

const definition = new SlashCommandBuilder()
  .setName('privacy')
  .setDescription('What this bot stores about you, and how to erase it.')
  .addSubcommand((s) => s.setName('info').setDescription('What is stored about your questions and ratings, and for how long'))
  .addSubcommand((s) => s.setName('forget').setDescription('Erase every question and rating of yours that this bot stored'))
  .toJSON();

export const privacy = {
  definition,

  async execute(interaction, ctx) {
    const reply = (content: string) => replyPrivately(interaction, content);
    if (interaction.options.getSubcommand() === 'info') {
      await reply(
        `For each question I store the time, the server and channel, the question, the passages shown and a pseudonym for you ` +
          `(a keyed hash of your user id, never the id itself); ratings and "what was wrong" notes likewise. ` +
          `Question texts and notes are deleted after ${ctx.retentionDays} days; counts stay. ` +
          `The operator uses them to see what was asked and what went unanswered. \`/privacy forget\` erases all of yours.`,
      );
      return { outcome: 'ok' };
    }
    const removed = ctx.store.forget(interaction.user.id);
    if (removed === null) {
      await reply('I cannot reach my database right now, so nothing was erased; please try again later.');
      return { outcome: 'refused' };
    }
    await reply(removed === 0 ? 'Nothing was stored about you.' : `Done: ${removed} record${removed === 1 ? '' : 's'} about you erased.`);
    return { outcome: 'ok', results: removed };
  },
} satisfies Command;
