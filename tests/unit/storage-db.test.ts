import Dexie from 'dexie';
import { describe, expect, it } from 'vitest';
import { createCache } from '../../utils/storage/cache';
import { PrismDb } from '../../utils/storage/db';
import { isSaved, listSaved, saveStory } from '../../utils/storage/saved';
import { search } from '../../utils/storage/search';
import { belarus, chips, fakeIdb } from './storage-fixtures';

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
    expect(db.verno).toBe(2);
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
    expect(db.verno).toBe(2);
    expect(db.tables.map((t) => t.name).sort()).toEqual(['saved', 'shards', 'stories']);
    await db.delete();
  });
});
