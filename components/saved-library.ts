/**
 * Where the Save button reads and writes the library. Extension pages use IndexedDB directly (Dexie, live across
 * pages, loaded after the first paint: saved-library-local.ts). The overlay's reading card cannot: it is an extension page framed in a web page, and Chromium gives such
 * a frame partitioned or no IndexedDB (third-party storage), so its library would not be the reader's library. The
 * card provides one that asks the background instead (components/overlay/card-library.ts).
 */
import { createContext } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { Story } from '@/utils/prism/schema';
import type { SaveOptions } from '@/utils/storage/saved-record';

/** Dexie and the library code, imported when first needed: after the view's first paint, not before it. */
const local = () => import('@/adapters/saved-library-local');

export interface SavedLibrary {
  /** A hook: whether the story is saved (undefined while reading), kept current. */
  useSaved(id: string): boolean | undefined;
  save(story: Story, options: SaveOptions): Promise<unknown>;
  /** Removes a saved story; answers how to undo that (the record as it was, note included) and whether it had a note. */
  unsave(id: string): Promise<Unsaved>;
  /**
   * The reader's saved copy of a page, by its address (when PRISM could not be asked about the page). Absent where
   * the library cannot be read by address (the reading card: none is looked for).
   */
  pageCopy?(pageUrl: string): Promise<Story | undefined>;
}

/** What an unsave removed: `undo` puts it back as it was; `hadNote`: the reader had written a note on it. */
interface Unsaved {
  undo: (() => Promise<unknown>) | null;
  hadNote: boolean;
}

export const localLibrary: SavedLibrary = {
  useSaved(id) {
    const [saved, setSaved] = useState<boolean | undefined>(undefined);
    useEffect(() => {
      setSaved(undefined);
      let stop: (() => void) | undefined;
      let alive = true;
      void local().then(
        (m) => {
          if (alive) stop = m.watchSaved(id, setSaved);
        },
        () => alive && setSaved(undefined),
      );
      return () => {
        alive = false;
        stop?.();
      };
    }, [id]);
    return saved;
  },
  save: async (story, options) => (await local()).save(story, options),
  pageCopy: async (pageUrl) => (await local()).pageCopy(pageUrl),
  unsave: async (id) => {
    const m = await local();
    const removed = await m.unsave(id);
    return removed
      ? { undo: () => m.restoreSaved(removed), hadNote: removed.note.trim() !== '' }
      : { undo: null, hadNote: false };
  },
};

export const SavedLibraryContext = createContext<SavedLibrary>(localLibrary);
