/**
 * The v2 → v3 upgrade (utils/storage/migrations/v3.ts) on a database as version 2 wrote it
 * (tests/fixtures/storage/v2-database.json), opened with the current PrismDb.
 */
import { readFileSync } from 'node:fs';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { PrismDb } from '../../../../../utils/storage/db';
import { allCategories, allTags, countSaved, listSaved } from '../../../../../utils/storage/saved';
import { KEY_SLOTS } from '../../../../../utils/storage/saved-record';
import { search } from '../../../../../utils/storage/search';
import { fakeIdb } from '../../../support/storage-fixtures';

interface V2Row {
  key: number;
  id: string;
  terms: string[];
  tagKeys: string[];
  [field: string]: unknown;
}

interface V2Fixture {
  version: 2;
  stores: Record<'1' | '2', Record<string, string>>;
  tables: { shards: object[]; stories: object[]; saved: V2Row[] };
}

const fixture = JSON.parse(
  readFileSync(new URL('../../../../fixtures/storage/v2-database.json', import.meta.url), 'utf8'),
) as V2Fixture;

const open: PrismDb[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((db) => db.delete()));
});

/** Writes the fixture at version 2 (empty tables if `empty`) and returns the database's name. */
async function writeV2(empty = false): Promise<string> {
  const name = `v2-${Math.random().toString(36).slice(2)}`;
  const v2 = new Dexie(name, fakeIdb);
  v2.version(1).stores(fixture.stores['1']);
  v2.version(2).stores(fixture.stores['2']);
  if (!empty) {
    for (const [table, rows] of Object.entries(fixture.tables)) await v2.table(table).bulkAdd(rows);
  }
  v2.close();
  return name;
}

async function openCurrent(name: string): Promise<PrismDb> {
  const db = new PrismDb(name, fakeIdb);
  open.push(db);
  await db.open();
  return db;
}

const T1 = 1_700_000_000_000;
const T2 = 1_700_000_500_000;
const ids = async (db: PrismDb, q: string) => (await search(db, q, { order: 'newest' })).items.map((r) => r.id);

describe('v2 → v3: `saved` becomes the time-keyed, indexed `library`', () => {
  it('copies every row without its derived fields, keyed by savedAt (same millisecond: the next key)', async () => {
    const db = await openCurrent(await writeV2());
    const byId = new Map(
      fixture.tables.saved.map(({ key: _key, terms: _terms, tagKeys: _tagKeys, ...row }) => [row.id, row]),
    );
    expect(byId.size).toBe(3);
    // Newest first: chips (T2), then the two saved at T1 in the order of their v2 keys (belarus 1, cafe 3).
    expect(await db.library.reverse().toArray()).toEqual([
      { ...byId.get('ustr-chips'), key: T2 * KEY_SLOTS },
      { ...byId.get('cafe-sao-paulo'), key: T1 * KEY_SLOTS + 1 },
      { ...byId.get('belarus-pivot'), key: T1 * KEY_SLOTS },
    ]);
    expect(db.tables.map((t) => t.name)).not.toContain('saved');
  });

  it('indexes the copies straight into the merged postings and counts tags and categories', async () => {
    const db = await openCurrent(await writeV2());
    expect(await db.recent.count()).toBe(0);
    expect(await db.gone.count()).toBe(0);
    expect(await db.postings.count()).toBeGreaterThan(0);

    expect(await ids(db, '벨라루스')).toEqual(['belarus-pivot']);
    expect(await ids(db, 'sanction')).toEqual(['cafe-sao-paulo', 'belarus-pivot']);
    expect(await ids(db, '주말')).toEqual(['belarus-pivot']); // the note
    expect(await ids(db, 'espresso')).toEqual(['cafe-sao-paulo']);
    expect((await search(db, 'stale')).total).toBe(0); // the v2 terms are not carried over
    expect((await listSaved(db, { tag: 'Sanctions' })).map((r) => r.id)).toEqual(['cafe-sao-paulo', 'belarus-pivot']);
    expect(await countSaved(db)).toBe(3);
    expect(Object.fromEntries((await allTags(db)).map((t) => [t.tag, t.count]))).toEqual({
      Sanctions: 2,
      Belarus: 1,
      Coffee: 1,
      Minsk: 1,
      Semiconductors: 1,
      Trade: 1,
      러시아: 1,
      무역: 1,
      반도체: 1,
      벨라루스: 1,
    });
    expect(await allCategories(db)).toEqual([
      { category: 'Culture', count: 1 },
      { category: 'Economy', count: 1 },
      { category: 'Politics', count: 1 },
    ]);
  });

  it('an empty v2 library upgrades to an empty, working one', async () => {
    const db = await openCurrent(await writeV2(true));
    expect(db.verno).toBe(4);
    expect(await db.library.count()).toBe(0);
    expect(await db.postings.count()).toBe(0);
    expect(await db.facets.count()).toBe(0);
    expect(await countSaved(db)).toBe(0);
  });
});
