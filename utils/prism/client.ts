/**
 * The PRISM API client. Only a 5-hex-digit key prefix and story ids ever go over the network; the full keys are
 * compared here, in the browser. Every answer is validated against the v1 schema before it is used or cached.
 */
import { formatProblems, parseLookupShard, parseStory, type Story } from './schema';
import { keyPrefix } from './keys';
import type { Cache } from '../storage/cache';

export type PrismErrorKind = 'offline' | 'http' | 'invalid';

export class PrismError extends Error {
  constructor(
    readonly kind: PrismErrorKind,
    message: string,
    readonly status?: number,
  ) {
    super(message);
    this.name = 'PrismError';
  }
}

export interface LookupKey {
  key: string;
  kind: 'url' | 'title';
}

export interface LookupMatch {
  storyId: string;
  matchedBy: LookupKey['kind'];
}

export interface PrismClientOptions {
  base: string;
  cache: Cache;
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/** Larger answers are refused: no shard or story comes near this. */
const MAX_BYTES = 2 * 1024 * 1024;

export function apiUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/v1/${path}`;
}

export function createPrismClient({ base, cache, fetch: fetchFn = fetch, timeoutMs = 10_000 }: PrismClientOptions) {
  async function getJson(path: string): Promise<unknown | null> {
    const url = apiUrl(base, path);
    let res: Response;
    try {
      res = await fetchFn(url, {
        credentials: 'omit',
        referrerPolicy: 'no-referrer',
        // Freshness is decided by our own cache (utils/storage/cache.ts); the network is asked only when that
        // cache has nothing fresh, and then the answer must be the server's current one (a retry after a broken
        // answer must not get the broken copy back from the HTTP cache). ETags keep revalidation cheap.
        cache: 'no-cache',
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      const timedOut = err instanceof DOMException && err.name === 'TimeoutError';
      throw new PrismError('offline', timedOut ? 'The PRISM server did not answer in time.' : 'Cannot reach the PRISM server.');
    }
    if (res.status === 404) return null;
    if (!res.ok) throw new PrismError('http', `The PRISM server answered ${res.status}.`, res.status);
    const length = Number(res.headers.get('content-length') ?? 0);
    if (length > MAX_BYTES) throw new PrismError('invalid', 'The PRISM server sent an answer that is too large.');
    const text = await res.text();
    if (text.length > MAX_BYTES) throw new PrismError('invalid', 'The PRISM server sent an answer that is too large.');
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new PrismError('invalid', 'The PRISM server sent an answer that is not JSON.');
    }
  }

  async function shard(prefix: string) {
    const cached = await cache.getShard(prefix);
    if (cached?.fresh) return cached.value;
    try {
      const body = await getJson(`lookup/${prefix}.json`);
      if (body === null) {
        await cache.putShard(prefix, []);
        return [];
      }
      const parsed = parseLookupShard(body);
      if (!parsed.ok) {
        throw new PrismError('invalid', `PRISM sent a lookup answer this version cannot read (${formatProblems(parsed.problems, 3)}).`);
      }
      await cache.putShard(prefix, parsed.value.entries);
      return parsed.value.entries;
    } catch (err) {
      // Offline with a stale answer at hand: the stale answer is better than none.
      if (cached && err instanceof PrismError && err.kind === 'offline') return cached.value;
      throw err;
    }
  }

  return {
    /** The first key (in the order given: URL keys before the title key) that the API knows. */
    async lookup(keys: LookupKey[]): Promise<LookupMatch | null> {
      const prefixes = [...new Set(keys.map((k) => keyPrefix(k.key)))];
      const shards = new Map<string, Awaited<ReturnType<typeof shard>>>();
      await Promise.all(prefixes.map(async (p) => shards.set(p, await shard(p))));
      for (const k of keys) {
        const entry = shards.get(keyPrefix(k.key))?.find((e) => e.key === k.key);
        if (entry) return { storyId: entry.story, matchedBy: k.kind };
      }
      return null;
    },

    async story(id: string): Promise<Story> {
      const cached = await cache.getStory(id);
      if (cached?.fresh) return cached.value;
      try {
        const body = await getJson(`stories/${encodeURIComponent(id)}.json`);
        if (body === null) throw new PrismError('http', 'PRISM has no such story any more.', 404);
        const parsed = parseStory(body);
        if (!parsed.ok) {
          throw new PrismError('invalid', `PRISM sent a story this version cannot read (${formatProblems(parsed.problems, 3)}).`);
        }
        if (parsed.value.id !== id) throw new PrismError('invalid', `Asked for story ${id}, got ${parsed.value.id}.`);
        await cache.putStory(parsed.value);
        return parsed.value;
      } catch (err) {
        if (cached && err instanceof PrismError && err.kind === 'offline') return cached.value;
        throw err;
      }
    },
  };
}
export type PrismClient = ReturnType<typeof createPrismClient>;
