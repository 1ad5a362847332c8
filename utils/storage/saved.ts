/**
 * The reader's library: saving, removing (with undo), notes, tags, and listing newest first. Lists and counts
 * come from indexes (savedAt, [category+savedAt], tagKeys), so a page of 10,000 stories loads only that page.
 */
import Dexie from 'dexie';
import type { Story } from '../prism/schema';
import type { PrismDb, SavedRecord, SavedStory } from './db';
import { withStorageErrors } from './quota';
import { normalizeTags, storyTags, TAG_KEY_SEPARATOR, toRecord, toSavedStory } from './saved-record';

export interface SaveOptions {
  /** Kept only if it is an http(s) URL ('' otherwise), since the UI may link to it. */
  pageUrl: string;
  pageTitle: string;
  note?: string;
  /** The reader's own tags, added to the story's. */
  tags?: string[];
  /** Epoch ms; defaults to Date.now(). */
  now?: number;
}

function byId(db: PrismDb, id: string): Promise<SavedRecord | undefined> {
  return db.saved.where('id').equals(id).first();
}

function httpUrlOrEmpty(url: string): string {
  try {
    return /^https?:$/.test(new URL(url).protocol) ? url : '';
  } catch {
    return '';
  }
}

/**
 * Saves the story as shown. A story already saved is left as it is (its savedAt, note and tags are kept) and
 * returned. Throws StorageFullError when storage is full; nothing is written then.
 */
export async function saveStory(db: PrismDb, story: Story, options: SaveOptions): Promise<SavedRecord> {
  return withStorageErrors(() =>
    db.transaction('rw', db.saved, async () => {
      const existing = await byId(db, story.id);
      if (existing) return existing;
      const record = toRecord({
        id: story.id,
        story,
        savedAt: options.now ?? Date.now(),
        pageUrl: httpUrlOrEmpty(options.pageUrl),
        pageTitle: options.pageTitle,
        tags: [...storyTags(story), ...(options.tags ?? [])],
        note: options.note ?? '',
        category: story.category,
      });
      const key = await db.saved.put(record);
      return { ...record, key };
    }),
  );
}

/** Removes a saved story; returns what was removed (for undo with `restore`), or undefined if it was not saved. */
export async function unsaveStory(db: PrismDb, id: string): Promise<SavedRecord | undefined> {
  return db.transaction('rw', db.saved, async () => {
    const existing = await byId(db, id);
    if (existing) await db.saved.delete(existing.key);
    return existing;
  });
}

/**
 * Puts a removed record back exactly as it was (savedAt, note, tags, and its key when given), replacing a copy
 * of the same story saved in the meantime.
 */
export async function restore(db: PrismDb, record: SavedStory): Promise<SavedRecord> {
  const row = toRecord(toSavedStory(record));
  // Keys are never reused by auto-increment, so the removed record's key is still free.
  const oldKey = (record as Partial<SavedRecord>).key;
  return withStorageErrors(() =>
    db.transaction('rw', db.saved, async () => {
      const existing = await byId(db, row.id);
      if (existing) await db.saved.delete(existing.key);
      const key = await db.saved.put(typeof oldKey === 'number' ? { ...row, key: oldKey } : row);
      return { ...row, key };
    }),
  );
}

export async function isSaved(db: PrismDb, id: string): Promise<boolean> {
  return (await db.saved.where('id').equals(id).count()) > 0;
}

export async function getSaved(db: PrismDb, id: string): Promise<SavedRecord | undefined> {
  return byId(db, id);
}

/** The given records in the given order (missing ids skipped), or every record newest first. */
export async function getSavedMany(db: PrismDb, ids?: readonly string[]): Promise<SavedRecord[]> {
  if (!ids) return db.saved.orderBy('savedAt').reverse().toArray();
  const rows = await db.saved.where('id').anyOf([...ids]).toArray();
  const byStory = new Map(rows.map((r) => [r.id, r]));
  return ids.flatMap((id) => byStory.get(id) ?? []);
}

async function update(
  db: PrismDb,
  id: string,
  change: (saved: SavedStory) => SavedStory,
): Promise<SavedRecord | undefined> {
  return withStorageErrors(() =>
    db.transaction('rw', db.saved, async () => {
      const existing = await byId(db, id);
      if (!existing) return undefined;
      const row: SavedRecord = { ...toRecord(change(toSavedStory(existing))), key: existing.key };
      await db.saved.put(row);
      return row;
    }),
  );
}

/** Sets the reader's note ('' clears it). Returns the updated record, or undefined if the story is not saved. */
export async function setNote(db: PrismDb, id: string, note: string): Promise<SavedRecord | undefined> {
  return update(db, id, (s) => ({ ...s, note }));
}

/**
 * Replaces the tags (the reader may remove the story's own tags too). Returns the updated record, or undefined
 * if the story is not saved.
 */
export async function setTags(db: PrismDb, id: string, tags: readonly string[]): Promise<SavedRecord | undefined> {
  return update(db, id, (s) => ({ ...s, tags: normalizeTags(tags) }));
}

export interface ListFilter {
  /** Exact tag, as returned by allTags. */
  tag?: string;
  /** Exact category, as returned by allCategories. */
  category?: string;
}

export interface ListOptions extends ListFilter {
  offset?: number;
  /** Defaults to 50. */
  limit?: number;
}

const tagRange = (db: PrismDb, tag: string) =>
  db.saved.where('tagKeys').between(`${tag}${TAG_KEY_SEPARATOR}`, `${tag}${TAG_KEY_SEPARATOR}\uffff`, true, true);

const categoryRange = (db: PrismDb, category: string) =>
  db.saved.where('[category+savedAt]').between([category, Dexie.minKey], [category, Dexie.maxKey], true, true);

/** A collection of the filter's records, newest first, read through an index. */
export function filteredNewestFirst(db: PrismDb, filter: ListFilter) {
  const { tag, category } = filter;
  if (tag !== undefined) {
    const byTag = tagRange(db, tag).reverse();
    return category === undefined ? byTag : byTag.and((r) => r.category === category);
  }
  if (category !== undefined) return categoryRange(db, category).reverse();
  return db.saved.orderBy('savedAt').reverse();
}

/** A page of saved stories, newest first, optionally of one tag and/or category. */
export async function listSaved(db: PrismDb, options: ListOptions = {}): Promise<SavedRecord[]> {
  const offset = Math.max(0, Math.floor(options.offset ?? 0));
  const limit = Math.max(0, Math.floor(options.limit ?? 50));
  if (limit === 0) return [];
  // The filter (`and`) is set before offset/limit, so the offset counts matching records only.
  return filteredNewestFirst(db, options).offset(offset).limit(limit).toArray();
}

/** How many stories are saved (of one tag and/or category). */
export async function countSaved(db: PrismDb, filter: ListFilter = {}): Promise<number> {
  if (filter.tag === undefined && filter.category === undefined) return db.saved.count();
  return filteredNewestFirst(db, filter).count();
}

export interface TagCount {
  tag: string;
  count: number;
}

export interface CategoryCount {
  category: string;
  count: number;
}

function sortCounts<T extends { count: number }>(items: T[], name: (t: T) => string): T[] {
  return items.sort((a, b) => b.count - a.count || name(a).localeCompare(name(b)));
}

/** Every tag with its number of stories, most used first. Reads only index keys. */
export async function allTags(db: PrismDb): Promise<TagCount[]> {
  const keys = (await db.saved.orderBy('tagKeys').keys()) as string[];
  const counts = new Map<string, number>();
  for (const key of keys) {
    const tag = key.slice(0, key.lastIndexOf(TAG_KEY_SEPARATOR));
    counts.set(tag, (counts.get(tag) ?? 0) + 1);
  }
  return sortCounts(
    [...counts].map(([tag, count]) => ({ tag, count })),
    (t) => t.tag,
  );
}

/**
 * Every category with its number of stories, most used first. Skips from one category to the next in the
 * index and counts each natively: a few requests per category, whatever the size of the library.
 */
export async function allCategories(db: PrismDb): Promise<CategoryCount[]> {
  return db.transaction('r', db.saved, async () => {
    const out: CategoryCount[] = [];
    const index = db.saved.where('[category+savedAt]');
    let next = (await db.saved.orderBy('[category+savedAt]').limit(1).keys())[0] as [string, number] | undefined;
    while (next) {
      const category = next[0];
      out.push({ category, count: await categoryRange(db, category).count() });
      next = (await index.above([category, Dexie.maxKey]).limit(1).keys())[0] as [string, number] | undefined;
    }
    return sortCounts(out, (c) => c.category);
  });
}

/** Removes every saved story; returns them (for undo with `restoreAll`). */
export async function unsaveAll(db: PrismDb): Promise<SavedRecord[]> {
  return db.transaction('rw', db.saved, async () => {
    const all = await db.saved.toArray();
    await db.saved.clear();
    return all;
  });
}

/** Puts removed records back exactly (keys included); one transaction, so all or none. */
export async function restoreAll(db: PrismDb, records: readonly SavedRecord[]): Promise<void> {
  await withStorageErrors(() => db.transaction('rw', db.saved, () => db.saved.bulkPut([...records])));
}
