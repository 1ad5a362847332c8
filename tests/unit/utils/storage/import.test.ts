import { describe, expect, it } from 'vitest';
import { EXPORT_FORMAT, exportJson, toExport } from '../../../../utils/storage/export-json';
import { ImportFormatError, importJson } from '../../../../utils/storage/import';
import { getSaved, getSavedMany, saveStory } from '../../../../utils/storage/saved';
import { belarus, cafe } from '../../support/storage-fixtures';
import { librarySnapshot, useTransferLibraries } from '../../support/transfer-libraries';

const libraries = useTransferLibraries();

describe('JSON import', () => {
  it('rejects text that is not JSON, with nothing changed', async () => {
    await importJson(libraries.target, await exportJson(libraries.source, { ids: [belarus.id] }));
    const before = await librarySnapshot(libraries.target);
    await expect(importJson(libraries.target, '{"format": "prism-lens-library", ')).rejects.toMatchObject({
      name: 'ImportFormatError',
      code: 'not-json',
    });
    await expect(importJson(libraries.target, '<html></html>')).rejects.toBeInstanceOf(ImportFormatError);
    expect(await librarySnapshot(libraries.target)).toEqual(before);
  });

  it('rejects JSON that is not our format, or a newer version', async () => {
    await expect(importJson(libraries.target, '[]')).rejects.toMatchObject({ code: 'not-library' });
    await expect(
      importJson(libraries.target, JSON.stringify({ format: 'other', version: 1, items: [] })),
    ).rejects.toMatchObject({ code: 'not-library' });
    await expect(importJson(libraries.target, JSON.stringify({ format: EXPORT_FORMAT, version: 1 }))).rejects.toThrow(
      /not a PRISM Lens library export/,
    );
    await expect(
      importJson(libraries.target, JSON.stringify({ format: EXPORT_FORMAT, version: 2, exportedAt: '', items: [] })),
    ).rejects.toMatchObject({ code: 'newer-version' });
    expect(await libraries.target.library.count()).toBe(0);
  });

  it('skips and reports broken records, imports the rest', async () => {
    const env = JSON.parse(await exportJson(libraries.source));
    const good = env.items[0];
    env.items = [
      good,
      { ...env.items[1], story: { ...env.items[1].story, url: 'javascript:alert(1)' } },
      'not a record',
      { ...env.items[2], savedAt: 'yesterday' },
      { ...env.items[2], id: 'someone-else' },
    ];
    const result = await importJson(libraries.target, JSON.stringify(env));
    expect(result.added).toBe(1);
    expect(result.duplicates).toEqual([]);
    expect(result.broken.map((b) => b.index)).toEqual([1, 2, 3, 4]);
    expect(result.broken[0]?.reason).toMatch(/story\.url/);
    expect(result.broken[2]?.reason).toMatch(/savedAt/);
    expect(result.broken[3]?.reason).toMatch(/id must equal story\.id/);
    expect((await libraries.target.library.toArray()).map((r) => r.id)).toEqual([good.id]);
  });

  it('keeps what is already saved and reports duplicates (also within the file)', async () => {
    await saveStory(libraries.target, belarus, {
      pageUrl: 'https://other.example/',
      pageTitle: 'Mine',
      note: 'my note',
      now: 5,
    });
    const before = await librarySnapshot(libraries.target);
    const env = toExport(await getSavedMany(libraries.source));
    env.items.push(env.items[0]!); // cafe twice
    const result = await importJson(libraries.target, JSON.stringify(env));
    expect(result.added).toBe(2);
    expect(result.broken).toEqual([]);
    expect(result.duplicates).toEqual([
      { index: 2, id: belarus.id },
      { index: 3, id: cafe.id },
    ]);
    const { key: _key, ...mine } = (await getSaved(libraries.target, belarus.id))!;
    expect(mine).toEqual(before[0]);
    expect(mine.note).toBe('my note');
    expect(await libraries.target.library.count()).toBe(3);
  });

  it("keeps a record's tags as the file has them, even without some of its story's own", async () => {
    // An older version let the reader remove a story's tags: the record has fewer tags than its story.
    const env = toExport(await getSavedMany(libraries.source));
    const item = env.items.find((i) => i.id === cafe.id)!;
    expect(item.tags).toContain('Coffee');
    item.tags = ['Weekend'];
    expect((await importJson(libraries.target, JSON.stringify(env))).added).toBe(3);
    expect((await getSaved(libraries.target, cafe.id))?.tags).toEqual(['Weekend']);
  });
});
