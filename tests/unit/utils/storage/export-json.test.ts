import { describe, expect, it } from 'vitest';
import type { SavedRecord } from '../../../../utils/storage/library-rows';
import { EXPORT_FORMAT, exportJson } from '../../../../utils/storage/export-json';
import { importJson } from '../../../../utils/storage/import';
import { getSavedMany } from '../../../../utils/storage/saved';
import { search } from '../../../../utils/storage/search';
import { belarus, cafe, chips } from '../../support/storage-fixtures';
import { librarySnapshot, useTransferLibraries } from '../../support/transfer-libraries';

const libraries = useTransferLibraries();

describe('JSON export', () => {
  it('writes the versioned envelope without index fields', async () => {
    const json = JSON.parse(await exportJson(libraries.source, { now: new Date('2025-12-14T10:00:00Z') }));
    expect(json).toMatchObject({ format: EXPORT_FORMAT, version: 1, exportedAt: '2025-12-14T10:00:00.000Z' });
    expect(json.items.map((i: SavedRecord) => i.id)).toEqual([cafe.id, chips.id, belarus.id]);
    expect(Object.keys(json.items[0]).sort()).toEqual([
      'category',
      'id',
      'note',
      'pageTitle',
      'pageUrl',
      'savedAt',
      'story',
      'tags',
    ]);
  });

  it('exports only the chosen stories', async () => {
    const json = JSON.parse(await exportJson(libraries.source, { ids: [chips.id] }));
    expect(json.items.map((i: SavedRecord) => i.id)).toEqual([chips.id]);
  });

  it('round trip: import restores the records exactly, and they are searchable', async () => {
    const result = await importJson(libraries.target, await exportJson(libraries.source));
    expect(result).toEqual({ added: 3, duplicates: [], broken: [] });
    expect(await librarySnapshot(libraries.target)).toEqual(await librarySnapshot(libraries.source));
    expect((await search(libraries.target, '여러 줄')).items.map((r) => r.id)).toEqual([belarus.id]);
    expect((await getSavedMany(libraries.target)).map((r) => r.id)).toEqual([cafe.id, chips.id, belarus.id]);
  });
});
