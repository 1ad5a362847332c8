/**
 * The lookup-shard and story cache. A stale entry is still returned (marked stale) so that a reader who is
 * offline sees what was fetched before; the caller decides whether to refresh.
 */
import type { Story } from '../prism/schema';
import type { PrismDb, ShardRow } from './db';

export const SHARD_TTL_MS = 60 * 60 * 1000;
export const STORY_TTL_MS = 24 * 60 * 60 * 1000;

export interface Cached<T> {
  value: T;
  fresh: boolean;
}

export function createCache(db: PrismDb, now: () => number = Date.now) {
  return {
    async getShard(prefix: string): Promise<Cached<ShardRow['entries']> | undefined> {
      const row = await db.shards.get(prefix);
      return row && { value: row.entries, fresh: row.expiresAt > now() };
    },
    async putShard(prefix: string, entries: ShardRow['entries'], ttlMs = SHARD_TTL_MS): Promise<void> {
      const t = now();
      await db.shards.put({ prefix, entries, fetchedAt: t, expiresAt: t + ttlMs });
    },
    async getStory(id: string): Promise<Cached<Story> | undefined> {
      const row = await db.stories.get(id);
      return row && { value: row.story, fresh: row.expiresAt > now() };
    },
    async putStory(story: Story, ttlMs = STORY_TTL_MS): Promise<void> {
      const t = now();
      await db.stories.put({ id: story.id, story, fetchedAt: t, expiresAt: t + ttlMs });
    },
    /** Drops expired entries; called now and then so the cache does not grow without end. */
    async prune(): Promise<void> {
      const t = now() - STORY_TTL_MS; // keep a day of stale data for offline reading
      await db.shards.where('expiresAt').below(t).delete();
      await db.stories.where('expiresAt').below(t).delete();
    },
  };
}
export type Cache = ReturnType<typeof createCache>;
