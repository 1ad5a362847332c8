/**
 * The IndexedDB schema across versions. What a reader would notice: upgrading the extension keeps every story they
 * saved (with its note, tags, search), while the old API caches (of the v1 API, not keyed by API base) are dropped,
 * and the new tables (the v2 cache by base, the key sets) work.
 */
import Dexie from 'dexie';
import { describe, expect, it, vi } from 'vitest';
import { buildKeySet, readKeySet } from '../../../../utils/prism/keyset';
import { createCache, MAX_ROWS, STORY_TTL_MS } from '../../../../utils/storage/cache';
import { PrismDb } from '../../../../utils/storage/db';
import { upgradeV2ToV3 } from '../../../../utils/storage/migrations/v3';
import {
  allCategories,
  allTags,
  countSaved,
  getSaved,
  isSaved,
  listSaved,
  saveStory,
  setNote,
  unsaveStory,
} from '../../../../utils/storage/saved';
import { KEY_SLOTS } from '../../../../utils/storage/saved-record';
import { search } from '../../../../utils/storage/search';
import { belarus, cafe, chips, fakeIdb } from '../../support/storage-fixtures';

const dbName = () => `upgrade-${Math.random().toString(36).slice(2)}`;
const CURRENT = 4;
const TABLES = ['apiShards', 'apiStories', 'facets', 'gone', 'keysets', 'library', 'postings', 'recent'];
const V1_STORES = { shards: 'prefix, expiresAt', stories: 'id, expiresAt' };
const V2_STORES = { saved: '++key, &id, savedAt, [category+savedAt], *tagKeys, *terms' };
const V3_STORES = {
  saved: null,
  library: 'key, &id',
  postings: '[term+start]',
  recent: 'key, *terms',
  gone: 'key',
  facets: 'term, kind',
};

/** A database exactly as version 3 of the extension declared it (the classes of that release, rebuilt here). */
function v3Database(name: string): Dexie {
  const db = new Dexie(name, fakeIdb);
  db.version(1).stores(V1_STORES);
  db.version(2).stores(V2_STORES);
  db.version(3).stores(V3_STORES).upgrade(upgradeV2ToV3);
  return db;
}

const v1Shard = {
  prefix: 'abcde',
  entries: [{ key: 'a'.repeat(64), story: belarus.id }],
  fetchedAt: 1,
  expiresAt: 9e15,
};
const v1Story = { id: chips.id, story: chips, fetchedAt: 10, expiresAt: 9e15 };

describe('schema upgrades', () => {
  it('v3 → v4 keeps the library intact (notes, tags, search, counts) and drops the v1 caches', async () => {
    const name = dbName();
    const v3 = v3Database(name);
    await v3.open();
    const asPrism = v3 as unknown as PrismDb; // the library code of v3 ran on these same tables
    await saveStory(asPrism, belarus, { pageUrl: 'https://news.example/a', pageTitle: 'A page', now: 2000 });
    await saveStory(asPrism, chips, { pageUrl: 'https://news.example/b', pageTitle: 'B page', now: 3000 });
    await saveStory(asPrism, cafe, { pageUrl: '', pageTitle: '', now: 1000 });
    await setNote(asPrism, belarus.id, '내 메모');
    await v3.table('shards').put(v1Shard);
    await v3.table('stories').put(v1Story);
    const before = await listSaved(asPrism);
    v3.close();

    const db = new PrismDb(name, fakeIdb);
    await db.open();
    expect(db.verno).toBe(CURRENT);
    expect(db.tables.map((t) => t.name).sort()).toEqual(TABLES);
    // The old caches are gone (their data was of the v1 API and had no base).
    expect(db.tables.map((t) => t.name)).not.toContain('shards');
    expect(db.tables.map((t) => t.name)).not.toContain('stories');

    // The library is as it was.
    expect(await listSaved(db)).toEqual(before);
    expect((await listSaved(db)).map((r) => r.id)).toEqual([chips.id, belarus.id, cafe.id]);
    expect(await countSaved(db)).toBe(3);
    expect((await getSaved(db, belarus.id))?.note).toBe('내 메모');
    expect((await getSaved(db, belarus.id))?.key).toBe(2000 * KEY_SLOTS);
    expect((await search(db, '벨라루스')).items.map((r) => r.id)).toEqual([belarus.id]);
    expect((await search(db, '메모')).items.map((r) => r.id)).toEqual([belarus.id]);
    expect((await allCategories(db)).map((c) => c.category)).toEqual(['Culture', 'Economy', 'Politics']);
    expect((await allTags(db)).find((t) => t.tag === '벨라루스')).toEqual({ tag: '벨라루스', count: 1 });
    // and keeps working
    await unsaveStory(db, belarus.id);
    expect(await isSaved(db, belarus.id)).toBe(false);
    expect((await search(db, '벨라루스')).total).toBe(0);
    db.close();

    // Reopening the upgraded database changes nothing.
    const again = new PrismDb(name, fakeIdb);
    await again.open();
    expect(await countSaved(again)).toBe(2);
    await again.delete();
  });

  it('v1 → v4 drops the v1 caches and gives a working library and cache', async () => {
    const name = dbName();
    const v1 = new Dexie(name, fakeIdb);
    v1.version(1).stores(V1_STORES);
    await v1.table('shards').put(v1Shard);
    await v1.table('stories').put(v1Story);
    v1.close();

    const db = new PrismDb(name, fakeIdb);
    await db.open();
    expect(db.verno).toBe(CURRENT);
    expect(db.tables.map((t) => t.name).sort()).toEqual(TABLES);
    const cache = createCache(db, 'https://api.prism.example', () => 100);
    expect(await cache.getStory(chips.id)).toBeUndefined(); // the v1 row did not survive under any base
    expect(await cache.getShard('abcde')).toBeUndefined();
    await saveStory(db, belarus, { pageUrl: 'https://news.example/a', pageTitle: 'Page', now: 1000 });
    expect((await search(db, '벨라루스')).items.map((r) => r.id)).toEqual([belarus.id]);
    await db.delete();
  });

  it('v2 → v4 moves the saved stories to the time-keyed library on the way', async () => {
    const name = dbName();
    const v2 = new Dexie(name, fakeIdb);
    v2.version(1).stores(V1_STORES);
    v2.version(2).stores(V2_STORES);
    const row = (story: typeof belarus, savedAt: number) => ({
      id: story.id,
      story,
      savedAt,
      pageUrl: 'https://news.example/x',
      pageTitle: 'X',
      tags: [...(story.editions.ko?.tags ?? []), ...(story.editions.en?.tags ?? [])],
      note: '',
      category: story.category,
      terms: ['stale'],
      tagKeys: ['stale\u00000000000000000001'],
    });
    await v2.table('saved').bulkAdd([row(belarus, 2000), row(chips, 3000), row(cafe, 1000)]);
    v2.close();

    const db = new PrismDb(name, fakeIdb);
    await db.open();
    expect(db.verno).toBe(CURRENT);
    expect((await listSaved(db)).map((r) => r.id)).toEqual([chips.id, belarus.id, cafe.id]);
    expect((await search(db, 'stale')).total).toBe(0);
    await db.delete();
  });

  it('a fresh database opens at the current version with all tables', async () => {
    const db = new PrismDb(dbName(), fakeIdb);
    await db.open();
    expect(db.verno).toBe(CURRENT);
    expect(db.tables.map((t) => t.name).sort()).toEqual(TABLES);
    await db.delete();
  });
});

describe('the v4 cache tables', () => {
  const A = 'https://api.prism.example';
  const B = 'http://127.0.0.1:8787';
  const entry = { key: `abcde${'0'.repeat(59)}`, story: belarus.id, sites: ['news.example'] };

  it('keep shards and stories per API base, fresh then stale', async () => {
    const db = new PrismDb(dbName(), fakeIdb);
    let clock = 1000;
    const a = createCache(db, A, () => clock);
    const b = createCache(db, B, () => clock);
    await a.putShard('abcde', [entry], 100);
    await a.putStory(belarus, 100);
    expect(await a.getShard('abcde')).toEqual({ value: [entry], fresh: true });
    expect(await a.getStory(belarus.id)).toEqual({ value: belarus, fresh: true });
    expect(await b.getShard('abcde')).toBeUndefined();
    expect(await b.getStory(belarus.id)).toBeUndefined();
    clock += 100;
    expect((await a.getStory(belarus.id))?.fresh).toBe(false);
    await a.dropStory(belarus.id);
    expect(await a.getStory(belarus.id)).toBeUndefined();
    await db.delete();
  });

  it('answer a fresh story read again from memory, until it expires or is dropped', async () => {
    const db = new PrismDb(dbName(), fakeIdb);
    let clock = 1000;
    const a = createCache(db, A, () => clock);
    await a.putStory(belarus, 100);
    const reads = vi.spyOn(db.apiStories, 'get');
    expect(await a.getStory(belarus.id)).toEqual({ value: belarus, fresh: true });
    expect(await createCache(db, A, () => clock).getStory(belarus.id)).toEqual({ value: belarus, fresh: true });
    expect(reads).not.toHaveBeenCalled(); // the worker's next popup: no IndexedDB read
    expect(await createCache(db, B, () => clock).getStory(belarus.id)).toBeUndefined(); // another base's is not it
    clock += 100;
    expect(await a.getStory(belarus.id)).toEqual({ value: belarus, fresh: false }); // expired: the table's stale row
    clock -= 100;
    await a.dropStory(belarus.id);
    expect(await a.getStory(belarus.id)).toBeUndefined(); // withdrawn: not from memory either
    await db.delete();
  });

  it('keep one key set per base, readable after the round trip through IndexedDB', async () => {
    const db = new PrismDb(dbName(), fakeIdb);
    const keys = [entry.key, `${'1'.repeat(63)}2`];
    const bytes = buildKeySet(keys);
    const ref = {
      path: `keyset/${'c'.repeat(64)}.bin`,
      sha256: 'c'.repeat(64),
      format: 'gcs-v1',
      keys: 2,
      bytes: bytes.length,
    };
    const a = createCache(db, A);
    await a.putKeySet({ ref, bytes, checkedAt: 5 });
    expect(await createCache(db, B).getKeySet()).toBeUndefined();
    const row = (await a.getKeySet())!;
    expect(row).toMatchObject({ base: A, ref, checkedAt: 5 });
    const set = readKeySet(row.bytes);
    for (const k of keys) expect(set.has(k)).toBe(true);
    await a.touchKeySet(99);
    expect((await a.getKeySet())?.checkedAt).toBe(99);
    expect((await a.getKeySet())?.ref).toEqual(ref);
    await db.delete();
  });

  it('prune drops what expired more than a day ago and bounds each table', async () => {
    const db = new PrismDb(dbName(), fakeIdb);
    let clock = 0;
    const cache = createCache(db, A, () => clock);
    await cache.putShard('00000', [], 10);
    await cache.putStory(belarus, 10);
    clock = 10 + STORY_TTL_MS - 1;
    await cache.prune();
    expect(await cache.getShard('00000')).toEqual({ value: [], fresh: false }); // kept for offline reading
    clock = 10 + STORY_TTL_MS + 1;
    await cache.prune();
    expect(await cache.getShard('00000')).toBeUndefined();
    expect(await cache.getStory(belarus.id)).toBeUndefined();

    await db.apiShards.bulkPut(
      Array.from({ length: MAX_ROWS + 5 }, (_, i) => ({
        base: A,
        prefix: i.toString(16).padStart(5, '0'),
        entries: [],
        fetchedAt: clock,
        expiresAt: clock + i,
      })),
    );
    await cache.prune();
    expect(await db.apiShards.count()).toBe(MAX_ROWS);
    expect(await cache.getShard('00000')).toBeUndefined(); // the soonest to expire went first
    await db.delete();
  });
});
