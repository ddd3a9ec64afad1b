import { SlashCommandBuilder } from 'discord.js';
import type { Command } from '../command.ts';
import { localeLanguage } from '../messages/index.ts';
import { renderAbout } from '../render-source.ts';

const definition = new SlashCommandBuilder()
  .setName('about')
  .setDescription('What this bot knows: articles, publishers, dates, model, and how to ask.')
  .toJSON();

export const about = {
  definition,

  async execute(interaction, ctx) {
    const stats = ctx.searcher().stats();
    // No question to go by: the user's locale decides the language.
    await interaction.reply(renderAbout(stats, localeLanguage(interaction.locale)));
    return { results: stats.passages };
  },
} satisfies Command;
