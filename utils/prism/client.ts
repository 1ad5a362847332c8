/**
 * The PRISM API client (contract v2, docs/prism-api.md). What it asks for: `meta.json` and the key set (the same
 * for every reader), the one shard that names a key the local key set holds, and a story by id when the reader
 * opens it. Every answer is read under a byte cap counted on the stream and validated against the schema before
 * it is used or cached. Requests carry no cookies, no referrer and no validators (`cache: 'no-store'`: an ETag
 * would let a server recognise a browser). Identical requests in flight are shared.
 */
import { AnswerNotTextError, AnswerTooLargeError, readCappedBytes, readCappedText } from './read-capped';
import {
  API_PREFIX,
  formatProblems,
  isWithdrawn,
  parseLookupShard,
  parseMeta,
  parseStoryFile,
  type KeySetRef,
  type LookupEntry,
  type Meta,
  type Story,
} from './schema';
import type { Cache } from '../storage/cache';
import { sha256hexOfBytes } from './keys';

export type PrismErrorKind = 'offline' | 'http' | 'invalid' | 'withdrawn';

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

export interface PrismClientOptions {
  base: string;
  cache: Cache;
  fetch?: typeof fetch;
  timeoutMs?: number;
  /** Set when this build may not talk to `base` (not https): every request fails with this reason. */
  refused?: string;
}

/** Caps per kind of answer: none comes near them (bench.md has the real sizes). */
export const MAX_BYTES = {
  meta: 64 * 1024,
  shard: 1024 * 1024,
  story: 2 * 1024 * 1024,
  keyset: 64 * 1024 * 1024,
} as const;

export function apiUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${API_PREFIX}/${path}`;
}

/** One request per URL at a time, shared by every caller (twenty tabs of one article make one request). */
const inflight = new Map<string, Promise<unknown>>();
function shared<T>(url: string, run: () => Promise<T>): Promise<T> {
  const running = inflight.get(url);
  if (running) return running as Promise<T>;
  const p = run().finally(() => inflight.delete(url));
  inflight.set(url, p);
  return p;
}

export function createPrismClient(opts: PrismClientOptions) {
  const { base, cache, fetch: fetchFn = fetch, timeoutMs = 10_000 } = opts;
  /** The answer's response, or null for a 404. */
  async function get(path: string): Promise<Response | null> {
    if (opts.refused) throw new PrismError('invalid', opts.refused);
    let res: Response;
    try {
      res = await fetchFn(apiUrl(base, path), {
        credentials: 'omit',
        referrerPolicy: 'no-referrer',
        cache: 'no-store',
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      const timedOut = err instanceof DOMException && err.name === 'TimeoutError';
      throw new PrismError('offline', timedOut ? 'The PRISM server did not answer in time.' : 'Cannot reach the PRISM server.');
    }
    // Redirects are followed only within the API's own origin (a static host's /path → /path/, say).
    if (res.redirected && new URL(res.url).origin !== new URL(base).origin) {
      void res.body?.cancel().catch(() => undefined);
      throw new PrismError('invalid', 'The PRISM server redirected to another address; PRISM Lens does not follow it.');
    }
    if (res.status === 404) {
      void res.body?.cancel().catch(() => undefined); // nothing to read: free the connection
      return null;
    }
    if (!res.ok) {
      void res.body?.cancel().catch(() => undefined);
      throw new PrismError('http', `The PRISM server answered ${res.status}.`, res.status);
    }
    return res;
  }

  async function read<T>(res: Response, max: number, what: string, body: (text: string) => T): Promise<T> {
    let text: string;
    try {
      text = await readCappedText(res, max);
    } catch (err) {
      if (err instanceof AnswerTooLargeError) throw new PrismError('invalid', `The PRISM server sent a ${what} that is too large.`);
      if (err instanceof AnswerNotTextError) throw new PrismError('invalid', `The PRISM server sent a ${what} that is not text.`);
      throw new PrismError('offline', 'The connection to the PRISM server broke off.');
    }
    let json: unknown;
    try {
      json = JSON.parse(text) as unknown;
    } catch {
      throw new PrismError('invalid', `The PRISM server sent a ${what} that is not JSON.`);
    }
    return body(json as never);
  }

  async function fetchShard(prefix: string): Promise<LookupEntry[]> {
    const res = await get(`lookup/${prefix}.json`);
    if (res === null) return [];
    return read(res, MAX_BYTES.shard, 'lookup answer', (json: unknown) => {
      const parsed = parseLookupShard(json);
      if (!parsed.ok) {
        const why = formatProblems(parsed.problems, 3);
        throw new PrismError('invalid', `PRISM sent a lookup answer this version cannot read (${why}).`);
      }
      return parsed.value.entries.filter((e) => e.key.startsWith(prefix));
    });
  }

  return {
    base,

    /** The current publication (`cache: 'no-store'`, every time). */
    meta: (): Promise<Meta> =>
      shared(apiUrl(base, 'meta.json'), async () => {
        const res = await get('meta.json');
        if (res === null) throw new PrismError('invalid', 'This address is not a PRISM v2 API (it has no meta.json).');
        return read(res, MAX_BYTES.meta, 'catalogue description', (json: unknown) => {
          const parsed = parseMeta(json);
          if (!parsed.ok) {
            const why = formatProblems(parsed.problems, 3);
            throw new PrismError('invalid', `PRISM sent a catalogue description this version cannot read (${why}).`);
          }
          return parsed.value;
        });
      }),

    /** The key-set file meta.json names; refused unless its bytes hash to the name. */
    keySetBytes: (ref: KeySetRef): Promise<Uint8Array> =>
      shared(apiUrl(base, ref.path), async () => {
        const res = await get(ref.path);
        if (res === null) throw new PrismError('invalid', 'The key set that meta.json names is missing.');
        let bytes: Uint8Array;
        try {
          bytes = await readCappedBytes(res, MAX_BYTES.keyset);
        } catch (err) {
          if (err instanceof AnswerTooLargeError) throw new PrismError('invalid', 'The PRISM key set is too large.');
          throw new PrismError('offline', 'The connection to the PRISM server broke off.');
        }
        if ((await sha256hexOfBytes(bytes)) !== ref.sha256) {
          throw new PrismError('invalid', 'The PRISM key set does not match its published checksum.');
        }
        return bytes;
      }),

    /** The entries of one shard, from the cache when fresh. */
    async shard(prefix: string): Promise<LookupEntry[]> {
      const cached = await cache.getShard(prefix);
      if (cached?.fresh) return cached.value;
      try {
        const entries = await shared(apiUrl(base, `lookup/${prefix}.json`), () => fetchShard(prefix));
        await cache.putShard(prefix, entries);
        return entries;
      } catch (err) {
        // Offline with a stale answer at hand: the stale answer is better than none.
        if (cached && err instanceof PrismError && err.kind === 'offline') return cached.value;
        throw err;
      }
    },

    async story(id: string): Promise<Story> {
      const cached = await cache.getStory(id);
      if (cached?.fresh) return cached.value;
      try {
        const story = await shared(apiUrl(base, `stories/${id}.json`), async () => {
          const res = await get(`stories/${encodeURIComponent(id)}.json`);
          if (res === null) throw new PrismError('http', 'PRISM has no such story any more.', 404);
          const file = await read(res, MAX_BYTES.story, 'story', (json: unknown) => {
            const parsed = parseStoryFile(json);
            if (!parsed.ok) {
              const why = formatProblems(parsed.problems, 3);
              throw new PrismError('invalid', `PRISM sent a story this version cannot read (${why}).`);
            }
            return parsed.value;
          });
          if (file.id !== id) throw new PrismError('invalid', `Asked for story ${id}, got ${file.id}.`);
          if (isWithdrawn(file)) {
            await cache.dropStory(id);
            throw new PrismError('withdrawn', 'PRISM has withdrawn this analysis.');
          }
          return file;
        });
        await cache.putStory(story);
        return story;
      } catch (err) {
        if (cached && err instanceof PrismError && err.kind === 'offline') return cached.value;
        throw err;
      }
    },
  };
}
export type PrismClient = ReturnType<typeof createPrismClient>;
