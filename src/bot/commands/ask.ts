import { MessageFlags, SlashCommandBuilder } from 'discord.js';
import { answerQuestion, interactionTarget } from '../answer.ts';
import type { Command } from '../command.ts';
import { botDefaults } from '../defaults.ts';
import { handleRatingButton, handleReasonModal, isRatingButton, isReasonModal } from '../feedback.ts';
import { languageOf, localeLanguage, messages } from '../messages/index.ts';
import { publisherChoices } from '../publisher-choices.ts';
import { renderAnswer } from '../render.ts';

const MAX_QUESTION = botDefaults.answer.maxQuestionChars;
const DEFAULT_RESULTS = botDefaults.answer.perPage;
/** `2023-09-20` with room for stray spaces; longer text is no date. */
const DATE_MAX = 20;

const definition = new SlashCommandBuilder()
  .setName('ask')
  .setDescription('Ask a question about the Nagorno-Karabakh news articles; the answer cites its sources.')
  .addStringOption((o) =>
    o.setName('question').setDescription('Your question, in Arabic or English').setRequired(true).setMaxLength(MAX_QUESTION),
  )
  .addIntegerOption((o) =>
    o.setName('results').setDescription(`Passages per page (1–5, default ${DEFAULT_RESULTS})`).setMinValue(1).setMaxValue(5),
  )
  .addStringOption((o) =>
    o.setName('publisher').setDescription('Only articles from this outlet (suggested as you type)').setAutocomplete(true).setMaxLength(100),
  )
  .addStringOption((o) =>
    o.setName('since').setDescription('Only articles published on or after: 2023, 2023-09 or 2023-09-20').setMaxLength(DATE_MAX),
  )
  .addStringOption((o) =>
    o.setName('until').setDescription('Only articles published on or before: 2023, 2023-09 or 2023-09-20').setMaxLength(DATE_MAX),
  )
  .toJSON();

export const ask = {
  definition,

  async execute(interaction, ctx) {
    const question = interaction.options.getString('question', true);
    // Discord enforces 1–5 on the option; clamp anyway so a stale definition cannot break paging.
    const perPage = Math.min(5, Math.max(1, interaction.options.getInteger('results') ?? DEFAULT_RESULTS));
    const lang = languageOf(question, localeLanguage(interaction.locale));
    const filter = {
      publisher: interaction.options.getString('publisher') ?? undefined,
      since: interaction.options.getString('since') ?? undefined,
      until: interaction.options.getString('until') ?? undefined,
    };
    return answerQuestion(ctx, interactionTarget(interaction), { text: question, perPage, lang, filter });
  },

  async autocomplete(interaction, ctx) {
    // publisher: is the only option with suggestions.
    const choices = publisherChoices(ctx.searcher(), interaction.options.getFocused());
    await interaction.respond(choices);
    return { results: choices.length };
  },

  async modal(interaction, ctx) {
    if (isReasonModal(interaction.customId)) return handleReasonModal(interaction, ctx);
    await interaction.reply({ content: 'This form is no longer active.', flags: MessageFlags.Ephemeral });
    return { outcome: 'expired' };
  },

  async button(interaction, ctx) {
    if (isRatingButton(interaction.customId)) return handleRatingButton(interaction, ctx);
    const [, sessionId = '', pageText = ''] = interaction.customId.split(':');
    const session = ctx.pager.get(sessionId);
    // Whoever clicked reads the refusal: in their locale, not the asker's language.
    const t = messages(localeLanguage(interaction.locale));
    if (!session) {
      await interaction.reply({ content: t.expired, flags: MessageFlags.Ephemeral });
      return { outcome: 'expired' };
    }
    if (session.userId !== interaction.user.id) {
      await interaction.reply({ content: t.notYours, flags: MessageFlags.Ephemeral });
      return { outcome: 'refused' };
    }
    const page = Number.parseInt(pageText, 10);
    if (!Number.isInteger(page)) {
      await interaction.deferUpdate();
      return { outcome: 'ok' };
    }
    const { response, perPage, lang, note, questionId } = session;
    await interaction.update(renderAnswer(response, { page, perPage, sessionId, lang, note, questionId }));
    return { results: session.response.results.length, confident: session.response.confident };
  },
} satisfies Command;
