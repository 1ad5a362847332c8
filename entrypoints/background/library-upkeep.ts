/**
 * Library upkeep after an update of the extension: a library saved by an older version gets what the new one counts
 * (the paired English and Korean tags of the tag filter, utils/storage/saved.ts `recountTagPairs`). Runs once per
 * update, in the background; a failure is reported and tried again at the next update.
 */
import { browser } from 'wxt/browser';
import { getDb } from '@/utils/storage/db';
import { recountTagPairs } from '@/utils/storage/saved';

export function registerLibraryUpkeep(): void {
  browser.runtime.onInstalled.addListener((details) => {
    if (details.reason !== 'update') return;
    void recountTagPairs(getDb()).catch((err: unknown) => console.warn('PRISM Lens: library upkeep failed', err));
  });
}
