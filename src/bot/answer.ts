import { MessageFlags, type Channel, type RepliableInteraction } from 'discord.js';
import { isUserError, UserError } from '../errors.ts';
import { describeEmbedder } from '../embed/embedder.ts';
import { parseDateBound, parseFilter, type SearchFilter } from '../search/filter.ts';
import { validateQuestion } from '../search/question.ts';
import type { Searcher } from '../search/searcher.ts';
import { DEFAULT_GUILD_SETTINGS } from '../store/settings.ts';
import { isolate } from '../text/bidi.ts';
import { allowedChannelsElsewhere } from './allowed-channels.ts';
import { escapeUntrusted } from './escape.ts';
import { truncate } from './limits.ts';
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
  /** Where the question was asked: the server's settings (allowed channels, privacy, rate limit) apply. */
  guildId: string | null;
  channelId: string | null;
  /** The channel object when known (a thread counts as its parent for the allowed channels). */
  channel: Channel | null;
  /**
   * Acknowledges the question before its search may wait its turn (defer, or start the thread);
   * `privately` when the server wants answers seen by the asker only (where the surface allows it).
   */
  open(privately: boolean): Promise<void>;
  /** Shows the answer in place of the acknowledgement. */
  show(message: MessageData): Promise<void>;
  /** Replaces the answer's buttons once the pager has forgotten it (the 👍/👎 row stays). */
  replaceButtons(rows: MessageData['components']): Promise<void>;
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
  /** What `/ask` narrowed the search to (publisher:, since:, until:), as typed. */
  filter?: SearchFilter;
}

export async function answerQuestion(ctx: BotContext, target: AnswerTarget, question: Question): Promise<Outcome> {
  const started = performance.now();
  const t = messages(question.lang);
  // Checked before acknowledging, so that a bad question gets a private, instant answer.
  checkQuestion(question.text, t);
  // Keep this searcher for the whole question even if the index is reloaded meanwhile.
  const searcher = ctx.searcher();
  const filter = question.filter ?? {};
  checkFilter(filter, searcher, t);
  const settings = target.guildId ? ctx.store.settings(target.guildId) : DEFAULT_GUILD_SETTINGS;
  const allowed = allowedChannelsElsewhere(target, settings);
  if (allowed) {
    await target.refuse(t.askElsewhere(allowed.map((id) => `<#${id}>`).join(', ')));
    return { outcome: 'refused' };
  }
  const limit = settings.rateLimit ? { count: settings.rateLimit.count, windowMs: settings.rateLimit.windowSeconds * 1000 } : undefined;
  const waitMs = ctx.limiter.take(target.userId, limit);
  if (waitMs > 0) {
    await target.refuse(t.rateLimited(Math.ceil(waitMs / 1000)));
    return { outcome: 'rate-limited' };
  }
  if (ctx.searches.full) {
    await target.refuse(t.busy);
    return { outcome: 'busy' };
  }

  // Acknowledge first: Discord wants it within 3 s, and the search may have to wait its turn.
  await target.open(settings.privateAnswers);
  let found;
  try {
    found = await ctx.searches.run(() => searcher.search(question.search ?? question.text, { ...filter, limit: botDefaults.answer.fetchLimit }));
  } catch (error) {
    if (!(error instanceof QueueRefusal)) throw error;
    await target.refuse(error.outcome === 'busy' ? t.busy : t.stopping);
    return { outcome: error.outcome };
  }
  // The answer echoes the asker's words, not the words a follow-up borrowed from its thread.
  const response = { ...found, query: question.text };
  const { perPage, lang, note } = question;
  const questionId = ctx.store.logQuestion({
    guildId: target.guildId,
    channelId: target.channelId,
    userId: target.userId,
    question: question.text,
    confident: response.confident,
    topScore: response.results[0]?.score ?? null,
    embedder: describeEmbedder(searcher.manifest.embedder),
    latencyMs: performance.now() - started,
    shown: response.results.slice(0, perPage).map((r) => r.passage.id),
  });
  const paged = pageCount(response.results.length, perPage) > 1;
  // Off-corpus answers start without passages; their "show the closest" button needs a session like the pager's.
  const hidden = !response.confident && !response.partial && response.results.length > 0;
  const sessionId = paged || hidden
    ? ctx.pager.open({
        userId: target.userId,
        response,
        perPage,
        lang,
        note,
        questionId,
        onExpire: () =>
          // The pager goes; the rating buttons stay (ratings live in the database, not in memory).
          target.replaceButtons(renderAnswer(response, { page: 0, perPage, sessionId: null, lang, note, questionId, hideUnsure: true }).components).catch((error: unknown) => {
            ctx.log.debug('could not remove expired buttons', { error: String(error) });
          }),
      })
    : null;
  await target.show(renderAnswer(response, { page: 0, perPage, sessionId, lang, note, questionId, hideUnsure: true }));
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

/** The search's filter check against this index, with its message in the asker's language. */
function checkFilter(filter: SearchFilter, searcher: Searcher, t: Messages): void {
  try {
    parseFilter(filter, { publishers: searcher.publishers() });
  } catch (error) {
    if (!isUserError(error)) throw error;
    throw new UserError(localizedFilterProblem(error, filter, searcher.publishers(), t), error.code);
  }
}

function localizedFilterProblem(error: UserError, filter: SearchFilter, publishers: string[], t: Messages): string {
  const typed = (value = '') => isolate(escapeUntrusted(truncate(value.trim(), 60)));
  switch (error.code) {
    case 'unknown-publisher': {
      const known = publishers.slice(0, 5).map((name) => isolate(escapeUntrusted(truncate(name, 60))));
      return t.unknownPublisher(typed(filter.publisher), known.length === 0 ? null : known.join(t.listSeparator));
    }
    case 'bad-date': {
      // One code for both problems: a date that does not parse, or two that do but are swapped.
      const bad = (['since', 'until'] as const).find((name) => !isDate(filter[name], name));
      return bad ? t.badDate(bad, typed(filter[bad])) : t.datesSwapped(typed(filter.since), typed(filter.until));
    }
    default:
      return error.message;
  }
}

function isDate(value: string | undefined, name: 'since' | 'until'): boolean {
  if (value === undefined || value.trim() === '') return true;
  try {
    parseDateBound(value, name);
    return true;
  } catch {
    return false;
  }
}

/** An interaction as an answer target; `ephemeral` keeps the whole answer private (Find sources). */
export function interactionTarget(interaction: RepliableInteraction, options: { ephemeral?: boolean } = {}): AnswerTarget {
  return {
    userId: interaction.user.id,
    guildId: interaction.guildId,
    channelId: interaction.channelId,
    channel: interaction.channel,
    open: async (privately) => {
      await interaction.deferReply(options.ephemeral || privately ? { flags: MessageFlags.Ephemeral } : {});
    },
    show: async (message) => {
      await interaction.editReply(message);
    },
    replaceButtons: async (rows) => {
      await interaction.editReply({ components: rows });
    },
    refuse: (content) => replyPrivately(interaction, content),
  };
}
