import type { Logger } from '../log.ts';
import { timeSlicer } from './slices.ts';
import { INDEX_FILES, readAddedVectors, readGraph, type IndexData } from './store.ts';
import type { VectorIndex } from './vector.ts';

/** How a new index's vector list is put in service beside (or in place of) the one being served. */
export const reloadDefaults = {
  /**
   * A new index whose graph file is larger than this is loaded only after the served graph is freed,
   * so that two are never held at once (at 100k passages of 384 dimensions a graph is ~170 MB); the
   * questions of that second or two are answered from keywords and sentences alone. A smaller graph
   * loads while the served one keeps answering.
   */
  releaseGraphAboveBytes: 64 * 1024 * 1024,
  /**
   * An update that appended more vectors than this is loaded anew rather than added in place: each
   * takes 1–3 ms on the bot's thread at 100k passages (2,000 is ~200 articles and a few seconds),
   * while loading a whole graph takes a second or two on hnswlib's thread.
   */
  maxAddedInPlace: 2000,
};

export type ReloadTunables = typeof reloadDefaults;

/**
 * The slots the served index holds and `next` has emptied, when `next` is an update of exactly the
 * served index (built from it, and its graph not yet updated for anything else); else null. Kept slots
 * must hold the same ids, which catches any other mismatch.
 */
function removedSince(served: IndexData, next: IndexData, maxAdded: number): number[] | null {
  const { parent } = next.manifest;
  const vectors = served.vectors;
  if (!parent || !vectors || vectors.isReleased || parent.buildId !== served.manifest.buildId) return null;
  if (parent.slots !== served.passages.slots || vectors.size !== parent.slots || next.passages.slots < parent.slots) return null;
  if (next.passages.slots - parent.slots > maxAdded) return null;
  if (next.manifest.embedder.dimensions !== vectors.dimensions || !(INDEX_FILES.addedVectors in next.manifest.checksums)) return null;
  const [before, after] = [served.passages.table.list.ids, next.passages.table.list.ids];
  const removed: number[] = [];
  for (let slot = 0; slot < parent.slots; slot++) {
    if (after[slot] === before[slot]) continue;
    if (after[slot] !== '') return null;
    removed.push(slot);
  }
  return removed;
}

/**
 * The vector list for `next` (read without its graph), given the index served until now: the served
 * graph updated in place, a few milliseconds at a time, when `next` is an update of it (the build
 * wrote the vectors it appended to `vectors-added.bin`); else the graph loaded from its file, on
 * hnswlib's thread, after freeing the served one when the new graph is large.
 */
export async function graphFor(
  dir: string,
  next: IndexData,
  served: IndexData | null,
  tunables: ReloadTunables,
  log: Logger,
): Promise<{ vectors: VectorIndex; how: 'updated in place' | 'loaded' | 'loaded after freeing the served graph' }> {
  const removed = served ? removedSince(served, next, tunables.maxAddedInPlace) : null;
  if (served?.vectors && removed) {
    const added = await readAddedVectors(dir, next);
    await served.vectors.update(removed, added, served.passages.slots, timeSlicer());
    served.vectors.setEf(next.manifest.hnsw.efSearch);
    return { vectors: served.vectors, how: 'updated in place' };
  }
  const bytes = next.manifest.checksums[INDEX_FILES.vectors]?.bytes ?? 0;
  if (served?.vectors && !served.vectors.isReleased && bytes > tunables.releaseGraphAboveBytes) {
    log.info('freeing the served vector list before loading the new one; questions meanwhile are answered from keywords', {
      graphMb: Math.round(bytes / 2 ** 20),
    });
    served.vectors.release();
    return { vectors: await readGraph(dir, next), how: 'loaded after freeing the served graph' };
  }
  return { vectors: await readGraph(dir, next), how: 'loaded' };
}
