/** The PRISM client for the current API base, over the extension's cache (keyed by that base). */
import { createPrismClient, faultOf, PrismError, type PrismClient } from '@/utils/prism/client';
import { createCache } from '@/utils/storage/cache';
import { getDb } from '@/utils/storage/db';
import { getSaved, markWithdrawn } from '@/utils/storage/saved';
import { apiBaseSetting } from '@/stores/storage-items';
import { normalizeApiBase } from '@/utils/settings';
import type { StoryAnswer } from '@/utils/messaging';

/** The client of the current API base, or of `forBase` (a key-set refresh works on the base it was started for). */
export async function currentClient(forBase?: string): Promise<PrismClient> {
  const base = forBase ?? (await apiBaseSetting.getValue());
  const allowed = normalizeApiBase(base);
  // A store build never talks plain http (an address set by an older version, or by hand in storage).
  const refused = allowed.ok ? undefined : 'The PRISM API address must be an https address (see the options page).';
  return createPrismClient({ base, cache: createCache(getDb(), base), refused });
}

/** The story of an id, for the popup, side panel or overlay that is opening it (never fetched before that). */
export async function getStory(id: string): Promise<StoryAnswer> {
  try {
    return { ok: true, story: await (await currentClient()).story(id) };
  } catch (err) {
    // A copy the reader saved is kept, marked as withdrawn (the library shows it so).
    if (err instanceof PrismError && err.kind === 'withdrawn') await markWithdrawn(getDb(), id, Date.now());
    const { kind, status, detail, retryAfterMs } = faultOf(err);
    const saved = (await getSaved(getDb(), id).catch(() => undefined))?.story;
    return {
      ok: false,
      kind,
      message: detail,
      ...(status === undefined ? {} : { status }),
      ...(retryAfterMs === undefined ? {} : { retryAfterMs }),
      ...(saved ? { saved } : {}),
    };
  }
}
