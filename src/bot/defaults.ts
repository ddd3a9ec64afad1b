/**
 * The bot's tunables in one place (what an operator may change is in src/config.ts instead).
 * Measured with `npm run bench` on 2 cores: see README, "Measured".
 */
export const botDefaults = {
  /** How long `/ask` result buttons keep working. */
  pagerTtlMs: 10 * 60_000,
  /**
   * Button sessions remembered at most; the least recently used one loses its buttons first. Each
   * holds up to 15 results, so this bounds their memory (unbounded, 300 questions cost ~20 MB).
   */
  maxPagerSessions: 1000,
  /**
   * Searches run one at a time: they are CPU work on the bot's single thread, so running more at
   * once would not finish sooner, and between two searches the event loop acknowledges every
   * interaction that arrived meanwhile.
   */
  searchConcurrency: 1,
  /**
   * Questions waiting for a search at most (a memory bound; the wait below is what normally refuses):
   * beyond it, the next one is told at once that the bot is busy.
   */
  maxWaitingSearches: 5000,
  /** A question whose search cannot start within this long is told that the bot is busy. */
  maxSearchWaitMs: 8_000,
  /**
   * discord.js' client-side global request limit. Its default (50/s) is Discord's global limit, which
   * interaction endpoints (the only ones the bot uses after start-up) are not bound by; at 50/s the
   * answers to a burst of 1,000 questions would queue for 20 s or more. A real 429 is still obeyed.
   */
  restRequestsPerSecond: 1000,
  /**
   * `/source` autocomplete: typed characters looked at (the option's own maximum), words matched, the
   * time one suggestion may scan for (p95 under 20 ms at 50k passages in the bench), and passages
   * folded per event-loop turn while the lookup warms up after an index is loaded.
   */
  autocomplete: { maxTyped: 100, maxWords: 4, budgetMs: 5, warmChunk: 1000 },
  /**
   * Questions (`/ask`, mentions, Find sources): the longest question taken (Find sources cuts a longer
   * message to this many characters at a word boundary instead of refusing it), and the results fetched
   * per question, which the buttons page through, and passages per page when the asker does not say.
   */
  answer: { maxQuestionChars: 500, fetchLimit: 15, perPage: 3 },
} as const;

/** The tunables as values a test or an operator may change (numbers, not the literals above). */
export type BotTunables = { [K in keyof typeof botDefaults]: (typeof botDefaults)[K] extends number ? number : (typeof botDefaults)[K] };
