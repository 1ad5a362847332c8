/** The PRISM client for the current API base, over the extension's cache. */
import { createPrismClient, PrismError, type PrismClient } from '@/utils/prism/client';
import { createCache } from '@/utils/storage/cache';
import { getDb } from '@/utils/storage/db';
import { apiBaseSetting } from '@/utils/settings';
import type { StoryAnswer } from '@/utils/messaging';

export async function currentClient(): Promise<PrismClient> {
  return createPrismClient({ base: await apiBaseSetting.getValue(), cache: createCache(getDb()) });
}

export async function getStory(id: string): Promise<StoryAnswer> {
  try {
    return { ok: true, story: await (await currentClient()).story(id) };
  } catch (err) {
    if (err instanceof PrismError) return { ok: false, kind: err.kind, message: err.message };
    return { ok: false, kind: 'unknown', message: err instanceof Error ? err.message : String(err) };
  }
}
