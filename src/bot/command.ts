import type {
  AutocompleteInteraction,
  ButtonInteraction,
  ChatInputCommandInteraction,
  MessageContextMenuCommandInteraction,
  ModalSubmitInteraction,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
  RESTPostAPIContextMenuApplicationCommandsJSONBody,
} from 'discord.js';
import type { Logger } from '../log.ts';
import type { Searcher } from '../search/searcher.ts';
import type { BotStore } from '../store/bot-store.ts';
import type { Pager } from './pager.ts';
import type { RateLimiter } from './rate-limit.ts';
import type { SearchQueue } from './search-queue.ts';

/** What the handlers share. `searcher()` returns the current index; a handler keeps the one it got. */
export interface BotContext {
  searcher(): Searcher;
  log: Logger;
  limiter: RateLimiter;
  pager: Pager;
  searches: SearchQueue;
  /** Feedback, usage log and per-server settings; answers go out even when it is off. */
  store: BotStore;
  /** Days question texts are kept (shown by /privacy). */
  retentionDays: number;
  /** The configured per-user limit, for servers that did not set their own. */
  defaultRateLimit: { count: number; windowMs: number };
}

/** What a handler reports for the interaction's log line. */
export interface Outcome {
  outcome?: 'ok' | 'user-error' | 'rate-limited' | 'busy' | 'expired' | 'refused' | 'error';
  results?: number;
  confident?: boolean;
}

/** One slash command: its definition (what registration sends) next to its handlers. */
export interface Command {
  definition: RESTPostAPIChatInputApplicationCommandsJSONBody;
  execute(interaction: ChatInputCommandInteraction, ctx: BotContext): Promise<Outcome>;
  autocomplete?(interaction: AutocompleteInteraction, ctx: BotContext): Promise<Outcome>;
  /** Handles buttons whose custom id starts with `<command name>:`. */
  button?(interaction: ButtonInteraction, ctx: BotContext): Promise<Outcome>;
  /** Handles modal submissions whose custom id starts with `<command name>:`. */
  modal?(interaction: ModalSubmitInteraction, ctx: BotContext): Promise<Outcome>;
}

/** A message context-menu command (right-click a message → Apps → its name). */
export interface MessageCommand {
  definition: RESTPostAPIContextMenuApplicationCommandsJSONBody;
  execute(interaction: MessageContextMenuCommandInteraction, ctx: BotContext): Promise<Outcome>;
}
