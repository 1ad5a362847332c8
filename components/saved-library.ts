/**
 * Where the Save button reads and writes the library. Extension pages use IndexedDB directly (Dexie, live across
 * pages). The overlay's reading card cannot: it is an extension page framed in a web page, and Chromium gives such
 * a frame partitioned or no IndexedDB (third-party storage), so its library would not be the reader's library. The
 * card provides one that asks the background instead (components/overlay/card-library.ts).
 */
import { createContext } from 'preact';
import type { Story } from '@/utils/prism/schema';
import { getDb } from '@/utils/storage/db';
import { isSaved, saveStory, unsaveStory, type SaveOptions } from '@/utils/storage/saved';
import { useLiveQuery } from './use-live';

export interface SavedLibrary {
  /** A hook: whether the story is saved (undefined while reading), kept current. */
  useSaved(id: string): boolean | undefined;
  save(story: Story, options: SaveOptions): Promise<unknown>;
  unsave(id: string): Promise<unknown>;
}

export const localLibrary: SavedLibrary = {
  useSaved: (id) => useLiveQuery(() => isSaved(getDb(), id), [id]),
  save: (story, options) => saveStory(getDb(), story, options),
  unsave: (id) => unsaveStory(getDb(), id),
};

export const SavedLibraryContext = createContext<SavedLibrary>(localLibrary);
