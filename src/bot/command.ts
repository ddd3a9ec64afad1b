import type {
  AutocompleteInteraction,
  ButtonInteraction,
  ChatInputCommandInteraction,
  RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { Logger } from '../log.ts';
import type { Searcher } from '../search/searcher.ts';
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
}
