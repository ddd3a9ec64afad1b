import { close, fstat, open, readSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import type { ArticleMeta, Passage } from '../types.ts';
import { yieldToLoop } from './slices.ts';
import { DamagedFile } from './validate.ts';

/**
 * Article metadata and passage ids by slot ('' for a deleted slot). On disk: `passages.json` holds the
 * articles, `ids.txt` the ids (one a line), `passages.bin` per slot where its text sits in `texts.bin`
 * and which article and paragraph it is, `texts.bin` the texts, UTF-8, back to back.
 */
export interface StoredPassageList {
  articles: ArticleMeta[];
  ids: string[];
}

/** What `ids.txt` may hold on a line of a live slot (src/ingest/passages.ts makes them). */
const ID = /^[a-z0-9]{1,32}$/;

/**
 * Columns of `passages.bin`, one Int32 each per slot. ORDER is the slot's rank in file order (files
 * by path, then slot): a full build's slot order, which ties in ranking fall back to, so that an updated
 * index ranks exactly as a rebuilt one.
 */
const COLUMNS = 5;
const [OFFSET, BYTES, ARTICLE, PARAGRAPH, ORDER] = [0, 1, 2, 3, 4];

/** The passages of an index as written: appended to, never rewritten, until the index is compacted. */
export interface PassageTable {
  list: StoredPassageList;
  rows: Int32Array;
}

/** Packs passages into slots `from`.. of a table whose texts already take `textBytes` bytes. */
export function packPassages(passages: Passage[], into: PassageTable = { list: { articles: [], ids: [] }, rows: new Int32Array(0) }, textBytes = 0): { table: PassageTable; texts: Buffer } {
  const articles = [...into.list.articles];
  const ids = [...into.list.ids];
  const position = new Map<ArticleMeta, number>();
  const base = ids.length;
  const rows = new Int32Array((base + passages.length) * COLUMNS);
  rows.set(into.rows);
  const texts = passages.map((p) => Buffer.from(p.text, 'utf8'));
  let offset = textBytes;
  passages.forEach((p, i) => {
    if (!position.has(p.article)) position.set(p.article, articles.push(p.article) - 1);
    const row = (base + i) * COLUMNS;
    rows[row + OFFSET] = offset;
    rows[row + BYTES] = texts[i]!.length;
    rows[row + ARTICLE] = position.get(p.article)!;
    rows[row + PARAGRAPH] = p.paragraph;
    offset += texts[i]!.length;
    ids.push(p.id);
  });
  return { table: inFileOrder({ list: { articles, ids }, rows }), texts: Buffer.concat(texts) };
}

/** Sets the ORDER column: live slots ranked by file path, then slot. */
function inFileOrder(table: PassageTable): PassageTable {
  const { rows, list } = table;
  const file = (slot: number) => list.articles[rows[slot * COLUMNS + ARTICLE]!]?.file ?? '';
  const live = list.ids.flatMap((id, slot) => (id ? [slot] : []));
  live.sort((a, b) => (file(a) < file(b) ? -1 : file(a) > file(b) ? 1 : a - b));
  live.forEach((slot, rank) => (rows[slot * COLUMNS + ORDER] = rank));
  return table;
}

/** The same table with `removed` slots emptied (their texts stay in texts.bin until compaction). */
export function removeSlots(table: PassageTable, removed: ReadonlySet<number>): PassageTable {
  const rows = table.rows.slice();
  const ids = table.list.ids.map((id, slot) => (removed.has(slot) ? '' : id));
  for (const slot of removed) rows[slot * COLUMNS + ARTICLE] = -1;
  return inFileOrder({ list: { articles: table.list.articles, ids }, rows });
}

/**
 * The passages of a loaded index. Only ids, article metadata and a 16-byte row per passage are held
 * in memory; a passage's text is read from `texts.bin` when asked for (a few microseconds from the
 * page cache), so a 100k-passage index costs a few MB of heap and two loaded indexes never hold two
 * copies of the texts.
 */
export class PassageStore {
  private constructor(
    readonly table: PassageTable,
    /** A plain descriptor (not a FileHandle, which Node closes with a warning when it is collected). */
    private readonly texts: number,
    private readonly bySlot: Map<string, number>,
  ) {}

  /**
   * Opens the passages of an index: `articles` from passages.json, the rest from the files. The checks
   * and the id map run in slices, so that a reload in the bot never holds the event loop for long.
   */
  static async open(files: { ids: string; rows: string; texts: string }, articles: ArticleMeta[]): Promise<PassageStore> {
    const bytes = await readFile(files.rows);
    if (bytes.byteLength % (COLUMNS * 4) !== 0) throw new DamagedFile('passages.bin', `does not hold whole rows of ${COLUMNS} numbers`);
    // A copy: Int32Array needs an aligned start, which a small file read into Node's buffer pool may lack.
    const rows = new Int32Array(bytes.byteLength / 4);
    new Uint8Array(rows.buffer).set(bytes);
    const slots = rows.length / COLUMNS;
    const text = await readFile(files.ids, 'utf8');
    const ids = slots === 0 ? [] : text.split('\n');
    if (ids.length !== slots) throw new DamagedFile('ids.txt', `lists ${ids.length} ids for the ${slots} rows of passages.bin`);
    const bySlot = new Map<string, number>();
    for (let slot = 0; slot < slots; slot++) {
      const id = ids[slot]!;
      if (id !== '') {
        if (!ID.test(id)) throw new DamagedFile('ids.txt', `line ${slot + 1} is not a passage id`);
        const article = rows[slot * COLUMNS + ARTICLE]!;
        if (articles[article] === undefined) throw new DamagedFile('passages.bin', `names article ${article} for passage ${id}, which passages.json does not list`);
        bySlot.set(id, slot);
      }
      if (slot % 5_000 === 4_999) await yieldToLoop();
    }
    const texts = await promisify(open)(files.texts, 'r');
    const store = new PassageStore({ list: { articles, ids }, rows }, texts, bySlot);
    const last = slots - 1;
    const size = (await promisify(fstat)(texts)).size;
    if (last >= 0 && rows[last * COLUMNS + OFFSET]! + rows[last * COLUMNS + BYTES]! > size) {
      await store.close();
      throw new DamagedFile('texts.bin', 'is shorter than passages.bin says');
    }
    return store;
  }

  /** Slots, deleted ones included: labels of the keyword and vector indexes range over them. */
  get slots(): number {
    return this.table.list.ids.length;
  }

  get count(): number {
    return this.bySlot.size;
  }

  slotOf(id: string): number | undefined {
    return this.bySlot.get(id);
  }

  isLive(slot: number): boolean {
    return this.table.list.ids[slot] !== '' && slot < this.slots;
  }

  /** The slot's rank in file order, for breaking ties the way a full rebuild would. */
  orderOf(slot: number): number {
    return this.table.rows[slot * COLUMNS + ORDER]!;
  }

  articleOf(slot: number): number {
    return this.table.rows[slot * COLUMNS + ARTICLE]!;
  }

  text(slot: number): string {
    const row = slot * COLUMNS;
    const buffer = Buffer.allocUnsafe(this.table.rows[row + BYTES]!);
    readSync(this.texts, buffer, 0, buffer.length, this.table.rows[row + OFFSET]!);
    return buffer.toString('utf8');
  }

  /** The passage in a slot; the slot must be live. */
  get(slot: number): Passage {
    const row = slot * COLUMNS;
    return {
      id: this.table.list.ids[slot]!,
      text: this.text(slot),
      article: this.table.list.articles[this.table.rows[row + ARTICLE]!]!,
      paragraph: this.table.rows[row + PARAGRAPH]!,
    };
  }

  /** Live slots, in order. */
  *liveSlots(): Generator<number> {
    for (let slot = 0; slot < this.slots; slot++) if (this.isLive(slot)) yield slot;
  }

  /** Articles that still have a passage. */
  liveArticles(): ArticleMeta[] {
    const seen = new Set<number>();
    for (const slot of this.liveSlots()) seen.add(this.articleOf(slot));
    return [...seen].map((a) => this.table.list.articles[a]!);
  }

  close(): Promise<void> {
    return promisify(close)(this.texts);
  }
}
