/**
 * The card's library, kept by the background: the card page has no IndexedDB of the extension's (Chromium gives a
 * frame of an extension page in a web page partitioned or no storage), so its Save button
 * (components/overlay/card-library.ts) asks here. A save stores the story the background has for the id (fetched
 * when the card opened it), with the page the tab is on.
 */
import type { OverlayLibraryAnswer, OverlayLibraryOp } from '@/utils/messages';
import { getDb } from '@/utils/storage/db';
import type { SavedRecord } from '@/utils/storage/library-rows';
import { isSaved, restore, saveStory, unsaveStory } from '@/utils/storage/saved';
import { getStory } from './prism-service';
import { getTabState } from './tab-state-store';

/** What the card's last unsave of each story removed, note included, for its Undo (this worker's lifetime). */
const unsavedRecords = new Map<string, SavedRecord>();

export async function libraryRequest(tabId: number, op: OverlayLibraryOp, id: string): Promise<OverlayLibraryAnswer> {
  try {
    if (op === 'isSaved') return { ok: true, saved: await isSaved(getDb(), id) };
    if (op === 'unsave') {
      const removed = await unsaveStory(getDb(), id);
      if (removed) unsavedRecords.set(id, removed);
      return { ok: true, saved: false, hadNote: (removed?.note.trim() ?? '') !== '' };
    }
    if (op === 'restore') {
      const removed = unsavedRecords.get(id);
      if (!removed) return { ok: false, message: 'Nothing to undo.' };
      await restore(getDb(), removed);
      unsavedRecords.delete(id);
      return { ok: true, saved: true };
    }
    const [answer, state] = await Promise.all([getStory(id), getTabState(tabId)]);
    if (!answer.ok) return { ok: false, message: answer.message };
    await saveStory(getDb(), answer.story, {
      pageUrl: state?.page?.url ?? '',
      pageTitle: state?.page?.titles[0] ?? '',
    });
    return { ok: true, saved: true };
  } catch (err) {
    return { ok: false, message: err instanceof Error ? err.message : String(err) };
  }
}
