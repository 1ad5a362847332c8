/** After an update of the extension, a library saved by an older version gets its paired tags counted. */
import 'fake-indexeddb/auto';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { registerLibraryUpkeep } from '../../../../entrypoints/background/library-upkeep';
import { getDb } from '../../../../utils/storage/db';
import { allTagPairs, saveStory, unsaveAll } from '../../../../utils/storage/saved';
import { chips } from '../../support/storage-fixtures';

beforeEach(async () => {
  fakeBrowser.reset();
  await unsaveAll(getDb());
  await saveStory(getDb(), chips, { pageUrl: '', pageTitle: '' });
  await getDb().facets.where('kind').equals('pair').delete(); // as an older version left it
  registerLibraryUpkeep();
});

describe('library upkeep', () => {
  it('counts the paired tags again on an update', async () => {
    await fakeBrowser.runtime.onInstalled.trigger({ reason: 'update', temporary: false } as never);
    await vi.waitFor(async () => expect(await allTagPairs(getDb())).toHaveLength(2));
  });

  it('does nothing on an install', async () => {
    await fakeBrowser.runtime.onInstalled.trigger({ reason: 'install', temporary: false } as never);
    await new Promise((r) => setTimeout(r, 100));
    expect(await allTagPairs(getDb())).toEqual([]);
  });
});
