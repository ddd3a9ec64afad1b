import { randomBytes } from 'node:crypto';
import { DiscordAPIError, type Message, type MessageCreateOptions, type ThreadChannel } from 'discord.js';
import { isUserError } from '../errors.ts';
import { isolate } from '../text/bidi.ts';
import { answerQuestion, type AnswerTarget, type Question } from './answer.ts';
import type { BotContext, Outcome } from './command.ts';
import { botDefaults } from './defaults.ts';
import { escapeUntrusted } from './escape.ts';
import { withFirstQuestion } from './follow-up.ts';
import { redact } from './interactions.ts';
import { truncate } from './limits.ts';
import { messageWords } from './message-text.ts';
import { languageOf, localeLanguage, messages } from './messages/index.ts';
import type { MessageData } from './render.ts';

/** Discord's limit on a thread's name. */
const THREAD_NAME_MAX = 100;

/**
 * `@bot <question>` in a channel: the bot starts a thread from the message and answers there, through
 * the same answer path as `/ask`. A later mention in that thread is a follow-up, searched together with
 * the thread's first question. Outside its own threads, a mention in a thread is answered in place.
 */
export function createMentionHandler({ ctx, secrets = [] }: { ctx: BotContext; secrets?: string[] }) {
  let stopping = false;

  async function handle(message: Message): Promise<void> {
    // Decided from the author and the mention list alone: a message that does not mention the bot is
    // left here, before its content is read; nothing of it is kept (the client caches no messages).
    if (message.author.bot || !message.inGuild() || !message.mentions.users.has(message.client.user.id)) return;
    const started = performance.now();
    const channel = message.channel;
    const followUp = channel.isThread() && channel.ownerId === message.client.user.id;
    const text = messageWords(message.content);
    const lang = languageOf(text, localeLanguage(message.guild.preferredLocale));
    const t = messages(lang);
    const target = messageTarget(message, text, ctx);
    let result: Outcome & { ref?: string } = {};
    try {
      if (stopping) {
        await target.say(t.stopping);
        result = { outcome: 'refused' };
      } else if (text === '') {
        await target.say(t.mentionEmpty);
        result = { outcome: 'user-error' };
      } else {
        const question: Question = { text, perPage: botDefaults.answer.perPage, lang };
        if (followUp) Object.assign(question, await firstQuestionContext(channel, message, text, t.followUpOf));
        result = { outcome: 'ok', ...(await answerQuestion(ctx, target, question)) };
      }
    } catch (error) {
      if (isUserError(error)) {
        result = { outcome: 'user-error' };
        await target.say(error.message).catch(() => undefined);
      } else {
        const ref = randomBytes(3).toString('hex').toUpperCase();
        result = { outcome: 'error', ref };
        ctx.log.error('mention failed', { ref, error: redact(error instanceof Error ? (error.stack ?? error.message) : String(error), secrets) });
        await target.say(t.failed(ref)).catch((e: unknown) => ctx.log.warn('could not send the error reply', { error: redact(String(e), secrets) }));
      }
    }
    ctx.log.info('mention', {
      kind: followUp ? 'follow-up' : 'mention',
      user: message.author.id,
      latencyMs: Math.round(performance.now() - started),
      ...result,
    });
    ctx.log.debug('question', { message: message.id, question: text });
  }

  return {
    handle,
    /** New mentions get a "restarting" reply from now on; answers in progress finish. */
    stop() {
      stopping = true;
    },
  };
}

/**
 * The thread's first question (the message the bot started the thread from) as search context and
 * as the note that says which question was used. A thread whose first message is gone, or that has
 * no words, leaves the follow-up on its own.
 */
async function firstQuestionContext(
  thread: ThreadChannel,
  message: Message,
  text: string,
  note: (question: string) => string,
): Promise<Pick<Question, 'search' | 'note'>> {
  const starter = await thread.fetchStarterMessage().catch(() => null);
  const first = starter && starter.id !== message.id ? messageWords(starter.content) : '';
  if (first === '') return {};
  return { search: withFirstQuestion(text, first), note: note(isolate(truncate(escapeUntrusted(first), 300))) };
}

/**
 * A mention as an answer target. In a channel, `open` starts a thread from the message and everything
 * after goes there; if the thread cannot be made (no permission, a channel without threads), the answer
 * is a reply to the message instead. In a thread, everything goes to the thread.
 */
function messageTarget(message: Message<true>, text: string, ctx: BotContext): AnswerTarget & { say(content: string): Promise<void> } {
  let thread: ThreadChannel | null = message.channel.isThread() ? message.channel : null;
  let answer: Message | null = null;
  const post = (data: MessageCreateOptions) => (thread ? thread.send(data) : message.reply(data));
  return {
    userId: message.author.id,
    guildId: message.guildId,
    channelId: message.channelId,
    channel: message.channel,
    // A thread is public: a server's private-answers setting cannot apply to mentions.
    async open() {
      if (thread) return;
      try {
        thread = await message.startThread({ name: truncate(text, THREAD_NAME_MAX) });
      } catch (error) {
        if (!(error instanceof DiscordAPIError)) throw error;
        // Answering where asked beats not answering; the log says what to grant.
        ctx.log.warn('could not start a thread; replying in the channel (grant Create Public Threads and Send Messages in Threads)', {
          channel: message.channelId,
          code: error.code,
          error: error.message,
        });
      }
    },
    async show(data: MessageData) {
      answer = await post(data);
    },
    async replaceButtons(rows) {
      await answer?.edit({ components: rows });
    },
    async refuse(content) {
      await post({ content });
    },
    async say(content) {
      await post({ content });
    },
  };
}
