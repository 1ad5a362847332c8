import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PrismDb } from '../../../../utils/storage/db';
import {
  allCategories,
  allTags,
  countSaved,
  getSaved,
  insertSaved,
  listSaved,
  restore,
  restoreAll,
  saveStory,
  setNote,
  unsaveAll,
  unsaveStory,
} from '../../../../utils/storage/saved';
import { BULK_AT, CHUNK_MAX, mergeIndex, mergeIndexIfDue } from '../../../../utils/storage/saved-index';
import { search } from '../../../../utils/storage/search';
import { belarus, cafe, chips, makeStory, openTestDb } from '../../support/storage-fixtures';

let db: PrismDb;
beforeEach(() => {
  db = openTestDb();
});
afterEach(async () => {
  await db.delete();
});

const page = { pageUrl: 'https://news.example/a', pageTitle: 'Page' };
const ids = async (q: string, opts?: Parameters<typeof search>[2]) =>
  (await search(db, q, opts)).items.map((r) => r.id);

/** What a reader sees for some queries, filters and counts: must not change when the index is merged. */
async function view() {
  return {
    belarus: await ids('벨라루스'),
    sanctions: await ids('sanction'),
    example: await ids('example', { order: 'newest' }),
    note: await ids('espresso'),
    lostNote: await ids('minsk'),
    newNote: await ids('vilnius'),
    tag: (await listSaved(db, { tag: 'Belarus' })).map((r) => r.id),
    category: (await listSaved(db, { category: 'Economy' })).map((r) => r.id),
    counts: [await countSaved(db), await countSaved(db, { tag: 'Belarus' })],
    tags: await allTags(db),
    categories: await allCategories(db),
  };
}

describe('the search index: recent saves, removals and merges', () => {
  it('finds the same stories before and after a merge, through saves, edits, deletes and undo', async () => {
    await saveStory(db, belarus, { ...page, now: 1000, note: 'Minsk trip' });
    await saveStory(db, chips, { ...page, now: 2000 });
    await mergeIndex(db); // belarus and chips are now in the merged postings
    expect(await ids('minsk')).toEqual([belarus.id]);
    expect(await db.recent.count()).toBe(0);
    await saveStory(db, cafe, { ...page, now: 3000 }); // unmerged
    await setNote(db, cafe.id, 'espresso bar'); // an unmerged story edited
    await setNote(db, belarus.id, 'Vilnius trip'); // a merged story edited: it loses "Minsk" (still in the postings)
    const removed = (await unsaveStory(db, chips.id))!; // a merged story removed
    expect(await db.gone.count()).toBeGreaterThan(0);

    const before = await view();
    expect(before.belarus).toEqual([belarus.id]);
    expect(before.example).toEqual([cafe.id, belarus.id]);
    expect(before.note).toEqual([cafe.id]);
    expect(before.lostNote).toEqual([]);
    expect(before.newNote).toEqual([belarus.id]);
    expect(before.tag).toEqual([belarus.id]);
    expect(before.category).toEqual([]);
    expect(before.counts).toEqual([2, 1]);
    const tags = before.tags.map((t) => t.tag).sort();
    expect(tags).toEqual(['Belarus', 'Coffee', 'Sanctions', '러시아', '벨라루스']);
    expect(before.categories).toEqual([
      { category: 'Culture', count: 1 },
      { category: 'Politics', count: 1 },
    ]);

    await mergeIndex(db);
    expect(await db.recent.count()).toBe(0);
    expect(await db.gone.count()).toBe(0);
    expect(await view()).toEqual(before);

    // undo brings the removed story back, searchable, in its place in time
    await restore(db, removed);
    expect(await ids('USTR', { order: 'newest' })).toEqual([chips.id]);
    expect((await listSaved(db)).map((r) => r.id)).toEqual([cafe.id, chips.id, belarus.id]);
    expect((await getSaved(db, chips.id))?.savedAt).toBe(2000);
  });

  it('does not give a new story the key of a removed one still in the merged postings', async () => {
    const first = await saveStory(db, belarus, { ...page, now: 5000 });
    await mergeIndex(db);
    await unsaveStory(db, belarus.id);
    // saved in the same millisecond: the same slot
    const other = await saveStory(db, chips, { ...page, now: 5000 });
    expect(other.key).not.toBe(first.key);
    expect(await ids('벨라루스')).toEqual([]);
    expect(await ids('반도체')).toEqual([chips.id]);
  });

  it('bulk writes (import, undo of delete all) go straight to the merged postings', async () => {
    const many = Array.from({ length: BULK_AT + 5 }, (_, i) => {
      const story = makeStory(`bulk-${i}`, {
        category: i % 2 ? 'Economy' : 'Politics',
        en: { title: `Harbour report ${i}`, summary: 'Summary', body: ['Ships and tariffs.'], tags: ['Ports'] },
      });
      return {
        id: story.id,
        story,
        savedAt: 100 + i,
        pageUrl: '',
        pageTitle: '',
        tags: ['Ports'],
        note: '',
        category: story.category,
      };
    });
    await insertSaved(db, many);
    expect(await db.recent.count()).toBe(0);
    expect((await search(db, 'harbour')).total).toBe(many.length);
    expect(await allTags(db)).toEqual([{ tag: 'Ports', count: many.length }]);

    const all = await unsaveAll(db);
    expect((await search(db, 'harbour')).total).toBe(0);
    expect(await allTags(db)).toEqual([]);
    expect(await db.postings.count()).toBe(0);
    await restoreAll(db, all);
    expect((await search(db, 'harbour', { order: 'newest', limit: 1 })).items[0]?.id).toBe(`bulk-${BULK_AT + 4}`);
    expect(await allCategories(db)).toEqual([
      { category: 'Politics', count: 28 },
      { category: 'Economy', count: 27 },
    ]);
  });

  it('merges once enough is unmerged', async () => {
    await saveStory(db, belarus, page);
    await saveStory(db, chips, page);
    await mergeIndexIfDue(db, 3);
    expect(await db.recent.count()).toBe(2);
    await mergeIndexIfDue(db, 2);
    expect(await db.recent.count()).toBe(0);
    expect(await ids('벨라루스')).toEqual([belarus.id]);
  });
  it('cuts a long posting into rows and keeps it exact through merges in the middle', async () => {
    const n = CHUNK_MAX + 200;
    const item = (i: number, savedAt: number) => {
      const story = makeStory(`h-${i}`, { en: { title: `Harbour ${i}`, summary: 'S', body: ['B'], tags: [] } });
      return { id: story.id, story, savedAt, pageUrl: '', pageTitle: '', tags: [], note: '', category: 'x' };
    };
    await insertSaved(
      db,
      Array.from({ length: n }, (_, i) => item(i, 10_000 + i * 10)),
    );
    const rows = await db.postings.where('[term+start]').between(['harbour', 0], ['harbour', Infinity]).toArray();
    expect(rows.length).toBe(2);
    expect(rows.every((r) => r.keys.length <= CHUNK_MAX)).toBe(true);
    // one saved between two old ones (lands in the first row), removals from both rows, then a merge
    await saveStory(db, item(n, 0).story, { ...page, now: 10_005 });
    for (const i of [0, 1, n - 1]) await unsaveStory(db, `h-${i}`);
    const before = await search(db, 'harbour', { order: 'newest', limit: n });
    await mergeIndex(db);
    const after = await search(db, 'harbour', { order: 'newest', limit: n });
    expect(after.total).toBe(n - 2);
    expect(after.items.map((r) => r.id)).toEqual(before.items.map((r) => r.id));
    expect(after.items[0]?.id).toBe(`h-${n - 2}`);
    expect(after.items.at(-1)?.id).toBe(`h-${n}`); // savedAt 10,005: the oldest left
    const merged = await db.postings.where('[term+start]').between(['harbour', 0], ['harbour', Infinity]).toArray();
    expect(merged.reduce((k, r) => k + r.keys.length, 0)).toBe(n - 2);
  }, 30_000);
});
