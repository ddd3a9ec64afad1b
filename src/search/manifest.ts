import type { EmbedderInfo } from '../embed/embedder.ts';
import type { StemmerName } from '../text/stem.ts';

/** Bumped whenever the layout of `index/` or the text normalization changes; older indexes must be rebuilt. */
export const INDEX_FORMAT_VERSION = 2;

/** `index/manifest.json`: what the index holds and how it was built. */
export interface Manifest {
  formatVersion: number;
  builtAt: string;
  buildMs: number;
  embedder: EmbedderInfo;
  /** The term processing the lexical index was built with; queries must use the same. */
  text: { stemmer: StemmerName };
  hnsw: { space: 'cosine'; m: number; efConstruction: number; efSearch: number };
  /** passages: live ones; slots: live and deleted (an update empties slots until the index is compacted). */
  counts: { files: number; articles: number; passages: number; slots: number; skipped: number };
  /** Per indexed file: sha256 of its bytes, and how many articles and passages came out of it. */
  files: Record<string, { sha256: string; articles: number; passages: number }>;
  skipped: { file: string; reason: string }[];
}
