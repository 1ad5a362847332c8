/**
 * The library in IndexedDB (Dexie), for the Save button of extension pages: a module of its own, loaded after the
 * view's first paint (components/saved-library.ts), so that the popup shows its story before Dexie is evaluated.
 */
import { liveQuery } from 'dexie';
import type { Story } from '@/utils/prism/schema';
import { getDb } from '@/utils/storage/db';
import { findSavedByPage, isSaved, restore, saveStory, unsaveStory } from '@/utils/storage/saved';
import type { SavedRecord } from '@/utils/storage/library-rows';
import type { SaveOptions } from '@/utils/storage/saved-record';

/** Calls `onValue` with whether `id` is saved, now and whenever that changes (in any extension page); stops on call. */
export function watchSaved(id: string, onValue: (saved: boolean | undefined) => void): () => void {
  const sub = liveQuery(() => isSaved(getDb(), id)).subscribe({ next: onValue, error: () => onValue(undefined) });
  return () => sub.unsubscribe();
}

export const save = (story: Story, options: SaveOptions) => saveStory(getDb(), story, options);
export const unsave = (id: string) => unsaveStory(getDb(), id);
/** Puts an unsaved story back as it was, its note included (the Undo of an unsave). */
export const restoreSaved = (record: SavedRecord) => restore(getDb(), record);
/** The reader's saved copy of a page, by its address (utils/storage/saved.ts `findSavedByPage`). */
export const pageCopy = async (pageUrl: string) => (await findSavedByPage(getDb(), pageUrl))?.story;
