import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.ts';

/** The problem lines of the UserError loadConfig throws for `env`. */
function problems(env: NodeJS.ProcessEnv): string[] {
  try {
    loadConfig(env);
  } catch (error) {
    const [head, ...lines] = (error as Error).message.split('\n');
    expect(head).toBe('Configuration problem (fix it in the environment or .env):');
    return lines;
  }
  throw new Error('loadConfig accepted ' + JSON.stringify(env));
}

describe('configuration errors', () => {
  it.each([
    // numbers
    { env: { RATE_LIMIT_COUNT: 'abc' }, line: "RATE_LIMIT_COUNT must be a whole number from 1 to 1000, got 'abc'." },
    { env: { EMBED_BATCH_SIZE: '2.5' }, line: "EMBED_BATCH_SIZE must be a whole number from 1 to 256, got '2.5'." },
    { env: { HNSW_M: '0' }, line: "HNSW_M must be a whole number from 4 to 64, got '0'." },
    { env: { RATE_LIMIT_WINDOW_SECONDS: '99999' }, line: "RATE_LIMIT_WINDOW_SECONDS must be a whole number from 1 to 3600, got '99999'." },
    // booleans
    { env: { OFFLINE: 'yes' }, line: "OFFLINE must be 1 or 0 (or true or false), got 'yes'." },
    // enums
    { env: { EMBEDDER: 'openai' }, line: "EMBEDDER must be one of auto, transformers, ngram, got 'openai'." },
    { env: { LOG_LEVEL: 'verbose' }, line: "LOG_LEVEL must be one of debug, info, warn, error, got 'verbose'." },
    // paths, model ids and URLs
    { env: { EMBEDDING_MODEL: '  ' }, line: "EMBEDDING_MODEL must be a hub id or a local model folder, got '  '." },
    { env: { DISCORD_API_URL: 'discord api' }, line: "DISCORD_API_URL must be a URL (https://…), got 'discord api'." },
  ])('says: $line', ({ env, line }) => {
    expect(problems(env)).toEqual([line]);
  });

  it('reports every bad setting, one line each, and never in the validator\'s words', () => {
    const lines = problems({ RATE_LIMIT_COUNT: 'abc', STEMMER: 'porter', REGISTER_ON_START: '2' });
    expect(lines).toHaveLength(3);
    for (const line of lines) expect(line).not.toMatch(/expected|received|Invalid|NaN/);
  });

  it('leaves empty paths at their defaults', () => {
    expect(loadConfig({ INDEX_DIR: '' }, '/srv/bot').paths.indexDir).toBe('/srv/bot/index');
  });
});
