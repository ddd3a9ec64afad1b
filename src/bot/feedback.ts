import {
  ButtonStyle,
  ComponentType,
  LabelBuilder,
  ModalBuilder,
  StringSelectMenuBuilder,
  TextInputBuilder,
  TextInputStyle,
  type APIActionRowComponent,
  type APIButtonComponent,
  type ButtonInteraction,
  type ModalSubmitInteraction,
} from 'discord.js';
import { RATING_REASONS, type RatingReason } from '../store/feedback.ts';
import type { BotContext, Outcome } from './command.ts';
import type { Messages } from './messages/index.ts';
import { replyPrivately } from './reply.ts';

/** The longest "what was wrong" text kept. */
export const COMMENT_MAX = 300;

const REASON_LABELS: Record<RatingReason, string> = {
  'wrong-passage': 'The passage does not answer the question',
  'not-answered': 'The articles should answer this, but nothing was found',
  'wrong-source': 'Wrong outlet, title or date',
  other: 'Something else',
};

/**
 * Custom ids: `ask:rate:<question id>:up|down` for the buttons, `ask:why:<question id>` for the modal.
 * They belong to /ask, so that its button and modal handlers receive them.
 */
const RATE_ID = /^ask:rate:(\d+):(up|down)$/;
const WHY_ID = /^ask:why:(\d+)$/;

export const isRatingButton = (customId: string) => RATE_ID.test(customId);

/** 👍 and 👎 under an answer; anyone who sees the answer may rate it, once each, changeable. */
export function ratingRow(questionId: number, t: Messages): APIActionRowComponent<APIButtonComponent> {
  const button = (kind: 'up' | 'down', emoji: string, label: string): APIButtonComponent => ({
    type: ComponentType.Button,
    custom_id: `ask:rate:${questionId}:${kind}`,
    style: ButtonStyle.Secondary,
    emoji: { name: emoji },
    label,
  });
  return { type: ComponentType.ActionRow, components: [button('up', '👍', t.helpful), button('down', '👎', t.notHelpful)] };
}

/** The optional "what was wrong?" form that a 👎 opens. */
export function reasonModal(questionId: number): ModalBuilder {
  return new ModalBuilder()
    .setCustomId(`ask:why:${questionId}`)
    .setTitle('What was wrong? (optional)')
    .addLabelComponents(
      new LabelBuilder()
        .setLabel('What was wrong?')
        .setStringSelectMenuComponent(
          new StringSelectMenuBuilder()
            .setCustomId('reason')
            .setRequired(false)
            .setMinValues(0)
            .setMaxValues(1)
            .addOptions(RATING_REASONS.map((value) => ({ value, label: REASON_LABELS[value] }))),
        ),
      new LabelBuilder()
        .setLabel('Anything else?')
        .setTextInputComponent(new TextInputBuilder().setCustomId('details').setStyle(TextInputStyle.Paragraph).setRequired(false).setMaxLength(COMMENT_MAX)),
    );
}

/** 👍/👎: records the rating at once; a 👎 then offers the form (the rating stands if it is dismissed). */
export async function handleRatingButton(interaction: ButtonInteraction, ctx: BotContext): Promise<Outcome> {
  const [, id, kind] = RATE_ID.exec(interaction.customId)!;
  const questionId = Number(id);
  const rating = kind === 'up' ? 1 : -1;
  const before = ctx.store.rate({ questionId, userId: interaction.user.id, guildId: interaction.guildId, channelId: interaction.channelId, rating });
  if (before === 'off') {
    await replyPrivately(interaction, 'Ratings cannot be recorded right now; thank you all the same.');
    return { outcome: 'refused' };
  }
  if (before === undefined) {
    await replyPrivately(interaction, 'This answer can no longer be rated (its record was removed); ask again with `/ask`.');
    return { outcome: 'expired' };
  }
  if (rating === -1) {
    await interaction.showModal(reasonModal(questionId));
    return { outcome: 'ok' };
  }
  await replyPrivately(interaction, before === null ? 'Thanks: your 👍 is recorded.' : before === 1 ? 'You already rated this 👍.' : 'Changed your rating to 👍.');
  return { outcome: 'ok' };
}

/** Both fields are optional, and a submission is client data: a missing field is simply not given. */
function optional<T>(read: () => T, fallback: T): T {
  try {
    return read() ?? fallback;
  } catch {
    return fallback;
  }
}

export const isReasonModal = (customId: string) => WHY_ID.test(customId);

export async function handleReasonModal(interaction: ModalSubmitInteraction, ctx: BotContext): Promise<Outcome> {
  const questionId = Number(WHY_ID.exec(interaction.customId)![1]);
  const picked = optional(() => interaction.fields.getStringSelectValues('reason')[0], undefined);
  const reason: RatingReason = RATING_REASONS.find((r) => r === picked) ?? 'other';
  const details = optional(() => interaction.fields.getTextInputValue('details'), '').trim().slice(0, COMMENT_MAX);
  const saved = ctx.store.explain(questionId, interaction.user.id, reason, details === '' ? null : details);
  await replyPrivately(interaction, saved ? 'Thanks: your 👎 and what was wrong are recorded; they help us choose articles to add.' : 'Your 👎 is recorded; the details could not be saved.');
  return { outcome: saved ? 'ok' : 'refused' };
}
