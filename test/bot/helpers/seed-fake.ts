import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../../../src/errors.ts';
import type { Manifest } from '../../../src/search/manifest.ts';
import type { IndexStats, Searcher } from '../../../src/search/searcher.ts';
import type { ArticleMeta, Passage, SearchResponse } from '../../../src/types.ts';
import { SEEDS_DIR } from '../../helpers/seed-index.ts';


/** Real paragraphs of the seed articles: one per non-trivial line of each file. */
export function seedPassages(): Passage[] {
  const passages: Passage[] = [];
  for (const file of readdirSync(SEEDS_DIR).filter((f) => f.endsWith('.txt')).sort()) {
    const lines = readFileSync(path.join(SEEDS_DIR, file), 'utf8').split('\n').map((l) => l.trim());
    const title = lines.find((l) => l.length > 20) ?? null;
    const article: ArticleMeta = {
      file,
      articleIndex: 0,
      title,
      publisher: file.startsWith('000') ? 'الجزيرة' : null,
      published: file.startsWith('000') ? '2023-09-23' : null,
    };
    lines
      .filter((l) => l.length >= 60)
      .forEach((text, i) => {
        const id = BigInt('0x' + createHash('sha256').update(file + text).digest('hex').slice(0, 12)).toString(36).slice(0, 8);
        passages.push({ id, text, article, paragraph: i + 1 });
      });
  }
  return passages;
}

const words = (text: string) => text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

/**
 * A tiny Searcher over the real seed paragraphs with naive word-overlap ranking and fixed stats, for
 * unit tests that need exact, stable values (render, index reload). Handler tests use the real index.
 */
export function createSeedFakeSearcher(options: { delayMs?: number } = {}): Searcher {
  const passages = seedPassages();
  const byId = new Map(passages.map((p) => [p.id, p]));
  const manifest: Manifest = {
    formatVersion: 2,
    builtAt: '2026-11-24T18:00:00.000Z',
    buildMs: 1234,
    embedder: { kind: 'ngram', model: null, dtype: null, dimensions: 256, pooling: 'hashed-ngrams' },
    text: { stemmer: 'light10', pipeline: 'fake' },
    hnsw: { space: 'cosine', m: 16, efConstruction: 200, efSearch: 100 },
    counts: { files: 5, articles: 5, passages: passages.length, slots: passages.length, skipped: 0 },
    files: {},
    skipped: [],
    checksums: { passages: { bytes: 0, sha256: '0'.repeat(64) }, vectors: { bytes: 0, sha256: '0'.repeat(64) }, lexical: { bytes: 0, sha256: '0'.repeat(64) } },
  };
  return {
    manifest,
    async close() {},
    async search(query, { limit = 5 } = {}): Promise<SearchResponse> {
      if (query.trim() === '' || !/[\p{L}\p{N}]/u.test(query)) throw new UserError('Please ask a question with words in it.');
      if (query.length > 2000) throw new UserError('The question is too long; keep it under 2000 characters.');
      if (options.delayMs) await new Promise((r) => setTimeout(r, options.delayMs));
      const q = new Set(words(query));
      const scored = passages
        .map((p) => ({ p, score: words(p.text).filter((w) => q.has(w)).length }))
        .sort((a, b) => b.score - a.score)
        .slice(0, limit);
      const results = scored.map(({ p, score }) => {
        const sentences = p.text.split(/(?<=[.!?؟])\s+/);
        const sentence = sentences.reduce((best, s) => (overlap(s, q) > overlap(best, q) ? s : best), sentences[0]!);
        return { passage: p, score, sentence, alsoIn: [] };
      });
      return { query, confident: (scored[0]?.score ?? 0) >= 3, results, skippedUndated: 0, filter: null };
    },
    source(id) {
      const passage = byId.get(id);
      if (!passage) throw new UserError(`No passage has the id "${id}".`);
      const same = passages.filter((p) => p.article.file === passage.article.file);
      const i = same.indexOf(passage);
      return { passage, before: same.slice(Math.max(0, i - 1), i), after: same.slice(i + 1, i + 2) };
    },
    suggest(typed, limit = 25) {
      const t = typed.trim().toLowerCase();
      if (t === '') return passages.slice(0, limit);
      const byPrefix = passages.filter((p) => p.id.startsWith(t));
      const tw = words(t);
      const byWords = passages.filter((p) => !byPrefix.includes(p) && tw.length > 0 && tw.every((w) => p.text.includes(w)));
      return [...byPrefix, ...byWords].slice(0, limit);
    },
    stats(): IndexStats {
      return {
        files: 5,
        articles: 5,
        passages: passages.length,
        publishers: ['الجزيرة'],
        dateRange: { from: '2020-11-10', to: '2023-09-23' },
        embedder: manifest.embedder,
        builtAt: manifest.builtAt,
      };
    },
    publishers: () => ['الجزيرة'],
  };
}

function overlap(sentence: string, q: Set<string>): number {
  return words(sentence).filter((w) => q.has(w)).length;
}
