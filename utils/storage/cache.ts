/**
 * The API cache, keyed by API base (a reader who changes the base never sees another server's answers). A stale
 * entry is still returned (marked stale) so that a reader who is offline sees what was fetched before; the caller
 * decides whether to refresh. Bounded: expired entries are pruned, and at most MAX_ROWS of each kind are kept.
 */
import type { LookupEntry, Story } from '../prism/schema';
import type { KeySetRow, PrismDb } from './db';

export const SHARD_TTL_MS = 60 * 60 * 1000;
export const STORY_TTL_MS = 24 * 60 * 60 * 1000;
/** Per table: a reader reads far fewer analysed articles than this in a day. */
export const MAX_ROWS = 2000;

export interface Cached<T> {
  value: T;
  fresh: boolean;
}

export function createCache(db: PrismDb, base: string, now: () => number = Date.now) {
  return {
    async getShard(prefix: string): Promise<Cached<LookupEntry[]> | undefined> {
      const row = await db.apiShards.get([base, prefix]);
      return row && { value: row.entries, fresh: row.expiresAt > now() };
    },
    async putShard(prefix: string, entries: LookupEntry[], ttlMs = SHARD_TTL_MS): Promise<void> {
      const t = now();
      await db.apiShards.put({ base, prefix, entries, fetchedAt: t, expiresAt: t + ttlMs });
    },
    async getStory(id: string): Promise<Cached<Story> | undefined> {
      const row = await db.apiStories.get([base, id]);
      return row && { value: row.story, fresh: row.expiresAt > now() };
    },
    async putStory(story: Story, ttlMs = STORY_TTL_MS): Promise<void> {
      const t = now();
      await db.apiStories.put({ base, id: story.id, story, fetchedAt: t, expiresAt: t + ttlMs });
    },
    /** PRISM withdrew the story: no cached copy of it is shown again. */
    async dropStory(id: string): Promise<void> {
      await db.apiStories.delete([base, id]);
    },
    getKeySet: (): Promise<KeySetRow | undefined> => db.keysets.get(base),
    putKeySet: (row: Omit<KeySetRow, 'base'>) => db.keysets.put({ ...row, base }).then(() => undefined),
    async touchKeySet(checkedAt: number): Promise<void> {
      await db.keysets.update(base, { checkedAt });
    },
    /** Drops expired entries (a day of stale data is kept for offline reading) and the oldest past MAX_ROWS. */
    async prune(): Promise<void> {
      const t = now() - STORY_TTL_MS;
      for (const table of [db.apiShards, db.apiStories] as const) {
        await table.where('expiresAt').below(t).delete();
        const extra = (await table.count()) - MAX_ROWS;
        if (extra > 0) await table.orderBy('expiresAt').limit(extra).delete();
      }
    },
  };
}
export type Cache = ReturnType<typeof createCache>;
