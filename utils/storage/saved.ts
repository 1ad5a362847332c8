/**
 * The reader's library: saving, removing (with undo), notes, listing newest first, and the tag and
 * category counts. Each write updates `library`, the search postings and the facet counts in one transaction.
 */
import type { Story } from '../prism/schema';
import { toCanonicalUrl } from '../url/canonical';
import type { PrismDb } from './db';
import type { SavedRecord, SavedStory } from './library-rows';
import { withStorageErrors } from './quota';
import {
  assignKeys,
  indexAdded,
  indexReader,
  indexRemoved,
  mergeIndexIfDue,
  takenKeys,
  type IndexReader,
} from './saved-index';
import {
  baseKey,
  categoryTerm,
  newSavedStory,
  normalizeSaved,
  PAIR_FACET,
  PAIR_SEPARATOR,
  pairTerm,
  storyTagPairs,
  tagTerm,
  toSavedStory,
  type SaveOptions,
} from './saved-record';
import { intersect, unionAll } from './sorted-keys';
import type { PairCount, TagCount } from './tag-facets';

/** The tables every library write touches. */
export const libraryTables = (db: PrismDb) => [db.library, db.postings, db.recent, db.gone, db.facets];

function byId(db: PrismDb, id: string): Promise<SavedRecord | undefined> {
  return db.library.where('id').equals(id).first();
}

/**
 * Adds stories that are not saved yet (the caller checks), with keys from their savedAt, and indexes them.
 * Runs in the caller's transaction if there is one. Returns the records as stored.
 */
export async function insertSaved(db: PrismDb, items: readonly SavedStory[]): Promise<SavedRecord[]> {
  if (items.length === 0) return [];
  return db.transaction('rw', libraryTables(db), async () => {
    // One story: only the keys from its slot upward can collide (keys run upward from a base).
    const taken = await takenKeys(db, items.length === 1 ? baseKey(items[0]!.savedAt) : undefined);
    const records = assignKeys(items, taken);
    await db.library.bulkAdd(records);
    await indexAdded(db, records);
    return records;
  });
}

/**
 * Saves the story as shown. A story already saved is left as it is (its savedAt, note and tags are kept) and
 * returned. Throws StorageFullError when storage is full; nothing is written then.
 */
export async function saveStory(db: PrismDb, story: Story, options: SaveOptions): Promise<SavedRecord> {
  const record = await withStorageErrors(() =>
    db.transaction('rw', libraryTables(db), async () => {
      const existing = await byId(db, story.id);
      if (existing) return existing;
      const [record] = await insertSaved(db, [newSavedStory(story, options)]);
      return record!;
    }),
  );
  void mergeIndexIfDue(db);
  return record;
}

async function removeRecords(db: PrismDb, records: readonly SavedRecord[]): Promise<void> {
  if (records.length === 0) return;
  await db.library.bulkDelete(records.map((r) => r.key));
  await indexRemoved(db, records);
}

/** Removes a saved story; returns what was removed (for undo with `restore`), or undefined if it was not saved. */
export async function unsaveStory(db: PrismDb, id: string): Promise<SavedRecord | undefined> {
  return withStorageErrors(() =>
    db.transaction('rw', libraryTables(db), async () => {
      const existing = await byId(db, id);
      if (existing) await removeRecords(db, [existing]);
      return existing;
    }),
  );
}

/**
 * Puts a removed record back as it was (savedAt, note, tags; its key may differ but keeps its place in time),
 * replacing a copy of the same story saved in the meantime.
 */
export async function restore(db: PrismDb, record: SavedStory): Promise<SavedRecord> {
  const saved = normalizeSaved(record);
  return withStorageErrors(() =>
    db.transaction('rw', libraryTables(db), async () => {
      const existing = await byId(db, saved.id);
      if (existing) await removeRecords(db, [existing]);
      const [row] = await insertSaved(db, [saved]);
      return row!;
    }),
  );
}

export async function isSaved(db: PrismDb, id: string): Promise<boolean> {
  return (await db.library.where('id').equals(id).count()) > 0;
}

export async function getSaved(db: PrismDb, id: string): Promise<SavedRecord | undefined> {
  return byId(db, id);
}

/** How many saved stories, newest first, `findSavedByPage` reads at most: `library` has no index of addresses. */
const PAGE_SCAN_MAX = 2000;
const PAGE_SCAN_CHUNK = 100;

/**
 * The newest saved story of a page (when PRISM cannot be asked about it): one whose page address (`pageUrl`, where
 * it was saved) or source address is that page's under the canonical URL rules (utils/url/canonical.ts, as the
 * lookup keys are made). Reads the newest `max` records at most, `PAGE_SCAN_CHUNK` at a time; local, nothing sent.
 */
export async function findSavedByPage(
  db: PrismDb,
  pageUrl: string,
  max = PAGE_SCAN_MAX,
): Promise<SavedRecord | undefined> {
  const want = toCanonicalUrl(pageUrl);
  if (!want) return undefined;
  const isPage = (url: string) => url !== '' && toCanonicalUrl(url) === want;
  let below = Infinity;
  for (let read = 0; read < max;) {
    const size = Math.min(PAGE_SCAN_CHUNK, max - read);
    const chunk = await db.library.where('key').below(below).reverse().limit(size).toArray();
    const hit = chunk.find((r) => isPage(r.pageUrl) || isPage(r.story.source.url));
    if (hit || chunk.length < size) return hit;
    read += chunk.length;
    below = chunk[chunk.length - 1]!.key;
  }
  return undefined;
}

/** The given records in the given order (missing ids skipped), or every record newest first. */
export async function getSavedMany(db: PrismDb, ids?: readonly string[]): Promise<SavedRecord[]> {
  if (!ids) return db.library.reverse().toArray();
  const rows = await db.library
    .where('id')
    .anyOf([...ids])
    .toArray();
  const byStory = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => byStory.get(id) ?? []);
}

/**
 * Replaces a record by its changed copy. The copy gets a new key next to the old one (same place in time): the
 * old key may still be in the merged postings, and a removed key is not reused until they are merged.
 */
async function update(
  db: PrismDb,
  id: string,
  change: (saved: SavedStory) => SavedStory,
): Promise<SavedRecord | undefined> {
  return withStorageErrors(() =>
    db.transaction('rw', libraryTables(db), async () => {
      const existing = await byId(db, id);
      if (!existing) return undefined;
      await removeRecords(db, [existing]);
      const [row] = await insertSaved(db, [change(toSavedStory(existing))]);
      return row;
    }),
  );
}

/** PRISM withdrew the story: the saved copy is kept and marked. Returns the record, or undefined if not saved. */
export async function markWithdrawn(db: PrismDb, id: string, at: number): Promise<SavedRecord | undefined> {
  const existing = await getSaved(db, id);
  if (!existing || existing.withdrawnAt !== undefined) return existing;
  return update(db, id, (s) => ({ ...s, withdrawnAt: at }));
}

/** Sets the reader's note ('' clears it). Returns the updated record, or undefined if the story is not saved. */
export async function setNote(db: PrismDb, id: string, note: string): Promise<SavedRecord | undefined> {
  return update(db, id, (s) => ({ ...s, note }));
}

export interface ListFilter {
  /** Exact tag, as returned by allTags, or several (a paired tag facet, tag-facets.ts): stories with any of them. */
  tag?: string | readonly string[];
  /** Exact category, as returned by allCategories. */
  category?: string;
}

export interface ListOptions extends ListFilter {
  offset?: number;
  /** Defaults to 50. */
  limit?: number;
}

/** The keys of the filter's stories, ascending (oldest first); undefined when there is no filter. */
export async function filterKeys(index: IndexReader, filter: ListFilter): Promise<Float64Array | undefined> {
  const { tag, category } = filter;
  const [byTag, byCategory] = await Promise.all([
    tag === undefined
      ? undefined
      : typeof tag === 'string'
        ? index.keys(tagTerm(tag))
        : Promise.all(tag.map((t) => index.keys(tagTerm(t)))).then(unionAll),
    category === undefined ? undefined : index.keys(categoryTerm(category)),
  ]);
  if (byTag && byCategory) return intersect(byTag, byCategory);
  return byTag ?? byCategory;
}

const hasFilter = (f: ListFilter) => f.tag !== undefined || f.category !== undefined;

/** The records of `keys[offset…]` counted from the end (newest first), in that order. */
export async function readNewestFirst(
  db: PrismDb,
  keys: Float64Array,
  offset: number,
  limit: number,
): Promise<SavedRecord[]> {
  const page: number[] = [];
  for (let i = keys.length - 1 - offset; i >= 0 && page.length < limit; i--) page.push(keys[i]!);
  const rows = await db.library.bulkGet(page);
  return rows.filter((r): r is SavedRecord => r !== undefined);
}

/** A page of saved stories, newest first, optionally of one tag and/or category. */
export async function listSaved(db: PrismDb, options: ListOptions = {}): Promise<SavedRecord[]> {
  const offset = Math.max(0, Math.floor(options.offset ?? 0));
  const limit = Math.max(0, Math.floor(options.limit ?? 50));
  if (limit === 0) return [];
  if (!hasFilter(options)) {
    if (offset === 0) return db.library.reverse().limit(limit).toArray();
    // Skipping with a key cursor does not load the skipped records.
    const keys = (await db.library.reverse().offset(offset).limit(limit).primaryKeys()) as number[];
    return (await db.library.bulkGet(keys)).filter((r): r is SavedRecord => r !== undefined);
  }
  return db.transaction('r', libraryTables(db), async () => {
    const keys = (await filterKeys(await indexReader(db), options))!;
    return readNewestFirst(db, keys, offset, limit);
  });
}

/**
 * How many stories are saved (of one tag and/or category). The total is the sum of the category counts (every
 * story has one category): a few small rows, where counting `library` reads every record (~200 ms at 10,000).
 */
export async function countSaved(db: PrismDb, filter: ListFilter = {}): Promise<number> {
  if (!hasFilter(filter)) {
    return (await db.facets.where('kind').equals('category').toArray()).reduce((n, f) => n + f.count, 0);
  }
  return db.transaction('r', libraryTables(db), async () => (await filterKeys(await indexReader(db), filter))!.length);
}

export type { TagCount } from './tag-facets';

export interface CategoryCount {
  category: string;
  count: number;
}

function sortCounts<T extends { count: number }>(items: T[], name: (t: T) => string): T[] {
  return items.sort((a, b) => b.count - a.count || name(a).localeCompare(name(b)));
}

/** Every tag with its number of stories, most used first (the `facets` count table: one read). */
export async function allTags(db: PrismDb): Promise<TagCount[]> {
  const rows = await db.facets.where('kind').equals('tag').toArray();
  return sortCounts(
    rows.map((r) => ({ tag: r.value, count: r.count })),
    (t) => t.tag,
  );
}

/** Every paired English and Korean tag with its number of stories (saved-record.ts, `storyTagPairs`). */
export async function allTagPairs(db: PrismDb): Promise<PairCount[]> {
  const rows = await db.facets.where('kind').equals('pair').toArray();
  return rows.flatMap((r) => {
    const [en, ko] = r.value.split(PAIR_SEPARATOR);
    return en && ko ? [{ en, ko, count: r.count }] : [];
  });
}

/**
 * Counts the paired tags of every saved story again (the `pair` facet rows), from the records: a library saved
 * before pairs were counted gets them (run when the extension is updated: entrypoints/background/library-upkeep.ts).
 * Reads every record once, in one transaction; writes nothing else. Returns the number of pair rows.
 */
export async function recountTagPairs(db: PrismDb): Promise<number> {
  return withStorageErrors(() =>
    db.transaction('rw', db.library, db.facets, async () => {
      const counts = new Map<string, number>();
      await db.library.each((r) => {
        for (const [en, ko] of storyTagPairs(r.story, r.tags)) {
          const term = pairTerm(en, ko);
          counts.set(term, (counts.get(term) ?? 0) + 1);
        }
      });
      await db.facets.where('kind').equals('pair').delete();
      await db.facets.bulkPut(
        [...counts].map(([term, count]) => ({
          term,
          kind: 'pair' as const,
          value: term.slice(PAIR_FACET.length),
          count,
        })),
      );
      return counts.size;
    }),
  );
}

/** Every category with its number of stories, most used first. */
export async function allCategories(db: PrismDb): Promise<CategoryCount[]> {
  const rows = await db.facets.where('kind').equals('category').toArray();
  return sortCounts(
    rows.map((r) => ({ category: r.value, count: r.count })),
    (c) => c.category,
  );
}

/** Removes every saved story; returns them (for undo with `restoreAll`). */
export async function unsaveAll(db: PrismDb): Promise<SavedRecord[]> {
  return db.transaction('rw', libraryTables(db), async () => {
    const all = await db.library.toArray();
    await Promise.all(libraryTables(db).map((t) => t.clear()));
    return all;
  });
}

/**
 * Puts removed records back (the undo of "delete all"), except stories saved again since (the newer copy stays).
 * One transaction, so all or none.
 */
export async function restoreAll(db: PrismDb, records: readonly SavedRecord[]): Promise<void> {
  await withStorageErrors(() =>
    db.transaction('rw', libraryTables(db), async () => {
      const present = new Set(
        (await db.library
          .where('id')
          .anyOf(records.map((r) => r.id))
          .keys()) as string[],
      );
      await insertSaved(
        db,
        records.filter((r) => !present.has(r.id)),
      );
    }),
  );
}
