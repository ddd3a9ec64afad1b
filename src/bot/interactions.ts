import { randomBytes } from 'node:crypto';
import type { Interaction } from 'discord.js';
import { isUserError } from '../errors.ts';
import type { BotContext, Command, MessageCommand, Outcome } from './command.ts';
import { en } from './messages/en.ts';
import { languageOf, localeLanguage, messages, type Messages } from './messages/index.ts';
import { replyPrivately } from './reply.ts';

export const STOPPING_MESSAGE = en.stopping;

export interface HandlerOptions {
  commands: readonly Command[];
  /** Message context-menu commands (right-click a message → Apps). */
  messageCommands?: readonly MessageCommand[];
  ctx: BotContext;
  /** Text to remove from anything logged (the token). */
  secrets?: string[];
}

/**
 * Routes one interaction to its command, guarantees it gets a reply, and logs one line about it.
 * Problems the user can fix are shown to them; anything else is logged under a ref they can quote.
 */
export function createInteractionHandler({ commands, messageCommands = [], ctx, secrets = [] }: HandlerOptions) {
  const byName = new Map(commands.map((c) => [c.definition.name, c]));
  const messageByName = new Map(messageCommands.map((c) => [c.definition.name, c]));
  let stopping = false;

  async function handle(interaction: Interaction): Promise<void> {
    const started = performance.now();
    const { kind, name } = describeInteraction(interaction);
    let result: Outcome & { ref?: string } = {};
    try {
      result = { outcome: 'ok', ...(await route(interaction, name)) };
    } catch (error) {
      const t = messages(languageFor(interaction));
      if (isUserError(error)) {
        result = { outcome: 'user-error' };
        await safeReply(interaction, error.message);
      } else {
        const ref = randomBytes(3).toString('hex').toUpperCase();
        result = { outcome: 'error', ref };
        ctx.log.error('interaction failed', { ref, kind, command: name, error: redact(describe(error), secrets) });
        await safeReply(interaction, t.failed(ref));
      }
    }
    ctx.log.info('interaction', {
      kind,
      command: name,
      user: interaction.user.id,
      latencyMs: Math.round(performance.now() - started),
      ...result,
    });
    if (interaction.isChatInputCommand() && name === 'ask') {
      ctx.log.debug('question', { interaction: interaction.id, question: interaction.options.getString('question') });
    }
  }

  async function route(interaction: Interaction, name: string | undefined): Promise<Outcome> {
    const command = name === undefined ? undefined : byName.get(name);
    const t: Messages = messages(languageFor(interaction));
    if (stopping) {
      await replyPrivately(interaction, t.stopping);
      return { outcome: 'refused' };
    }
    if (interaction.isChatInputCommand() && command) return command.execute(interaction, ctx);
    if (interaction.isMessageContextMenuCommand()) {
      const messageCommand = messageByName.get(interaction.commandName);
      if (messageCommand) return messageCommand.execute(interaction, ctx);
    }
    if (interaction.isAutocomplete()) {
      if (command?.autocomplete) return command.autocomplete(interaction, ctx);
    } else if (interaction.isButton()) {
      if (command?.button) return command.button(interaction, ctx);
      await replyPrivately(interaction, t.inactiveButton);
      return { outcome: 'expired' };
    } else if (interaction.isModalSubmit()) {
      if (command?.modal) return command.modal(interaction, ctx);
      await replyPrivately(interaction, 'This form is no longer active; run the command again.');
      return { outcome: 'expired' };
    }
    await replyPrivately(interaction, t.unknownCommand);
    return { outcome: 'user-error' };
  }

  async function safeReply(interaction: Interaction, content: string): Promise<void> {
    try {
      await replyPrivately(interaction, content);
    } catch (error) {
      ctx.log.warn('could not send the error reply', { error: redact(describe(error), secrets) });
    }
  }

  return {
    handle,
    /** New interactions get a polite refusal from now on; in-flight ones finish. */
    stop() {
      stopping = true;
    },
  };
}

/** Buttons and modals are routed by the command name their custom id starts with (`ask:<session>:<page>`). */
function describeInteraction(interaction: Interaction): { kind: string; name: string | undefined } {
  if (interaction.isChatInputCommand()) return { kind: 'command', name: interaction.commandName };
  if (interaction.isAutocomplete()) return { kind: 'autocomplete', name: interaction.commandName };
  if (interaction.isButton()) return { kind: 'button', name: interaction.customId.split(':')[0] };
  if (interaction.isModalSubmit()) return { kind: 'modal', name: interaction.customId.split(':')[0] };
  if (interaction.isMessageContextMenuCommand()) return { kind: 'message-command', name: interaction.commandName };
  return { kind: 'other', name: undefined };
}

/** The language of the bot's words: the question's script when there is a question, else the user's locale. */
function languageFor(interaction: Interaction): 'ar' | 'en' {
  const locale = localeLanguage('locale' in interaction ? interaction.locale : null);
  if (interaction.isChatInputCommand()) return languageOf(interaction.options.getString('question') ?? '', locale);
  if (interaction.isMessageContextMenuCommand()) return languageOf(interaction.targetMessage.content, locale);
  return locale;
}

function describe(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

/** Real tokens are ~70 characters; a very short "secret" would only mangle ordinary words. */
export function redact(text: string, secrets: string[]): string {
  return secrets.filter((s) => s.length >= 8).reduce((t, s) => t.split(s).join('[redacted]'), text);
}
