/** The open story follows its record (a note saved elsewhere), and closes if it was deleted elsewhere. */
import type { SavedRecord } from '@/utils/storage/library-rows';
import { getDb } from '@/utils/storage/db';
import { useLiveQuery } from '../use-live';

/** The record to show for `selected`: as stored now, null once deleted; `version` bumps on any library change. */
export function useOpenStory(selected: SavedRecord | null, version: number): SavedRecord | null {
  const live = useLiveQuery(
    async () => (selected ? ((await getDb().library.where('id').equals(selected.id).first()) ?? null) : null),
    [selected?.id, version],
  );
  return live === undefined ? selected : live;
}
