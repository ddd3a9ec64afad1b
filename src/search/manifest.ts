import { z } from 'zod';

/** Bumped whenever the layout of `index/` changes; older indexes must be rebuilt. */
export const INDEX_FORMAT_VERSION = 3;

const count = z.number().int().nonnegative();

/** Size and sha256 of one file of the index, taken from the bytes read back after writing it. */
const checksumSchema = z.object({ bytes: count, sha256: z.string().regex(/^[0-9a-f]{64}$/) });

/** One indexed file in the manifest. */
export const fileSchema = z.object({ sha256: z.string(), articles: count, passages: count });

/** `index/manifest.json`: what the index holds and how it was built. */
export const manifestSchema = z.object({
  formatVersion: z.number().int(),
  builtAt: z.string(),
  /** A random id of this build (absent in indexes written before it was recorded). */
  buildId: z.string().optional(),
  /**
   * For an update: the build it updated and that build's slot count. Slots below it hold the parent's
   * passages or are emptied; the slots from it on are appended, and with the model their vectors are
   * also written to `vectors-added.bin`, so that the bot serving the parent can update its vector
   * list in place instead of loading a second copy (README, "Reloading in the bot").
   */
  parent: z.object({ buildId: z.string(), slots: count }).optional(),
  buildMs: count,
  embedder: z.object({
    kind: z.enum(['transformers', 'ngram']),
    /** Hub id or local folder of the model; null for the built-in n-gram embedder. */
    model: z.string().nullable(),
    dtype: z.enum(['q8', 'fp32']).nullable(),
    dimensions: z.number().int().positive(),
    pooling: z.enum(['mean', 'hashed-ngrams']),
    /** For a model: the query/passage prefixes its passages were embedded with, and why (src/embed/prefixes.ts). */
    prefixes: z.object({ query: z.string(), passage: z.string(), rule: z.string() }).optional(),
  }),
  /**
   * The term processing the lexical index (and the n-gram vectors) were built with: queries must use
   * the same. `pipeline` is the fingerprint of normalization, tokenizer, stopwords and stemmer
   * (src/text/fingerprint.ts).
   */
  text: z.object({ stemmer: z.enum(['light10', 'snowball', 'none']), pipeline: z.string().min(1) }),
  hnsw: z.object({ space: z.literal('cosine'), m: count, efConstruction: count, efSearch: count }),
  /** passages: live ones; slots: live and deleted (an update empties slots until the index is compacted). */
  counts: z.object({ files: count, articles: count, passages: count, slots: count, skipped: count }),
  /** Per indexed file: sha256 of its bytes, and how many articles and passages came out of it. */
  files: z.record(z.string(), fileSchema),
  skipped: z.array(z.object({ file: z.string(), reason: z.string() })),
  /** Per file of the index folder (not the manifest itself), by name: checked after writing, before the swap. */
  checksums: z.record(z.string(), checksumSchema),
});

export type Manifest = z.infer<typeof manifestSchema>;
export type Checksum = z.infer<typeof checksumSchema>;

/**
 * The manifest without its per-file records, which run to 10,000 entries at 100k passages and are
 * checked a slice at a time when the bot loads an index (store.ts, loadManifest).
 */
export const manifestHeadSchema = manifestSchema.extend({ files: z.record(z.string(), z.unknown()) });
