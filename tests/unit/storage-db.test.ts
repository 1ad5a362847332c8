import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { createCache } from '../../utils/storage/cache';
import { PrismDb } from '../../utils/storage/db';
import { allCategories, allTags, countSaved, getSaved, isSaved, listSaved, saveStory, unsaveStory } from '../../utils/storage/saved';
import { KEY_SLOTS } from '../../utils/storage/saved-record';
import { search } from '../../utils/storage/search';
import { belarus, cafe, chips, fakeIdb } from './storage-fixtures';

const dbName = () => `upgrade-${Math.random().toString(36).slice(2)}`;

describe('schema upgrades', () => {
  it('v1 → current keeps the cache rows and gives a working library', async () => {
    const name = dbName();
    // A database as version 1 of the extension left it, with data.
    const v1 = new Dexie(name, fakeIdb);
    v1.version(1).stores({ shards: 'prefix, expiresAt', stories: 'id, expiresAt' });
    const shard = { prefix: 'abcde', entries: [{ key: 'a'.repeat(64), story: belarus.id }], fetchedAt: 1, expiresAt: 2 };
    const storyRow = { id: chips.id, story: chips, fetchedAt: 10, expiresAt: 9e15 };
    await v1.table('shards').put(shard);
    await v1.table('stories').put(storyRow);
    v1.close();

    const db = new PrismDb(name, fakeIdb);
    await db.open();
    expect(db.verno).toBe(3);
    expect(await db.shards.get('abcde')).toEqual(shard);
    expect(await db.stories.get(chips.id)).toEqual(storyRow);
    // The cache still works on the upgraded database.
    const cache = createCache(db, () => 100);
    expect((await cache.getStory(chips.id))?.value).toEqual(chips);

    // The new table and its indexes work.
    await saveStory(db, belarus, { pageUrl: 'https://news.example/a', pageTitle: 'Page', now: 1000 });
    expect(await isSaved(db, belarus.id)).toBe(true);
    expect((await listSaved(db)).map((r) => r.id)).toEqual([belarus.id]);
    expect((await search(db, '벨라루스')).items.map((r) => r.id)).toEqual([belarus.id]);
    await db.delete();
  });

  it('a fresh database opens at the current version with all tables', async () => {
    const db = new PrismDb(dbName(), fakeIdb);
    await db.open();
    expect(db.verno).toBe(3);
    expect(db.tables.map((t) => t.name).sort()).toEqual(['facets', 'gone', 'library', 'postings', 'recent', 'shards', 'stories']);
    await db.delete();
  });
  it('v2 → v3 moves the saved stories to the time-keyed library, indexed, with tag and category counts', async () => {
    const name = dbName();
    const v2 = new Dexie(name, fakeIdb);
    v2.version(1).stores({ shards: 'prefix, expiresAt', stories: 'id, expiresAt' });
    v2.version(2).stores({ saved: '++key, &id, savedAt, [category+savedAt], *tagKeys, *terms' });
    const v2Row = (story: typeof belarus, savedAt: number, note = '') => ({
      id: story.id,
      story,
      savedAt,
      pageUrl: 'https://news.example/x',
      pageTitle: 'X',
      tags: [...(story.editions.ko?.tags ?? []), ...(story.editions.en?.tags ?? [])],
      note,
      category: story.category,
      // v2's derived fields (dropped by the upgrade)
      terms: ['stale'],
      tagKeys: ['stale\u00000000000000000001'],
    });
    // Saved in this order, but the cafe story is the oldest: key order (v2) is not time order.
    await v2.table('saved').bulkAdd([v2Row(belarus, 2000, '내 메모'), v2Row(chips, 3000), v2Row(cafe, 1000)]);
    v2.close();

    const db = new PrismDb(name, fakeIdb);
    await db.open();
    expect(db.verno).toBe(3);
    expect(db.tables.map((t) => t.name)).not.toContain('saved');
    expect(await countSaved(db)).toBe(3);
    expect((await listSaved(db)).map((r) => r.id)).toEqual([chips.id, belarus.id, cafe.id]);
    const b = (await getSaved(db, belarus.id))!;
    expect(b.key).toBe(2000 * KEY_SLOTS);
    expect(b.note).toBe('내 메모');
    expect(b).not.toHaveProperty('terms');
    expect(b).not.toHaveProperty('tagKeys');
    expect((await search(db, '벨라루스')).items.map((r) => r.id)).toEqual([belarus.id]);
    expect((await search(db, '메모')).items.map((r) => r.id)).toEqual([belarus.id]);
    expect((await search(db, 'stale')).total).toBe(0);
    expect(await allCategories(db)).toEqual([
      { category: 'Culture', count: 1 },
      { category: 'Economy', count: 1 },
      { category: 'Politics', count: 1 },
    ]);
    expect((await allTags(db)).find((t) => t.tag === '벨라루스')).toEqual({ tag: '벨라루스', count: 1 });
    // and keeps working: removing a story updates the index and the counts
    await unsaveStory(db, belarus.id);
    expect((await search(db, '벨라루스')).total).toBe(0);
    expect((await allCategories(db)).map((c) => c.category)).toEqual(['Culture', 'Economy']);
    await db.delete();
  });
});
