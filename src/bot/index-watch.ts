import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../log.ts';
import type { Searcher } from '../search/searcher.ts';
import { INDEX_FILES } from '../search/store.ts';

export interface IndexWatchOptions {
  indexDir: string;
  /**
   * Opens the new index; must not block the event loop for long (openSearcher reads asynchronously
   * and, given the serving searcher, updates its vector list in place for an update of it).
   */
  load: () => Promise<Searcher>;
  /** Puts the new searcher in service; returns the one it replaced, which is closed after `retireMs`. */
  onReload: (searcher: Searcher) => Searcher | void;
  log: Logger;
  /** The longest time between two checks of manifest.json (checks also run every debounceMs, if sooner). */
  intervalMs?: number;
  /** How long the manifest must stay unchanged before it is loaded. */
  debounceMs?: number;
  /** How long a replaced searcher stays open for the questions still running on it. */
  retireMs?: number;
}

/**
 * Reloads the index when `npm run index` rebuilds or updates it. The new index loads asynchronously
 * (passage texts stay on disk; an update's vectors are added to the served graph in slices, a new
 * graph loads on hnswlib's thread) while the old one keeps answering, so the event loop is never held
 * for long (the bench measures the longest stall). The build swaps the whole folder in by
 * rename, which an fs.watch on the old folder would miss, so this polls the manifest's identity
 * (inode, size, mtime) instead: cheap, and it survives the folder being replaced.
 */
export function watchIndex(options: IndexWatchOptions): { close(): Promise<void> } {
  const { indexDir, load, onReload, log, intervalMs = 2000, debounceMs = 1000, retireMs = 60_000 } = options;
  const retiring = new Set<{ searcher: Searcher; timer: NodeJS.Timeout }>();
  const retire = (searcher: Searcher) => {
    const entry = {
      searcher,
      timer: setTimeout(() => {
        retiring.delete(entry);
        void searcher.close().catch(() => {});
      }, retireMs).unref(),
    };
    retiring.add(entry);
  };
  const manifest = path.join(indexDir, INDEX_FILES.manifest);
  let current: string | null = null;
  let pending: { signature: string; since: number } | null = null;
  let closed = false;
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> = Promise.resolve();

  const signatureOf = async () => {
    try {
      const s = await stat(manifest);
      return `${s.ino}:${s.size}:${s.mtimeMs}`;
    } catch {
      return null; // mid-swap or removed: keep serving the loaded index
    }
  };

  const tick = async () => {
    const signature = await signatureOf();
    if (signature === null || signature === current) {
      pending = null;
      return;
    }
    if (pending?.signature !== signature) {
      pending = { signature, since: Date.now() };
      return;
    }
    if (Date.now() - pending.since < debounceMs) return;
    pending = null;
    current = signature;
    const started = performance.now();
    try {
      const searcher = await load();
      if (closed) return void (await searcher.close());
      const replaced = onReload(searcher);
      if (replaced) retire(replaced);
      log.info('index reloaded', {
        builtAt: searcher.manifest.builtAt,
        passages: searcher.manifest.counts.passages,
        loadMs: Math.round(performance.now() - started),
      });
    } catch (error) {
      log.warn('index changed but could not be loaded; still serving the previous one', {
        error: error instanceof Error ? error.message : String(error),
      });
    }
  };

  const schedule = () => {
    if (closed) return;
    timer = setTimeout(() => {
      running = tick()
        .catch((error: unknown) => log.warn('index check failed', { error: String(error) }))
        .finally(schedule);
    }, Math.min(intervalMs, Math.max(50, debounceMs))).unref();
  };

  void signatureOf().then((signature) => {
    current = signature;
    schedule();
  });

  return {
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      await running;
      for (const { searcher, timer: pending } of retiring) {
        clearTimeout(pending);
        await searcher.close().catch(() => {});
      }
      retiring.clear();
    },
  };
}
