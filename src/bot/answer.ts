import { MessageFlags, type RepliableInteraction } from 'discord.js';
import { isUserError, UserError } from '../errors.ts';
import { validateQuestion } from '../search/question.ts';
import type { BotContext, Outcome } from './command.ts';
import { botDefaults } from './defaults.ts';
import { messages, type Lang, type Messages } from './messages/index.ts';
import { pageCount, renderAnswer, type MessageData } from './render.ts';
import { replyPrivately } from './reply.ts';
import { QueueRefusal } from './search-queue.ts';

/**
 * Where an answer goes: an interaction's reply (`/ask`, Find sources) or a thread (mentions). The one
 * answer path below drives it, so every way of asking gets the same limits, search, embeds and pager.
 */
export interface AnswerTarget {
  /** Who asked: rate-limited, and the only one who may page. */
  userId: string;
  /** Acknowledges the question before its search may wait its turn (defer, or start the thread). */
  open(): Promise<void>;
  /** Shows the answer in place of the acknowledgement. */
  show(message: MessageData): Promise<void>;
  /** Removes the buttons once the pager has forgotten the answer. */
  clearButtons(): Promise<void>;
  /** Tells the asker why there is no answer (privately where the surface allows it). */
  refuse(content: string): Promise<void>;
}

export interface Question {
  /** The asker's words, as shown in the answer. */
  text: string;
  /** What is searched, when more than the asker's words (a follow-up with its thread's first question). */
  search?: string;
  perPage: number;
  lang: Lang;
  /** A line shown under the answer's lead (already escaped). */
  note?: string;
}

export async function answerQuestion(ctx: BotContext, target: AnswerTarget, question: Question): Promise<Outcome> {
  const t = messages(question.lang);
  // Checked before acknowledging, so that a bad question gets a private, instant answer.
  checkQuestion(question.text, t);
  const waitMs = ctx.limiter.take(target.userId);
  if (waitMs > 0) {
    await target.refuse(t.rateLimited(Math.ceil(waitMs / 1000)));
    return { outcome: 'rate-limited' };
  }
  if (ctx.searches.full) {
    await target.refuse(t.busy);
    return { outcome: 'busy' };
  }

  // Acknowledge first: Discord wants it within 3 s, and the search may have to wait its turn.
  await target.open();
  // Keep this searcher for the whole question even if the index is reloaded meanwhile.
  const searcher = ctx.searcher();
  let found;
  try {
    found = await ctx.searches.run(() => searcher.search(question.search ?? question.text, { limit: botDefaults.answer.fetchLimit }));
  } catch (error) {
    if (!(error instanceof QueueRefusal)) throw error;
    await target.refuse(error.outcome === 'busy' ? t.busy : t.stopping);
    return { outcome: error.outcome };
  }
  // The answer echoes the asker's words, not the words a follow-up borrowed from its thread.
  const response = { ...found, query: question.text };
  const { perPage, lang, note } = question;
  const paged = pageCount(response.results.length, perPage) > 1;
  const sessionId = paged
    ? ctx.pager.open({
        userId: target.userId,
        response,
        perPage,
        lang,
        note,
        onExpire: () =>
          target.clearButtons().catch((error: unknown) => {
            ctx.log.debug('could not remove expired buttons', { error: String(error) });
          }),
      })
    : null;
  await target.show(renderAnswer(response, { page: 0, perPage, sessionId, lang, note }));
  return { results: response.results.length, confident: response.confident };
}

/** The search's question check, with its message in the asker's language. */
function checkQuestion(text: string, t: Messages): void {
  const max = botDefaults.answer.maxQuestionChars;
  try {
    validateQuestion(text, max);
  } catch (error) {
    if (!isUserError(error)) throw error;
    throw new UserError(localizedProblem(error, text, max, t), error.code);
  }
}

function localizedProblem(error: UserError, text: string, max: number, t: Messages): string {
  switch (error.code) {
    case 'empty-question':
      return t.emptyQuestion;
    case 'no-words':
      return t.noWords;
    case 'too-long':
      return t.tooLong(text.trim().length, max);
    default:
      return error.message;
  }
}

/** An interaction as an answer target; `ephemeral` keeps the whole answer private (Find sources). */
export function interactionTarget(interaction: RepliableInteraction, options: { ephemeral?: boolean } = {}): AnswerTarget {
  return {
    userId: interaction.user.id,
    open: async () => {
      await interaction.deferReply(options.ephemeral ? { flags: MessageFlags.Ephemeral } : {});
    },
    show: async (message) => {
      await interaction.editReply(message);
    },
    clearButtons: async () => {
      await interaction.editReply({ components: [] });
    },
    refuse: (content) => replyPrivately(interaction, content),
  };
}
