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

/**
 * The stories this worker last read from or wrote to a database, while they are fresh (`expiresAt`): a popup opened
 * again on the same story is answered without an IndexedDB read. A story dropped (withdrawn) leaves it too, and a
 * prune empties it; only the background writes this cache, so its memory never holds what the table no longer has.
 */
const MAX_HELD_STORIES = 50;
const heldStories = new WeakMap<PrismDb, Map<string, { story: Story; expiresAt: number }>>();
function holdStory(db: PrismDb, key: string, story: Story, expiresAt: number): void {
  let held = heldStories.get(db);
  if (!held) heldStories.set(db, (held = new Map()));
  held.delete(key);
  held.set(key, { story, expiresAt });
  if (held.size > MAX_HELD_STORIES) held.delete(held.keys().next().value!);
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
    /** A new key set is in use: shards fetched before it may lack its keys (docs/deploy.md), none is used again. */
    async dropShards(): Promise<void> {
      await db.apiShards.where('[base+prefix]').between([base, ''], [base, '\uffff']).delete();
      for (const key of privateRows.shards.keys()) if (key.startsWith(`${base} `)) privateRows.shards.delete(key);
    },
    async getStory(id: string): Promise<Cached<Story> | undefined> {
      const held = heldStories.get(db)?.get(`${base} ${id}`);
      if (held && held.expiresAt > now()) return { value: held.story, fresh: true };
      const row = await db.apiStories.get([base, id]);
      if (row && row.expiresAt > now()) holdStory(db, `${base} ${id}`, row.story, row.expiresAt);
      return row && { value: row.story, fresh: row.expiresAt > now() };
    },
    async putStory(story: Story, ttlMs = STORY_TTL_MS): Promise<void> {
      const t = now();
      await db.apiStories.put({ base, id: story.id, story, fetchedAt: t, expiresAt: t + ttlMs });
      holdStory(db, `${base} ${story.id}`, story, t + ttlMs);
    },
    /** PRISM withdrew the story: no cached copy of it is shown again. */
    async dropStory(id: string): Promise<void> {
      heldStories.get(db)?.delete(`${base} ${id}`);
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
      heldStories.get(db)?.clear();
    },
  };
}
export type Cache = ReturnType<typeof createCache>;

/** What private lookups fetched, in this worker's memory only (gone when it stops), at most MAX_PRIVATE_ROWS a kind. */
const MAX_PRIVATE_ROWS = 200;
const privateRows = { shards: new Map<string, LookupEntry[]>(), stories: new Map<string, Story>() };
const remember = <T>(map: Map<string, T>, key: string, value: T) => {
  map.delete(key);
  map.set(key, value);
  if (map.size > MAX_PRIVATE_ROWS) map.delete(map.keys().next().value!);
};

/** Forgets every private lookup's answers (the last private window closed). */
export function forgetPrivateRows(): void {
  privateRows.shards.clear();
  privateRows.stories.clear();
}

/**
 * The cache for lookups from a private (incognito) window: it reads what the shared cache holds, and keeps what
 * it fetches in memory only, never in IndexedDB, so no shard or story looked up there outlives the window on disk
 * (docs/privacy.md, "Private windows"). The key set is the catalogue's, not the reader's: shared as it is.
 */
export function privateCache(cache: Cache, base: string): Cache {
  const at = (id: string) => `${base} ${id}`;
  return {
    ...cache,
    async getShard(prefix) {
      const mine = privateRows.shards.get(at(prefix));
      return mine ? { value: mine, fresh: true } : cache.getShard(prefix);
    },
    async putShard(prefix, entries) {
      remember(privateRows.shards, at(prefix), entries);
    },
    async getStory(id) {
      const mine = privateRows.stories.get(at(id));
      return mine ? { value: mine, fresh: true } : cache.getStory(id);
    },
    async putStory(story) {
      remember(privateRows.stories, at(story.id), story);
    },
    async dropStory(id) {
      privateRows.stories.delete(at(id));
      await cache.dropStory(id);
    },
  };
}
