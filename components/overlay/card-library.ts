/**
 * The reading card's library: Save and its state, through the background (which has the extension's IndexedDB).
 * The card is an extension page framed in a web page, where Chromium gives it partitioned or no IndexedDB, so
 * Dexie there would not reach the reader's library (components/saved-library.ts). The background saves the story
 * it has for the id (the one the card shows), with the page the tab is on.
 */
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { SavedLibrary } from '../saved-library';
import { OVERLAY_LIBRARY_TYPE, type OverlayLibraryAnswer, type OverlayLibraryOp } from '@/utils/messages';

async function ask(op: OverlayLibraryOp, id: string): Promise<OverlayLibraryAnswer> {
  try {
    const answer = (await browser.runtime.sendMessage({ type: OVERLAY_LIBRARY_TYPE, op, id })) as
      OverlayLibraryAnswer | undefined;
    return answer ?? { ok: false, message: 'No answer from PRISM Lens.' };
  } catch (err) {
    return { ok: false, message: err instanceof Error ? err.message : String(err) };
  }
}

/** The cards' saved-state readers, told when this card saved or unsaved something. */
const readers = new Set<() => void>();

async function change(op: 'save' | 'unsave' | 'restore', id: string): Promise<OverlayLibraryAnswer & { ok: true }> {
  const answer = await ask(op, id);
  readers.forEach((read) => read());
  if (!answer.ok) throw new Error(answer.message);
  return answer;
}

export const cardLibrary: SavedLibrary = {
  useSaved(id) {
    const [saved, setSaved] = useState<boolean | undefined>(undefined);
    useEffect(() => {
      let alive = true;
      const read = () =>
        void ask('isSaved', id).then((a) => {
          if (alive) setSaved(a.ok ? a.saved : undefined);
        });
      read();
      readers.add(read);
      // Saved or removed elsewhere (the popup, the library) while the card was closed: read again when it opens.
      window.addEventListener('focus', read);
      return () => {
        alive = false;
        readers.delete(read);
        window.removeEventListener('focus', read);
      };
    }, [id]);
    return saved;
  },
  save: (story) => change('save', story.id),
  // The background keeps what it removed, so the card's Undo puts the story back with the reader's note.
  unsave: async (id) => {
    const answer = await change('unsave', id);
    return { undo: () => change('restore', id), hadNote: answer.hadNote === true };
  },
};
