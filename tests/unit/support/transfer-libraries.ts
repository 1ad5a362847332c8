import { afterEach, beforeEach } from 'vitest';
import type { PrismDb } from '../../../utils/storage/db';
import { saveStory } from '../../../utils/storage/saved';
import { belarus, cafe, chips, openTestDb } from './storage-fixtures';

/** The page the stories of `source` were saved from (a title with quotes, for the exporters). */
const SAVED_FROM = { pageUrl: 'https://news.example/a', pageTitle: 'Page: "quoted"' };

/**
 * Two libraries for an export → import test, fresh for each test of the file that calls this: `source` holds
 * three saved stories (a Korean note, a Korean tag, an English tag), `target` is empty.
 */
export function useTransferLibraries(): { readonly source: PrismDb; readonly target: PrismDb } {
  const libraries = {} as { source: PrismDb; target: PrismDb };
  beforeEach(async () => {
    libraries.source = openTestDb();
    libraries.target = openTestDb();
    const { source } = libraries;
    await saveStory(source, belarus, { ...SAVED_FROM, now: 1_700_000_000_123, note: '메모: 여러 줄\n두 번째 줄' });
    await saveStory(source, chips, { ...SAVED_FROM, now: 1_700_000_500_000, tags: ['내 태그'] });
    await saveStory(source, cafe, { ...SAVED_FROM, now: 1_700_000_900_000, tags: ['Weekend'] });
  });
  afterEach(async () => {
    await libraries.source.delete();
    await libraries.target.delete();
  });
  return libraries;
}

/** A library's records without their local auto-increment key (the only field an import does not carry over). */
export const librarySnapshot = async (db: PrismDb) =>
  (await db.library.toArray()).map(({ key: _key, ...rest }) => rest).sort((a, b) => a.id.localeCompare(b.id));
