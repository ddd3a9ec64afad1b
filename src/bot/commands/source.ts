import { MessageFlags, SlashCommandBuilder } from 'discord.js';
import { isUserError } from '../../errors.ts';
import { stripBidiControls } from '../../text/bidi.ts';
import { escapeUntrusted } from '../escape.ts';
import type { Command } from '../command.ts';
import { LIMITS, truncate } from '../limits.ts';
import { localeLanguage, messages, type Lang } from '../messages/index.ts';
import { renderSource } from '../render-source.ts';
import { suggestSources } from '../suggest.ts';
import type { Searcher } from '../../search/searcher.ts';
import type { SourceView } from '../../types.ts';

const definition = new SlashCommandBuilder()
  .setName('source')
  .setDescription('Show a cited passage in full, with its neighbours and its article.')
  .addStringOption((o) =>
    o.setName('id').setDescription('The source id shown under an /ask result').setRequired(true).setAutocomplete(true).setMaxLength(100),
  )
  .toJSON();

/** Ids may be pasted with bidi marks, spaces or backticks copied from an answer. */
function cleanId(raw: string): string {
  return stripBidiControls(raw).replace(/[`\s]/g, '').toLowerCase();
}

function unknownIdMessage(id: string, lang: Lang): string {
  return messages(lang).unknownId(escapeUntrusted(truncate(id, 40)));
}

export const source = {
  definition,

  async execute(interaction, ctx) {
    const id = cleanId(interaction.options.getString('id', true));
    const lang = localeLanguage(interaction.locale);
    const view = /^[a-z0-9]{1,12}$/.test(id) ? findSource(ctx.searcher(), id) : null;
    if (!view) {
      await interaction.reply({ content: unknownIdMessage(id, lang), flags: MessageFlags.Ephemeral });
      return { outcome: 'user-error', results: 0 };
    }
    const [first, ...rest] = renderSource(view, lang);
    await interaction.reply(first!);
    for (const message of rest) await interaction.followUp(message);
    return { results: 1 };
  },

  async autocomplete(interaction, ctx) {
    const passages = suggestSources(ctx.searcher(), interaction.options.getFocused(), LIMITS.choices);
    const choices = passages.map((p) => ({
      name: choiceName(p.id, p.text),
      value: p.id,
    }));
    await interaction.respond(choices);
    return { results: choices.length };
  },
} satisfies Command;

/** The searcher reports an unknown id as a UserError; anything else is a bug and propagates. */
function findSource(searcher: Searcher, id: string): SourceView | null {
  try {
    return searcher.source(id);
  } catch (error) {
    if (isUserError(error)) return null;
    throw error;
  }
}

/** "<id> · <start of the passage>", at most 100 characters, on one line. */
export function choiceName(id: string, text: string): string {
  const preview = text.replace(/\s+/g, ' ').trim();
  return truncate(`${id} · ${preview}`, LIMITS.choiceName);
}
