import path from 'node:path';
import dotenv from 'dotenv';
import { z } from 'zod';
import { UserError } from './errors.ts';

/**
 * All settings, read from the environment (and `.env`) once and validated here; every other module
 * receives the values it needs. Each setting's meaning, unit, default and range is documented below
 * and in `.env.example`.
 */
const flag = z.enum(['0', '1', 'true', 'false', ''], { error: '1 or 0 (or true or false)' }).transform((v) => v === '1' || v === 'true');
const int = (min: number, max: number) => {
  const must = { error: `a whole number from ${min} to ${max}` };
  return z.coerce.number(must).int(must).min(min, must).max(max, must);
};
const optionalText = z.string().trim().transform((v) => (v === '' ? null : v));
/** A path; left empty (`INDEX_DIR=` in .env) it keeps its default instead of meaning the current folder. */
const folder = (fallback: string) => z.string().trim().transform((v) => v || fallback).prefault('');

const envSchema = z.object({
  /** Folder of `.txt`/`.md` articles to index. */
  SEEDS_DIR: folder('seeds'),
  /** Folder the index is written to and read from. */
  INDEX_DIR: folder('index'),
  /** Cache folder for downloaded models. */
  MODELS_DIR: folder('models'),
  /** Folder of the bot's own database (feedback, usage, server settings); never needed by the index. */
  DATA_DIR: folder('data'),
  /** auto: the real model when it can be loaded, else the offline n-gram embedder with a notice. */
  EMBEDDER: z.enum(['auto', 'transformers', 'ngram']).default('auto'),
  /** Hugging Face hub id or a local model folder. */
  EMBEDDING_MODEL: z.string().trim().min(1, { error: 'a hub id or a local model folder' }).default('Xenova/multilingual-e5-small'),
  /** Weights to load: q8 (quantized, ~3x faster on CPU) or fp32. */
  EMBEDDING_DTYPE: z.enum(['q8', 'fp32']).default('q8'),
  /** 1: never contact the hub; the model must be in MODELS_DIR or a local folder. */
  OFFLINE: flag.default(false),
  /** Passages per embedding batch; 8 was fastest on 2 cores (32 is slower and uses ~1.5 GB). */
  EMBED_BATCH_SIZE: int(1, 256).default(8),
  /** Query/passage prefixes: auto (decided from the model's files, see src/embed/prefixes.ts), e5 ("query: "/"passage: ") or none. */
  EMBEDDING_PREFIXES: z.enum(['auto', 'e5', 'none']).default('auto'),
  /** HNSW graph degree (4–64). Higher: better recall, bigger index. */
  HNSW_M: int(4, 64).default(16),
  /** HNSW build-time candidate list (4–1000). Higher: slower build, better graph. */
  HNSW_EF_CONSTRUCTION: int(4, 1000).default(200),
  /** HNSW query-time candidate list (10–1000). Higher: slower, better recall. */
  HNSW_EF_SEARCH: int(10, 1000).default(100),
  /** Arabic stemmer of the keyword index: light10 (measured better on the dev questions) or snowball. */
  STEMMER: z.enum(['light10', 'snowball']).default('light10'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  DISCORD_TOKEN: optionalText.prefault(''),
  DISCORD_CLIENT_ID: optionalText.prefault(''),
  DISCORD_GUILD_ID: optionalText.prefault(''),
  /** Base URL of the Discord REST API, e.g. for a proxy or the test double. */
  DISCORD_API_URL: optionalText.pipe(z.url().nullable()).prefault(''),
  REGISTER_ON_START: flag.default(false),
  /** Questions one user may ask per window. */
  RATE_LIMIT_COUNT: int(1, 1000).default(5),
  RATE_LIMIT_WINDOW_SECONDS: int(1, 3600).default(30),
  /** Secret for anonymising user ids in the database; empty: one is generated into the database. */
  FEEDBACK_SALT: optionalText.prefault(''),
  /** Days a question's text is kept in the database; older rows keep their counts only. */
  RETENTION_DAYS: int(1, 3650).default(90),
  /** On SIGINT/SIGTERM, seconds replies in progress get to finish before they are abandoned. */
  SHUTDOWN_GRACE_SECONDS: int(0, 600).default(10),
});

export type EmbedderKind = 'transformers' | 'ngram';

export interface Config {
  paths: { seedsDir: string; indexDir: string; modelsDir: string; dataDir: string };
  embed: {
    kind: 'auto' | EmbedderKind;
    model: string;
    /** True when EMBEDDING_MODEL was set; otherwise an existing index's own model is used for queries. */
    modelFromEnv: boolean;
    dtype: 'q8' | 'fp32';
    offline: boolean;
    batchSize: number;
    prefixes: 'auto' | 'e5' | 'none';
  };
  hnsw: { m: number; efConstruction: number; efSearch: number };
  text: { stemmer: 'light10' | 'snowball' };
  log: { level: 'debug' | 'info' | 'warn' | 'error' };
  bot: {
    token: string | null;
    clientId: string | null;
    guildId: string | null;
    apiUrl: string | null;
    registerOnStart: boolean;
    rateLimit: { count: number; windowMs: number };
    shutdownGraceMs: number;
  };
  feedback: { salt: string | null; retentionDays: number };
}

/** Reads `.env` into process.env (existing variables win) and returns the environment. */
export function readEnv(): NodeJS.ProcessEnv {
  dotenv.config({ quiet: true });
  return process.env;
}

/**
 * What a value must be, in words, for a setting whose schema does not say it itself: zod's own
 * messages ("expected number, received NaN") read like the validator, not like a fix.
 */
function expectation(issue: z.core.$ZodRawIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return issue.expected === 'int' ? 'a whole number' : `a ${issue.expected}`;
    case 'invalid_value':
      return `one of ${issue.values.map(String).join(', ')}`;
    case 'too_small':
      return issue.origin === 'string' ? 'not empty' : `at least ${issue.minimum}`;
    case 'too_big':
      return issue.origin === 'string' ? `at most ${issue.maximum} characters` : `at most ${issue.maximum}`;
    case 'invalid_format':
      return issue.format === 'url' ? 'a URL (https://…)' : `a valid ${issue.format}`;
    default:
      return 'a valid value (see .env.example)';
  }
}

/** Parses and validates the environment; every problem becomes one line of one UserError. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const known = Object.fromEntries(
    Object.keys(envSchema.shape).flatMap((key) => (env[key] === undefined ? [] : [[key, env[key]]])),
  );
  const parsed = envSchema.safeParse(known, { error: expectation });
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const key = String(issue.path[0] ?? '');
      return `${key} must be ${issue.message}, got '${env[key] ?? ''}'.`;
    });
    throw new UserError(`Configuration problem (fix it in the environment or .env):\n${lines.join('\n')}`, 'config');
  }
  const e = parsed.data;
  const abs = (p: string) => path.resolve(cwd, p);
  return Object.freeze({
    paths: { seedsDir: abs(e.SEEDS_DIR), indexDir: abs(e.INDEX_DIR), modelsDir: abs(e.MODELS_DIR), dataDir: abs(e.DATA_DIR) },
    embed: {
      kind: e.EMBEDDER,
      model: e.EMBEDDING_MODEL,
      modelFromEnv: known.EMBEDDING_MODEL !== undefined,
      dtype: e.EMBEDDING_DTYPE,
      offline: e.OFFLINE,
      batchSize: e.EMBED_BATCH_SIZE,
      prefixes: e.EMBEDDING_PREFIXES,
    },
    hnsw: { m: e.HNSW_M, efConstruction: e.HNSW_EF_CONSTRUCTION, efSearch: e.HNSW_EF_SEARCH },
    text: { stemmer: e.STEMMER },
    log: { level: e.LOG_LEVEL },
    bot: {
      token: e.DISCORD_TOKEN,
      clientId: e.DISCORD_CLIENT_ID,
      guildId: e.DISCORD_GUILD_ID,
      apiUrl: e.DISCORD_API_URL,
      registerOnStart: e.REGISTER_ON_START,
      rateLimit: { count: e.RATE_LIMIT_COUNT, windowMs: e.RATE_LIMIT_WINDOW_SECONDS * 1000 },
      shutdownGraceMs: e.SHUTDOWN_GRACE_SECONDS * 1000,
    },
    feedback: { salt: e.FEEDBACK_SALT, retentionDays: e.RETENTION_DAYS },
  });
}
