import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PrismDb } from '../../../../utils/storage/db';
import {
  allCategories,
  allTags,
  countSaved,
  findSavedByPage,
  getSaved,
  isSaved,
  listSaved,
  restore,
  saveStory,
  setNote,
  unsaveStory,
} from '../../../../utils/storage/saved';
import { storyTags, toSavedStory } from '../../../../utils/storage/saved-record';
import { search } from '../../../../utils/storage/search';
import { belarus, cafe, chips, makeStory, openTestDb } from '../../support/storage-fixtures';

let db: PrismDb;
beforeEach(() => {
  db = openTestDb();
});
afterEach(async () => {
  await db.delete();
});

const page = { pageUrl: 'https://news.example/article', pageTitle: 'The article' };

describe('saving', () => {
  it('saves the story as shown, with the page, both editions’ tags and the reader’s', async () => {
    const rec = await saveStory(db, belarus, { ...page, note: '나중에 읽기', tags: ['Minsk', 'belarus'], now: 5000 });
    expect(rec).toMatchObject({
      id: belarus.id,
      story: belarus,
      savedAt: 5000,
      pageUrl: page.pageUrl,
      pageTitle: page.pageTitle,
      note: '나중에 읽기',
      category: 'Politics',
      // "belarus" duplicates "Belarus" (case-insensitively) and is dropped
      tags: ['벨라루스', '러시아', 'Belarus', 'Sanctions', 'Minsk'],
    });
    expect(await getSaved(db, belarus.id)).toEqual(rec);
    expect(await isSaved(db, belarus.id)).toBe(true);
    expect(await isSaved(db, chips.id)).toBe(false);
  });

  it('saving again keeps the first save (time, note)', async () => {
    await saveStory(db, belarus, { ...page, note: 'first', now: 1 });
    const again = await saveStory(db, belarus, { ...page, note: 'second', now: 2 });
    expect(again.savedAt).toBe(1);
    expect(again.note).toBe('first');
    expect(await countSaved(db)).toBe(1);
  });

  it('keeps the distinction of a story saved from a page about the same event (issue 23), export included', async () => {
    const rec = await saveStory(db, belarus, { ...page, sameEventSite: 'scmp.com' });
    expect(rec.sameEvent).toEqual({ site: 'scmp.com' });
    expect(toSavedStory(rec).sameEvent).toEqual({ site: 'scmp.com' });
    const plain = await saveStory(db, chips, page);
    expect(plain.sameEvent).toBeUndefined();
    expect('sameEvent' in toSavedStory(plain)).toBe(false);
  });

  it('keeps only an http(s) page URL', async () => {
    const rec = await saveStory(db, chips, { pageUrl: 'javascript:alert(1)', pageTitle: 'x' });
    expect(rec.pageUrl).toBe('');
  });

  it('unsave returns the record and restore puts it back exactly (undo)', async () => {
    const saved = await saveStory(db, belarus, { ...page, note: 'keep me', now: 42 });
    const removed = await unsaveStory(db, belarus.id);
    expect(removed).toEqual(saved);
    expect(await isSaved(db, belarus.id)).toBe(false);
    expect((await search(db, 'keep')).total).toBe(0);
    expect(await unsaveStory(db, belarus.id)).toBeUndefined();

    await restore(db, removed!);
    expect(await getSaved(db, belarus.id)).toEqual(saved);
    expect((await search(db, 'keep')).items.map((r) => r.id)).toEqual([belarus.id]);
  });

  it('setNote updates the record and what search finds', async () => {
    await saveStory(db, chips, page);
    expect((await search(db, 'homework')).total).toBe(0);
    const updated = await setNote(db, chips.id, 'Homework for Tuesday');
    expect(updated?.note).toBe('Homework for Tuesday');
    expect((await getSaved(db, chips.id))?.note).toBe('Homework for Tuesday');
    expect((await search(db, 'homework')).items.map((r) => r.id)).toEqual([chips.id]);

    expect(await setNote(db, 'not-saved', 'x')).toBeUndefined();
  });

  it('the reader’s tags are trimmed, collapsed and deduplicated, and list the story', async () => {
    const rec = await saveStory(db, chips, { ...page, tags: ['  Reading   list ', 'reading list', '반도체'] });
    expect(rec.tags).toEqual([...storyTags(chips), 'Reading list']);
    expect((await listSaved(db, { tag: 'Reading list' })).map((r) => r.id)).toEqual([chips.id]);
  });
});

describe('listing', () => {
  async function saveMany(count: number) {
    for (let i = 0; i < count; i++) {
      const story = makeStory(`s-${i}`, {
        category: i % 3 === 0 ? 'Economy' : 'Politics',
        en: { title: `Story ${i}`, summary: 'Summary', body: ['Body'], tags: i % 2 === 0 ? ['Even'] : ['Odd'] },
      });
      // saved out of order of their ids, so that newest-first cannot come from the id order
      await saveStory(db, story, { ...page, now: 1000 + ((i * 7) % count) });
    }
  }

  it('lists newest first, page by page', async () => {
    await saveMany(10);
    const all = await listSaved(db, { limit: 100 });
    const times = all.map((r) => r.savedAt);
    expect(times).toEqual([...times].sort((a, b) => b - a));
    expect(all).toHaveLength(10);
    const p1 = await listSaved(db, { offset: 0, limit: 4 });
    const p2 = await listSaved(db, { offset: 4, limit: 4 });
    const p3 = await listSaved(db, { offset: 8, limit: 4 });
    expect([...p1, ...p2, ...p3].map((r) => r.id)).toEqual(all.map((r) => r.id));
    expect(p3).toHaveLength(2);
  });

  it('filters by tag and by category, newest first, with counts', async () => {
    await saveMany(12);
    const even = await listSaved(db, { tag: 'Even', limit: 100 });
    expect(even.map((r) => r.id).sort()).toEqual(['s-0', 's-10', 's-2', 's-4', 's-6', 's-8']);
    expect(even.map((r) => r.savedAt)).toEqual(even.map((r) => r.savedAt).sort((a, b) => b - a));
    expect(await countSaved(db, { tag: 'Even' })).toBe(6);

    const econ = await listSaved(db, { category: 'Economy', limit: 100 });
    expect(econ.map((r) => r.id).sort()).toEqual(['s-0', 's-3', 's-6', 's-9']);
    expect(econ.map((r) => r.savedAt)).toEqual(econ.map((r) => r.savedAt).sort((a, b) => b - a));
    expect(await countSaved(db, { category: 'Economy' })).toBe(4);

    // both: the offset counts matching stories only
    const both = await listSaved(db, { tag: 'Even', category: 'Economy', limit: 100 });
    expect(both.map((r) => r.id).sort()).toEqual(['s-0', 's-6']);
    expect(await listSaved(db, { tag: 'Even', category: 'Economy', offset: 1, limit: 5 })).toEqual([both[1]]);
    expect(await countSaved(db, { tag: 'Even', category: 'Economy' })).toBe(2);
    expect(await countSaved(db)).toBe(12);
    // a tag is exact: a tag that only starts like another does not match it
    expect(await countSaved(db, { tag: 'Eve' })).toBe(0);
  });

  it('allTags and allCategories count stories, most used first', async () => {
    await saveStory(db, belarus, page);
    await saveStory(db, chips, page);
    await saveStory(db, cafe, { ...page, tags: ['Sanctions'] });
    const tags = await allTags(db);
    expect(tags[0]).toEqual({ tag: 'Sanctions', count: 2 });
    expect(tags).toContainEqual({ tag: '벨라루스', count: 1 });
    expect(tags).toContainEqual({ tag: 'Semiconductors', count: 1 });
    expect(tags.reduce((n, t) => n + t.count, 0)).toBe(4 + 4 + 2);
    expect(await allCategories(db)).toEqual([
      { category: 'Culture', count: 1 },
      { category: 'Economy', count: 1 },
      { category: 'Politics', count: 1 },
    ]);
  });
});

/** A minimal valid story of an id (one English edition). */
const mk = (id: string) => makeStory(id, { en: belarus.editions.en! });

describe('the saved story of a page', () => {
  it('is found by the page address it was saved on, under the canonical URL rules, newest first', async () => {
    await saveStory(db, mk('older'), { pageUrl: 'https://www.news.example/a?utm_source=x', pageTitle: '', now: 1000 });
    await saveStory(db, mk('other'), { pageUrl: 'https://news.example/b', pageTitle: '', now: 2000 });
    expect((await findSavedByPage(db, 'http://news.example/a#top'))?.id).toBe('older');
    await saveStory(db, mk('newer'), { pageUrl: 'https://news.example/a', pageTitle: '', now: 3000 });
    expect((await findSavedByPage(db, 'https://m.news.example/a'))?.id).toBe('newer');
    expect(await findSavedByPage(db, 'https://news.example/c')).toBeUndefined();
    expect(await findSavedByPage(db, 'not a url')).toBeUndefined();
  });

  it('is found by its source address when it was saved without a page (an imported library)', async () => {
    const story = mk('imported');
    await saveStory(db, story, { pageUrl: '', pageTitle: '', now: 1000 });
    expect((await findSavedByPage(db, story.source.url))?.id).toBe('imported');
    expect(await findSavedByPage(db, '')).toBeUndefined();
  });

  it('reads at most the newest `max` records (the library has no index of addresses)', async () => {
    await saveStory(db, mk('oldest'), { pageUrl: 'https://news.example/old', pageTitle: '', now: 1000 });
    for (let i = 0; i < 5; i++) {
      await saveStory(db, mk(`s${i}`), { pageUrl: `https://news.example/${i}`, pageTitle: '', now: 2000 + i });
    }
    expect((await findSavedByPage(db, 'https://news.example/old', 6))?.id).toBe('oldest');
    expect(await findSavedByPage(db, 'https://news.example/old', 5)).toBeUndefined();
    expect((await findSavedByPage(db, 'https://news.example/0', 5))?.id).toBe('s0');
  });
});
