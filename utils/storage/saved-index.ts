/**
 * The search index of the library, kept in step with `library` inside the transactions that write records,
 * so a failure leaves everything as it was.
 *
 * Reads want one posting per term (term → sorted story keys: a search is a few reads and an intersection in
 * memory); writes want few requests (each IndexedDB request costs 0.1–1 ms in Chromium, and a story has ~500
 * terms). So the index is in two parts, like a log-structured merge:
 * - `postings`: merged, one run of rows per term (CHUNK_MAX keys each);
 * - `recent`: stories saved since the last merge, one row each with a multi-entry index on its terms (a save is
 *   one row write; IndexedDB updates the index internally), and `gone`: removed stories whose keys are still in
 *   `postings`, with the terms to remove them from.
 * A term's keys are (postings ∪ recent) − gone. `mergeIndex` moves `recent` and `gone` into `postings` in
 * batches (when a save, or the idle library page, finds MERGE_AT waiting); a bulk write (import, undo of
 * "delete all", the schema upgrade) goes straight into `postings`.
 */
import Dexie from 'dexie';
import type { FacetRow, IndexTables, LibraryTables, PostingRow, SavedRecord, SavedStory } from './library-rows';
import {
  baseKey,
  CATEGORY_FACET,
  normalizeSaved,
  PAIR_FACET,
  pairTerm,
  recordTerms,
  storyTagPairs,
  TAG_FACET,
} from './saved-record';
import { sortedKeys, subtract, union, unionAll } from './sorted-keys';

/**
 * Unmerged rows (recent + gone) from which a save, or the library page when idle, starts a merge. Reading the
 * unmerged part costs a search a few ms per hundred stories; a merge costs ~60–400 ms per story (below).
 */
const MERGE_AT = 300;
/**
 * Stories merged per transaction. Each touches ~500 postings (two requests each) and a search waits for the
 * transaction running when it starts: ~2 s for 10 stories at 10,000 (docs/bench.md). Smaller batches wait less
 * but write the terms they share more often.
 */
const MERGE_BATCH = 10;
/** From this many records at once, a write goes straight into `postings`. */
export const BULK_AT = 50;

type TermKeys = Map<string, number[]>;

function collect(rows: readonly { key: number; terms: readonly string[] }[]): TermKeys {
  const out: TermKeys = new Map();
  for (const r of rows) {
    for (const term of r.terms) {
      const keys = out.get(term);
      if (keys) keys.push(r.key);
      else out.set(term, [r.key]);
    }
  }
  return out;
}

const withTerms = (records: readonly SavedRecord[]) => records.map((r) => ({ key: r.key, terms: recordTerms(r) }));

/** Keys per posting row: a term's posting is cut into rows of at most this many (32 KB). */
export const CHUNK_MAX = 4096;
/** The `start` of a term's last row, its "tail": new keys go there, and it is read with a plain get. */
const TAIL = Number.MAX_SAFE_INTEGER;

/**
 * Applies additions and removals to `postings`. A term's posting is a run of rows `[term, start]`, each at
 * most CHUNK_MAX keys: sealed rows (start = their first key) and the tail (start = TAIL), in key order. When
 * every changed key falls in the tail (new saves, removing recent ones) only the tail is read (one batched get)
 * and rewritten; otherwise the term's rows are read and cut again. Into an empty index (import, upgrade, undo
 * of "delete all") it writes without reading.
 */
async function writePostings(tables: IndexTables, adds: TermKeys, dels: TermKeys): Promise<void> {
  const terms = [...new Set([...adds.keys(), ...dels.keys()])];
  if (terms.length === 0) return;
  const fresh = (await tables.postings.limit(1).primaryKeys()).length === 0;
  const tails = fresh ? [] : await tables.postings.bulkGet(terms.map((t): [string, number] => [t, TAIL]));
  const puts: PostingRow[] = [];
  const gone: [string, number][] = [];
  await Promise.all(
    terms.map(async (term, i) => {
      const add = sortedKeys(adds.get(term) ?? []);
      const del = sortedKeys(dels.get(term) ?? []);
      const lo = Math.min(add[0] ?? Infinity, del[0] ?? Infinity);
      const tail = tails[i];
      let rows: PostingRow[] = [];
      if (tail && lo >= tail.keys[0]!) rows = [tail];
      else if (!fresh) {
        rows = await tables.postings
          .where('[term+start]')
          .between([term, Dexie.minKey], [term, Dexie.maxKey])
          .toArray();
      }
      const keys = union(subtract(rows.length === 1 ? rows[0]!.keys : concat(rows.map((r) => r.keys)), del), add);
      const pieces = Math.ceil(keys.length / CHUNK_MAX);
      const size = Math.ceil(keys.length / Math.max(1, pieces));
      const starts = new Set<number>();
      for (let p = 0; p < pieces; p++) {
        const piece = keys.slice(p * size, (p + 1) * size);
        const start = p === pieces - 1 ? TAIL : piece[0]!;
        starts.add(start);
        puts.push({ term, start, keys: piece });
      }
      for (const r of rows) if (!starts.has(r.start)) gone.push([term, r.start]);
    }),
  );
  // Deletes first: a new row may take the place of one removed here.
  if (gone.length) await tables.postings.bulkDelete(gone);
  if (puts.length) await tables.postings.bulkPut(puts);
}

function facetOf(term: string): Omit<FacetRow, 'count'> | undefined {
  if (term.startsWith(TAG_FACET)) return { term, kind: 'tag', value: term.slice(TAG_FACET.length) };
  if (term.startsWith(CATEGORY_FACET)) return { term, kind: 'category', value: term.slice(CATEGORY_FACET.length) };
  if (term.startsWith(PAIR_FACET)) return { term, kind: 'pair', value: term.slice(PAIR_FACET.length) };
  return undefined;
}

/** Moves the tag and category counts by +1 (added) or −1 (removed) per story. */
async function countFacets(tables: IndexTables, records: readonly SavedRecord[], sign: 1 | -1): Promise<void> {
  const delta = new Map<string, number>();
  for (const r of records) {
    const pairs = storyTagPairs(r.story, r.tags).map(([en, ko]) => pairTerm(en, ko));
    for (const term of new Set([...r.tags.map((t) => TAG_FACET + t), CATEGORY_FACET + r.category, ...pairs])) {
      delta.set(term, (delta.get(term) ?? 0) + sign);
    }
  }
  const terms = [...delta.keys()];
  if (terms.length === 0) return;
  const rows = await tables.facets.bulkGet(terms);
  const puts: FacetRow[] = [];
  const dels: string[] = [];
  terms.forEach((term, i) => {
    const count = (rows[i]?.count ?? 0) + delta.get(term)!;
    if (count > 0) puts.push({ ...facetOf(term)!, count });
    else if (rows[i]) dels.push(term);
  });
  await Promise.all([
    puts.length ? tables.facets.bulkPut(puts) : undefined,
    dels.length ? tables.facets.bulkDelete(dels) : undefined,
  ]);
}

/** Indexes new records (already in `library`) straight into `postings` and the facet counts. */
export async function indexIntoPostings(tables: IndexTables, records: readonly SavedRecord[]): Promise<void> {
  await writePostings(tables, collect(withTerms(records)), new Map());
  await countFacets(tables, records, 1);
}

/** Indexes new records (already in `library`): a few as `recent` rows, many straight into `postings`. */
export async function indexAdded(tables: IndexTables, records: readonly SavedRecord[]): Promise<void> {
  if (records.length === 0) return;
  if (records.length >= BULK_AT) return indexIntoPostings(tables, records);
  await tables.recent.bulkPut(withTerms(records));
  await countFacets(tables, records, 1);
}

/** Unindexes removed records: an unmerged one loses its `recent` row, a merged one gets a `gone` row. */
export async function indexRemoved(tables: IndexTables, records: readonly SavedRecord[]): Promise<void> {
  if (records.length === 0) return;
  const keys = records.map((r) => r.key);
  const unmerged = new Set((await tables.recent.where(':id').anyOf(keys).primaryKeys()) as number[]);
  const merged = records.filter((r) => !unmerged.has(r.key));
  await Promise.all([
    unmerged.size ? tables.recent.bulkDelete([...unmerged]) : undefined,
    merged.length ? tables.gone.bulkPut(withTerms(merged)) : undefined,
  ]);
  await countFacets(tables, records, -1);
}

/** Keys that a new story must not take: in the library, or still in `postings` for a removed story. */
export async function takenKeys(tables: LibraryTables, from?: number) {
  const range = (t: IndexTables['gone'] | LibraryTables['library']) =>
    from === undefined ? t.toCollection() : t.where(':id').aboveOrEqual(from).limit(4096);
  const [a, b] = await Promise.all([range(tables.library).primaryKeys(), range(tables.gone).primaryKeys()]);
  return new Set([...(a as number[]), ...(b as number[])]);
}

/**
 * Gives each story a free key after `savedAt × KEY_SLOTS` (`taken` is updated), so stories saved in the same
 * millisecond, or imported with the same time, keep distinct keys in time order.
 */
export function assignKeys(items: readonly SavedStory[], taken: Set<number>): SavedRecord[] {
  return items.map((item) => {
    let key = baseKey(item.savedAt);
    while (taken.has(key)) key++;
    taken.add(key);
    return { ...normalizeSaved(item), key };
  });
}

/** Reads the index consistently within the caller's transaction: a term's keys are (postings ∪ recent) − gone. */
export interface IndexReader {
  /** Keys of the stories having `term`, ascending. */
  keys(term: string): Promise<Float64Array>;
  /** Keys of the stories having a term that starts with `prefix`, ascending. */
  prefixKeys(prefix: string): Promise<Float64Array>;
}

export async function indexReader(tables: IndexTables): Promise<IndexReader> {
  const gone = sortedKeys((await tables.gone.toCollection().primaryKeys()) as number[]);
  const range = tables.postings.where('[term+start]');
  return {
    async keys(term) {
      const [merged, recent] = await Promise.all([
        range.between([term, Dexie.minKey], [term, Dexie.maxKey]).toArray(),
        tables.recent.where('terms').equals(term).primaryKeys(),
      ]);
      // A term's rows come in key order, so joining them keeps the keys sorted.
      const all = merged.length === 1 ? merged[0]!.keys : concat(merged.map((r) => r.keys));
      return subtract(union(all, sortedKeys(recent as number[])), gone);
    },
    async prefixKeys(prefix) {
      const [merged, recent] = await Promise.all([
        range.between([prefix, Dexie.minKey], [`${prefix}\uffff`, Dexie.maxKey]).toArray(),
        tables.recent.where('terms').startsWith(prefix).primaryKeys(),
      ]);
      return subtract(unionAll([...merged.map((r) => r.keys), sortedKeys(recent as number[])]), gone);
    },
  };
}

function concat(lists: Float64Array[]): Float64Array {
  const out = new Float64Array(lists.reduce((n, l) => n + l.length, 0));
  let at = 0;
  for (const l of lists) {
    out.set(l, at);
    at += l.length;
  }
  return out;
}

const indexTables = (db: IndexTables) => [db.postings, db.recent, db.gone];

/**
 * Merges `recent` and `gone` into `postings`, MERGE_BATCH stories per transaction, until nothing is left.
 * Safe to run from several pages at once (each batch reads what is left inside its own transaction).
 * Returns how many rows were merged.
 */
export async function mergeIndex(db: Dexie & IndexTables): Promise<number> {
  let merged = 0;
  for (;;) {
    const n = await db.transaction('rw', indexTables(db), async () => {
      const [recent, gone] = await Promise.all([
        db.recent.limit(MERGE_BATCH).toArray(),
        db.gone.limit(MERGE_BATCH).toArray(),
      ]);
      if (recent.length + gone.length === 0) return 0;
      await writePostings(db, collect(recent), collect(gone));
      await Promise.all([db.recent.bulkDelete(recent.map((r) => r.key)), db.gone.bulkDelete(gone.map((r) => r.key))]);
      return recent.length + gone.length;
    });
    if (n === 0) return merged;
    merged += n;
  }
}

/** Starts a merge if enough is unmerged; never throws (a later one finishes the work). */
export async function mergeIndexIfDue(db: Dexie & IndexTables, threshold = MERGE_AT): Promise<void> {
  try {
    const [recent, gone] = await Promise.all([db.recent.count(), db.gone.count()]);
    if (recent + gone >= threshold) await mergeIndex(db);
  } catch {
    // e.g. the page closed mid-merge: that batch rolled back, the rows are still unmerged
  }
}
