/**
 * Dexie upgrade to version 3 (db.ts declares the stores): the library moves from `saved` (v2: heavy rows with
 * their search terms in a multi-entry index) to `library`, keyed by time, indexed in `postings` and `facets`.
 */
import type { Transaction } from 'dexie';
import type { IndexTables, SavedStory } from '../library-rows';
import { assignKeys, indexIntoPostings } from '../saved-index';
import { toSavedStory } from '../saved-record';

/** Copies the `saved` rows (dropping their derived fields) into `library`, keyed by time, and indexes them. */
export async function upgradeV2ToV3(tx: Transaction): Promise<void> {
  const old: SavedStory[] = [];
  await tx.table('saved').each((row: SavedStory) => {
    old.push(toSavedStory(row));
  });
  if (old.length === 0) return;
  const records = assignKeys(old, new Set());
  await tx.table('library').bulkAdd(records);
  const tables = {
    postings: tx.table('postings'),
    recent: tx.table('recent'),
    gone: tx.table('gone'),
    facets: tx.table('facets'),
  } as IndexTables;
  await indexIntoPostings(tables, records);
}
