import { ApplicationCommandType, ContextMenuCommandBuilder, MessageFlags } from 'discord.js';
import { answerQuestion, interactionTarget } from '../answer.ts';
import type { MessageCommand } from '../command.ts';
import { botDefaults } from '../defaults.ts';
import { truncate } from '../limits.ts';
import { messageWords, onlyLinks } from '../message-text.ts';
import { languageOf, localeLanguage, messages } from '../messages/index.ts';

const definition = new ContextMenuCommandBuilder().setName('Find sources').setType(ApplicationCommandType.Message).toJSON();

/**
 * Right-click a message → Apps → Find sources: the passages that concern what the message says,
 * shown only to the one who asked (someone checking a claim need not announce it), with the same
 * citations and pager as `/ask`. A long message is cut to the question limit at a word boundary.
 */
export const findSources = {
  definition,

  async execute(interaction, ctx) {
    const message = interaction.targetMessage;
    const words = messageWords(message.content);
    const lang = languageOf(words, localeLanguage(interaction.locale));
    if (words === '') {
      const t = messages(lang);
      const why = onlyLinks(message.content) ? t.onlyLink : message.embeds.length > 0 || message.attachments.size > 0 ? t.onlyEmbed : t.noText;
      await interaction.reply({ content: why, flags: MessageFlags.Ephemeral });
      return { outcome: 'user-error' };
    }
    const text = truncate(words, botDefaults.answer.maxQuestionChars);
    return answerQuestion(ctx, interactionTarget(interaction, { ephemeral: true }), { text, perPage: botDefaults.answer.perPage, lang });
  },
} satisfies MessageCommand;
