import { MessageFlags, SlashCommandBuilder } from 'discord.js';
import { validateQuestion } from '../../search/question.ts';
import type { Command } from '../command.ts';
import { pageCount, renderAnswer } from '../render.ts';

const MAX_QUESTION = 500;
const DEFAULT_RESULTS = 3;
/** Results fetched per question; the buttons page through them. */
const FETCH_LIMIT = 15;

const definition = new SlashCommandBuilder()
  .setName('ask')
  .setDescription('Ask a question about the Nagorno-Karabakh news articles; the answer cites its sources.')
  .addStringOption((o) =>
    o.setName('question').setDescription('Your question, in Arabic or English').setRequired(true).setMaxLength(MAX_QUESTION),
  )
  .addIntegerOption((o) =>
    o.setName('results').setDescription(`Passages per page (1–5, default ${DEFAULT_RESULTS})`).setMinValue(1).setMaxValue(5),
  )
  .toJSON();

export const ask = {
  definition,

  async execute(interaction, ctx) {
    const question = interaction.options.getString('question', true);
    // Discord enforces 1–5 on the option; clamp anyway so a stale definition cannot break paging.
    const perPage = Math.min(5, Math.max(1, interaction.options.getInteger('results') ?? DEFAULT_RESULTS));
    // Checked before deferring, so that a bad question gets a private, instant answer.
    validateQuestion(question, MAX_QUESTION);
    const waitMs = ctx.limiter.take(interaction.user.id);
    if (waitMs > 0) {
      const seconds = Math.ceil(waitMs / 1000);
      await interaction.reply({
        content: `You are asking faster than I can keep up; please wait ${seconds} s before your next question.`,
        flags: MessageFlags.Ephemeral,
      });
      return { outcome: 'rate-limited' };
    }

    await interaction.deferReply();
    // Keep this searcher for the whole question even if the index is reloaded meanwhile.
    const searcher = ctx.searcher();
    const response = await searcher.search(question, { limit: FETCH_LIMIT });
    // Off-corpus answers start without passages; their button needs a session like the pager's.
    const hidden = !response.confident && !response.partial && response.results.length > 0;
    const paged = pageCount(response.results.length, perPage) > 1;
    const sessionId = paged || hidden
      ? ctx.pager.open({
          userId: interaction.user.id,
          response,
          perPage,
          onExpire: async () => {
            await interaction.editReply({ components: [] }).catch((error: unknown) => {
              ctx.log.debug('could not remove expired buttons', { error: String(error) });
            });
          },
        })
      : null;
    await interaction.editReply(renderAnswer(response, { page: 0, perPage, sessionId, hideUnsure: true }));
    return { results: response.results.length, confident: response.confident };
  },

  async button(interaction, ctx) {
    const [, sessionId = '', pageText = ''] = interaction.customId.split(':');
    const session = ctx.pager.get(sessionId);
    if (!session) {
      await interaction.reply({
        content: 'These result buttons have expired; run `/ask` again to see more passages.',
        flags: MessageFlags.Ephemeral,
      });
      return { outcome: 'expired' };
    }
    if (session.userId !== interaction.user.id) {
      await interaction.reply({
        content: 'Only the person who asked can page through these results; use `/ask` to ask your own question.',
        flags: MessageFlags.Ephemeral,
      });
      return { outcome: 'refused' };
    }
    const page = Number.parseInt(pageText, 10);
    if (!Number.isInteger(page)) {
      await interaction.deferUpdate();
      return { outcome: 'ok' };
    }
    await interaction.update(renderAnswer(session.response, { page, perPage: session.perPage, sessionId }));
    return { results: session.response.results.length, confident: session.response.confident };
  },
} satisfies Command;
