import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { PrismDb, SavedRecord } from '../../utils/storage/db';
import { EXPORT_FORMAT, exportJson, toExport } from '../../utils/storage/export-json';
import { ImportFormatError, importJson } from '../../utils/storage/import';
import { getSaved, getSavedMany, saveStory, setTags } from '../../utils/storage/saved';
import { search } from '../../utils/storage/search';
import { belarus, cafe, chips, openTestDb } from './storage-fixtures';

let source: PrismDb;
let target: PrismDb;
const page = { pageUrl: 'https://news.example/a', pageTitle: 'Page: "quoted"' };

beforeEach(async () => {
  source = openTestDb();
  target = openTestDb();
  await saveStory(source, belarus, { ...page, now: 1_700_000_000_123, note: '메모: 여러 줄\n두 번째 줄' });
  await saveStory(source, chips, { ...page, now: 1_700_000_500_000, tags: ['내 태그'] });
  await saveStory(source, cafe, { ...page, now: 1_700_000_900_000 });
  await setTags(source, cafe.id, ['Coffee', 'Weekend']);
});
afterEach(async () => {
  await source.delete();
  await target.delete();
});

/** The records without their local auto-increment key (the only field an import does not carry over). */
const snapshot = async (db: PrismDb) =>
  (await db.library.toArray()).map(({ key: _key, ...rest }) => rest).sort((a, b) => a.id.localeCompare(b.id));

describe('JSON export', () => {
  it('writes the versioned envelope without index fields', async () => {
    const json = JSON.parse(await exportJson(source, { now: new Date('2025-12-14T10:00:00Z') }));
    expect(json).toMatchObject({ format: EXPORT_FORMAT, version: 1, exportedAt: '2025-12-14T10:00:00.000Z' });
    expect(json.items.map((i: SavedRecord) => i.id)).toEqual([cafe.id, chips.id, belarus.id]);
    expect(Object.keys(json.items[0]).sort()).toEqual(
      ['category', 'id', 'note', 'pageTitle', 'pageUrl', 'savedAt', 'story', 'tags'],
    );
  });

  it('exports only the chosen stories', async () => {
    const json = JSON.parse(await exportJson(source, { ids: [chips.id] }));
    expect(json.items.map((i: SavedRecord) => i.id)).toEqual([chips.id]);
  });

  it('round trip: import restores the records exactly, and they are searchable', async () => {
    const result = await importJson(target, await exportJson(source));
    expect(result).toEqual({ added: 3, duplicates: [], broken: [] });
    expect(await snapshot(target)).toEqual(await snapshot(source));
    expect((await search(target, '여러 줄')).items.map((r) => r.id)).toEqual([belarus.id]);
    expect((await getSavedMany(target)).map((r) => r.id)).toEqual([cafe.id, chips.id, belarus.id]);
  });
});

describe('JSON import', () => {
  it('rejects text that is not JSON, with nothing changed', async () => {
    await importJson(target, await exportJson(source, { ids: [belarus.id] }));
    const before = await snapshot(target);
    await expect(importJson(target, '{"format": "prism-lens-library", ')).rejects.toMatchObject({
      name: 'ImportFormatError',
      code: 'not-json',
    });
    await expect(importJson(target, '<html></html>')).rejects.toBeInstanceOf(ImportFormatError);
    expect(await snapshot(target)).toEqual(before);
  });

  it('rejects JSON that is not our format, or a newer version', async () => {
    await expect(importJson(target, '[]')).rejects.toMatchObject({ code: 'not-library' });
    await expect(importJson(target, JSON.stringify({ format: 'other', version: 1, items: [] }))).rejects.toMatchObject(
      { code: 'not-library' },
    );
    await expect(importJson(target, JSON.stringify({ format: EXPORT_FORMAT, version: 1 }))).rejects.toThrow(
      /not a PRISM Lens library export/,
    );
    await expect(
      importJson(target, JSON.stringify({ format: EXPORT_FORMAT, version: 2, exportedAt: '', items: [] })),
    ).rejects.toMatchObject({ code: 'newer-version' });
    expect(await target.library.count()).toBe(0);
  });

  it('skips and reports broken records, imports the rest', async () => {
    const env = JSON.parse(await exportJson(source));
    const good = env.items[0];
    env.items = [
      good,
      { ...env.items[1], story: { ...env.items[1].story, url: 'javascript:alert(1)' } },
      'not a record',
      { ...env.items[2], savedAt: 'yesterday' },
      { ...env.items[2], id: 'someone-else' },
    ];
    const result = await importJson(target, JSON.stringify(env));
    expect(result.added).toBe(1);
    expect(result.duplicates).toEqual([]);
    expect(result.broken.map((b) => b.index)).toEqual([1, 2, 3, 4]);
    expect(result.broken[0]?.reason).toMatch(/story\.url/);
    expect(result.broken[2]?.reason).toMatch(/savedAt/);
    expect(result.broken[3]?.reason).toMatch(/id must equal story\.id/);
    expect((await target.library.toArray()).map((r) => r.id)).toEqual([good.id]);
  });

  it('keeps what is already saved and reports duplicates (also within the file)', async () => {
    await saveStory(target, belarus, { pageUrl: 'https://other.example/', pageTitle: 'Mine', note: 'my note', now: 5 });
    const before = await snapshot(target);
    const env = toExport(await getSavedMany(source));
    env.items.push(env.items[0]!); // cafe twice
    const result = await importJson(target, JSON.stringify(env));
    expect(result.added).toBe(2);
    expect(result.broken).toEqual([]);
    expect(result.duplicates).toEqual([
      { index: 2, id: belarus.id },
      { index: 3, id: cafe.id },
    ]);
    const { key: _key, ...mine } = (await getSaved(target, belarus.id))!;
    expect(mine).toEqual(before[0]);
    expect(mine.note).toBe('my note');
    expect(await target.library.count()).toBe(3);
  });
});
