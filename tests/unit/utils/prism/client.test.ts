/**
 * The PRISM API client (contract v2) against a fake fetch that records every request. What it must never do:
 * send anything a server could use to recognise a browser (cookies, referrer, validators), hold an answer of any
 * size, trust a key set that is not the one meta.json named, show a withdrawn analysis, or show one server's
 * answer for another's. And how it fails: every kind of failure from a fake fetch, the retries (with a fake sleep,
 * jitter and clock, so they take no time), the queue in front of the network and the timeout that starts after it.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  apiUrl,
  createPrismClient,
  faultOf,
  MAX_BYTES,
  MAX_IN_FLIGHT,
  PrismError,
  type PrismClientOptions,
} from '../../../../utils/prism/client';
import { RETRY_POLICY } from '../../../../utils/prism/retry';
import type { Cache } from '../../../../utils/storage/cache';
import { buildKeySet } from '../../../../utils/prism/keyset';
import { sha256hex } from '../../../../utils/prism/keys';
import type { Meta } from '../../../../utils/prism/schema';
import { createCache, SHARD_TTL_MS, STORY_TTL_MS } from '../../../../utils/storage/cache';
import { PrismDb } from '../../../../utils/storage/db';
import { makeStory } from '../../../fixtures/story';
import { requestUrl } from '../../support/request-url';

const BASE = 'https://api.prism.example';
const OTHER_BASE = 'https://mirror.prism.example';
type Route = (init: RequestInit | undefined) => Response | Promise<Response>;
type Routes = Record<string, Route>;

function fakeFetch(routes: Routes) {
  return vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const route = routes[requestUrl(input)];
    return route ? route(init) : new Response('not found', { status: 404 });
  });
}
/** Waits for a condition (generously: the suite runs files in parallel), polling often. */
const until = <T>(check: () => T | Promise<T>) => vi.waitFor(check, { timeout: 10_000, interval: 5 });
const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status });
/** The browser is offline: the request fails, and `navigator.onLine` (here `online`) says so. */
const offline = () => {
  online = false;
  throw new TypeError('Failed to fetch');
};
/** The server cannot be reached, while the browser is online (refused, reset, DNS). */
const unreachable = () => {
  throw new TypeError('Failed to fetch');
};
const hexBytes = async (bytes: Uint8Array) =>
  Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>)), (b) =>
    b.toString(16).padStart(2, '0'),
  ).join('');

let db: PrismDb;
let clock: number;
/** What the fake `navigator.onLine` says. */
let online: boolean;
/** The retries' clock (epoch ms), advanced by the fake sleep; and every wait asked for. */
let netClock: number;
let slept: number[];
/** The jitter's draws, in [0, 1). */
let jitter: () => number;
beforeEach(() => {
  db = new PrismDb(`client-${Math.random().toString(36).slice(2)}`);
  clock = 1_000_000;
  online = true;
  netClock = Date.UTC(2026, 11, 1, 9);
  slept = [];
  jitter = () => 0.5;
});
afterEach(async () => {
  await db.delete();
});

/** The retries' fakes: waits take no time (they advance `netClock`), the jitter draws `jitter()`. */
const fakes = (): Pick<PrismClientOptions, 'isOnline' | 'sleep' | 'random' | 'now'> => ({
  isOnline: () => online,
  sleep: async (ms) => {
    slept.push(ms);
    netClock += ms;
  },
  random: () => jitter(),
  now: () => netClock,
});

function setup(routes: Routes, base = BASE, over: Partial<PrismClientOptions> = {}) {
  const fetch = fakeFetch(routes);
  const client = createPrismClient({ base, cache: createCache(db, base, () => clock), fetch, ...fakes(), ...over });
  return { client, fetch, urls: () => fetch.mock.calls.map(([u]) => requestUrl(u)) };
}

const story = makeStory({ id: 'belarus' });
const KEY = `abcde${'1'.repeat(59)}`;
const shardOf = (entries: unknown[]) => ({ v: 2, entries });
const entry = (key: string, id = 'belarus') => ({ key, story: id, sites: ['example-news.com'] });

async function keySetFixture() {
  const bytes = buildKeySet([await sha256hex('a'), await sha256hex('b')]);
  const sha256 = await hexBytes(bytes);
  const meta: Meta = {
    v: 2,
    generatedAt: '2026-12-01T09:00:00.000Z',
    stories: 1,
    keyset: { path: `keyset/${sha256}.bin`, sha256, format: 'gcs-v1', keys: 2, bytes: bytes.length },
  };
  return { bytes, meta };
}

describe('requests', () => {
  it('go to {base}/v2/… and carry no cookies, no referrer, no cache and no validators', async () => {
    const { bytes, meta } = await keySetFixture();
    const { client, fetch, urls } = setup({
      [`${BASE}/v2/meta.json`]: () => json(meta),
      [`${BASE}/v2/${meta.keyset.path}`]: () => new Response(bytes as Uint8Array<ArrayBuffer>),
      [`${BASE}/v2/lookup/abcde.json`]: () => json(shardOf([entry(KEY)])),
      [`${BASE}/v2/stories/belarus.json`]: () => json(story),
    });
    await client.meta();
    await client.keySetBytes(meta.keyset);
    await client.shard('abcde');
    await client.story('belarus');
    expect(urls()).toEqual([
      `${BASE}/v2/meta.json`,
      `${BASE}/v2/keyset/${meta.keyset.sha256}.bin`,
      `${BASE}/v2/lookup/abcde.json`,
      `${BASE}/v2/stories/belarus.json`,
    ]);
    for (const [, init] of fetch.mock.calls) {
      expect(init).toMatchObject({ cache: 'no-store', credentials: 'omit', referrerPolicy: 'no-referrer' });
      const headers = new Headers(init?.headers);
      for (const name of ['if-none-match', 'if-modified-since', 'cookie', 'authorization'])
        expect(headers.has(name)).toBe(false);
    }
  });

  it('build the same URLs whether or not the base ends in a slash', () => {
    expect(apiUrl(`${BASE}/`, 'meta.json')).toBe(`${BASE}/v2/meta.json`);
    expect(apiUrl(`${BASE}/prism//`, 'lookup/abcde.json')).toBe(`${BASE}/prism/v2/lookup/abcde.json`);
  });

  it('are shared while in flight: 20 tabs asking for one shard make one request', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const fetch = fakeFetch({
      [`${BASE}/v2/lookup/abcde.json`]: async () => {
        await gate;
        return json(shardOf([entry(KEY)]));
      },
    });
    const cache = createCache(db, BASE, () => clock);
    let cacheReads = 0;
    const counted = { ...cache, getShard: (p: string) => cache.getShard(p).finally(() => cacheReads++) };
    const client = createPrismClient({ base: BASE, cache: counted, fetch, ...fakes() });
    const answers = Promise.all(Array.from({ length: 20 }, () => client.shard('abcde')));
    // Every caller has read the (empty) cache and is waiting on the network before the answer comes.
    await until(() => expect(cacheReads).toBe(20));
    await new Promise((r) => setTimeout(r, 0));
    release();
    const all = await answers;
    expect(fetch).toHaveBeenCalledTimes(1);
    for (const a of all) expect(a).toEqual([entry(KEY)]);
  });
});

describe('redirects', () => {
  const redirected = (body: unknown, to: string) => {
    const res = json(body);
    Object.defineProperty(res, 'redirected', { value: true });
    Object.defineProperty(res, 'url', { value: to });
    return res;
  };
  it('refuses an answer that came from another origin ("refused", not retried), and keeps one from the same origin', async () => {
    const p = KEY.slice(0, 5);
    const { client, fetch } = setup({
      [apiUrl(BASE, `lookup/${p}.json`)]: () =>
        redirected(shardOf([entry(KEY)]), `https://evil.example/v2/lookup/${p}.json`),
      [apiUrl(BASE, 'stories/belarus.json')]: () => redirected(story, `${BASE}/v2/stories/belarus.json?moved`),
    });
    await expect(client.shard(p)).rejects.toMatchObject({ kind: 'refused', message: /another address/ });
    expect(fetch).toHaveBeenCalledTimes(1);
    expect((await client.story('belarus')).id).toBe('belarus');
  });

  it('refuses a redirect from https to plain http, even on the same host', async () => {
    const { client } = setup({
      [apiUrl(BASE, 'stories/belarus.json')]: () =>
        redirected(story, `${BASE.replace('https:', 'http:')}/v2/stories/belarus.json`),
    });
    await expect(client.story('belarus')).rejects.toMatchObject({ kind: 'refused', message: /plain http/ });
    expect(await db.apiStories.count()).toBe(0);
  });
});

describe('meta.json and the key set', () => {
  it('reads meta.json every time it is asked (never from a cache)', async () => {
    const { meta } = await keySetFixture();
    const { client, fetch } = setup({ [`${BASE}/v2/meta.json`]: () => json(meta) });
    expect(await client.meta()).toEqual(meta);
    expect(await client.meta()).toEqual(meta);
    expect(fetch).toHaveBeenCalledTimes(2);
  });

  it('refuses a base without meta.json, and a meta.json of another contract', async () => {
    const { meta } = await keySetFixture();
    await expect(setup({}).client.meta()).rejects.toMatchObject({ kind: 'invalid', message: /not a PRISM v2 API/ });
    const v1 = setup({ [`${BASE}/v2/meta.json`]: () => json({ ...meta, v: 1 }) });
    await expect(v1.client.meta()).rejects.toMatchObject({ kind: 'invalid' });
  });

  it('says "newer" (not "invalid") for a meta.json of a later contract', async () => {
    const { meta } = await keySetFixture();
    const v3 = setup({ [`${BASE}/v2/meta.json`]: () => json({ ...meta, v: 3, somethingNew: true }) });
    await expect(v3.client.meta()).rejects.toMatchObject({ kind: 'newer', message: /contract 3.*reads contract 2/ });
    // A broken one of this contract is still "invalid".
    const broken = setup({ [`${BASE}/v2/meta.json`]: () => json({ ...meta, stories: -1 }) });
    await expect(broken.client.meta()).rejects.toMatchObject({ kind: 'invalid' });
  });

  it('returns the key set bytes when they hash to the name meta.json gave', async () => {
    const { bytes, meta } = await keySetFixture();
    const { client } = setup({
      [`${BASE}/v2/${meta.keyset.path}`]: () => new Response(bytes as Uint8Array<ArrayBuffer>),
    });
    expect(await client.keySetBytes(meta.keyset)).toEqual(bytes);
  });

  it('refuses key set bytes that do not hash to their name', async () => {
    const { bytes, meta } = await keySetFixture();
    const tampered = bytes.slice();
    tampered[tampered.length - 1] = tampered[tampered.length - 1]! ^ 1;
    const { client } = setup({
      [`${BASE}/v2/${meta.keyset.path}`]: () => new Response(tampered as Uint8Array<ArrayBuffer>),
    });
    await expect(client.keySetBytes(meta.keyset)).rejects.toMatchObject({ kind: 'invalid', message: /checksum/ });
  });

  it('counts the cap on the stream, whatever Content-Length claims', async () => {
    const { meta } = await keySetFixture();
    const big = JSON.stringify({ ...meta, padding: 'x'.repeat(MAX_BYTES.meta) });
    const { client } = setup({
      [`${BASE}/v2/meta.json`]: () => new Response(big, { headers: { 'content-length': '200' } }),
    });
    await expect(client.meta()).rejects.toMatchObject({ kind: 'invalid', message: /too large/ });
  });
});

describe('shards', () => {
  it('stops reading an answer that streams forever, without Content-Length: "invalid", nothing cached', async () => {
    let pulls = 0;
    let cancelled = false;
    const chunk = new Uint8Array(64 * 1024).fill(0x20);
    const endless = () =>
      new Response(
        new ReadableStream<Uint8Array>(
          {
            pull(controller) {
              pulls++;
              controller.enqueue(pulls === 1 ? new TextEncoder().encode('{"v":2,"entries":[') : chunk);
            },
            cancel() {
              cancelled = true;
            },
          },
          { highWaterMark: 0 },
        ),
      );
    const { client } = setup({ [`${BASE}/v2/lookup/abcde.json`]: endless });
    const err = await client.shard('abcde').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PrismError);
    expect(err).toMatchObject({ kind: 'invalid', message: /too large/ });
    expect(cancelled).toBe(true);
    const pulled = pulls;
    expect(pulled * chunk.length).toBeLessThanOrEqual(MAX_BYTES.shard + 2 * chunk.length);
    await new Promise((r) => setTimeout(r, 0));
    expect(pulls).toBe(pulled); // the download stopped
    expect(await db.apiShards.count()).toBe(0);
  });

  it('ignores an entry whose key does not start with the prefix asked for', async () => {
    const stray = `fffff${'0'.repeat(59)}`;
    const { client } = setup({
      [`${BASE}/v2/lookup/abcde.json`]: () => json(shardOf([entry(stray, 'planted'), entry(KEY)])),
    });
    expect(await client.shard('abcde')).toEqual([entry(KEY)]);
  });

  it('treats a 404 as an empty shard, and serves a fresh shard from the cache', async () => {
    const { client, fetch } = setup({});
    expect(await client.shard('00000')).toEqual([]);
    expect(await client.shard('00000')).toEqual([]);
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('refuses a shard of the v1 contract or without sites, and caches nothing of it', async () => {
    const { client } = setup({
      [`${BASE}/v2/lookup/abcde.json`]: () => json({ v: 1, entries: [{ key: KEY, story: 'belarus' }] }),
      [`${BASE}/v2/lookup/bcdef.json`]: () => json(shardOf([{ key: `bcdef${'1'.repeat(59)}`, story: 'x', sites: [] }])),
    });
    await expect(client.shard('abcde')).rejects.toMatchObject({ kind: 'invalid' });
    await expect(client.shard('bcdef')).rejects.toMatchObject({ kind: 'invalid' });
    expect(await db.apiShards.count()).toBe(0);
  });

  it('uses a stale shard only when the network fails (offline, unreachable), not after an HTTP error', async () => {
    let answer: Route = () => json(shardOf([entry(KEY)]));
    const { client } = setup({ [`${BASE}/v2/lookup/abcde.json`]: (init) => answer(init) });
    await client.shard('abcde');
    clock += SHARD_TTL_MS + 1;
    answer = () => json({}, 503);
    await expect(client.shard('abcde')).rejects.toMatchObject({ kind: 'http', status: 503 });
    answer = unreachable;
    expect(await client.shard('abcde')).toEqual([entry(KEY)]);
    answer = offline;
    expect(await client.shard('abcde')).toEqual([entry(KEY)]);
  });

  it('says "newer" for a shard of a later contract', async () => {
    const { client } = setup({ [`${BASE}/v2/lookup/abcde.json`]: () => json({ v: 3, entries: [] }) });
    await expect(client.shard('abcde')).rejects.toMatchObject({ kind: 'newer' });
  });
});

describe('stories', () => {
  it('validates a story and refuses one whose id is not the one asked for', async () => {
    const { client } = setup({
      [`${BASE}/v2/stories/belarus.json`]: () => json({ ...story, editions: {} }),
      [`${BASE}/v2/stories/notjson.json`]: () => new Response('<html>oops</html>'),
      [`${BASE}/v2/stories/swapped.json`]: () => json(story),
      [`${BASE}/v2/stories/down.json`]: () => json({}, 503),
    });
    await expect(client.story('belarus')).rejects.toMatchObject({ kind: 'invalid', message: /cannot read.*editions/ });
    await expect(client.story('notjson')).rejects.toMatchObject({ kind: 'invalid', message: /not JSON/ });
    await expect(client.story('swapped')).rejects.toMatchObject({ kind: 'invalid', message: /swapped.*belarus/ });
    await expect(client.story('down')).rejects.toMatchObject({ kind: 'http', status: 503 });
    expect(await db.apiStories.count()).toBe(0);
  });

  it('says "newer" for a story (or tombstone) of a later format', async () => {
    const { client } = setup({
      [`${BASE}/v2/stories/belarus.json`]: () => json({ ...story, v: 2 }),
      [`${BASE}/v2/stories/gone.json`]: () =>
        json({ v: 2, id: 'gone', withdrawn: true, withdrawnAt: '2026-01-02T03:04:05Z' }),
    });
    await expect(client.story('belarus')).rejects.toMatchObject({ kind: 'newer', message: /format 2.*reads format 1/ });
    await expect(client.story('gone')).rejects.toMatchObject({ kind: 'newer' });
    expect(await db.apiStories.count()).toBe(0);
  });

  it('serves a fresh story from the cache; a stale one only when offline', async () => {
    let answer: Route = () => json(story);
    const { client, fetch } = setup({ [`${BASE}/v2/stories/belarus.json`]: (init) => answer(init) });
    expect((await client.story('belarus')).editions.ko?.title).toBe('한국어 테스트 기사');
    await client.story('belarus');
    expect(fetch).toHaveBeenCalledTimes(1);

    clock += STORY_TTL_MS + 1; // stale
    answer = () => json({}, 500);
    await expect(client.story('belarus')).rejects.toMatchObject({ kind: 'http', status: 500 });
    answer = offline;
    expect((await client.story('belarus')).id).toBe('belarus');
    await db.apiStories.clear();
    await expect(client.story('belarus')).rejects.toMatchObject({ kind: 'offline' });
  });

  it('drops the cached copy of a withdrawn story and says it was withdrawn, even offline afterwards', async () => {
    let answer: Route = () => json(story);
    const { client } = setup({ [`${BASE}/v2/stories/belarus.json`]: (init) => answer(init) });
    await client.story('belarus');
    expect(await db.apiStories.count()).toBe(1);
    clock += STORY_TTL_MS + 1;
    answer = () => json({ v: 1, id: 'belarus', withdrawn: true, withdrawnAt: '2026-01-02T03:04:05Z' });
    await expect(client.story('belarus')).rejects.toMatchObject({ kind: 'withdrawn' });
    expect(await db.apiStories.count()).toBe(0);
    answer = offline;
    await expect(client.story('belarus')).rejects.toMatchObject({ kind: 'offline' }); // not the old copy
  });

  it('keys the cache by API base: a story cached from one server is not shown for another', async () => {
    const a = setup({ [`${BASE}/v2/stories/belarus.json`]: () => json(story) }, BASE);
    await a.client.story('belarus');
    const b = setup(
      { [`${OTHER_BASE}/v2/stories/belarus.json`]: () => json({ ...story, category: 'Mirror' }) },
      OTHER_BASE,
    );
    expect((await b.client.story('belarus')).category).toBe('Mirror');
    expect(b.urls()).toEqual([`${OTHER_BASE}/v2/stories/belarus.json`]);

    const c = setup({}, 'https://empty.prism.example');
    await expect(c.client.story('belarus')).rejects.toMatchObject({ kind: 'http', status: 404 });
    // and shards likewise
    await setup({ [`${BASE}/v2/lookup/abcde.json`]: () => json(shardOf([entry(KEY)])) }, BASE).client.shard('abcde');
    expect(await setup({}, OTHER_BASE).client.shard('abcde')).toEqual([]);
  });
});

describe('failures: each kind, and which are tried again', () => {
  const META = `${BASE}/v2/meta.json`;
  const SHARD = `${BASE}/v2/lookup/abcde.json`;
  /** A route that answers each call with the next of `answers` (the last one again once they run out). */
  const sequence = (...answers: Route[]): Route => {
    let i = 0;
    return (init) => answers[Math.min(i++, answers.length - 1)]!(init);
  };
  const ok: Route = () => json(shardOf([entry(KEY)]));
  const status =
    (code: number, headers: Record<string, string> = {}): Route =>
    () =>
      new Response('', { status: code, headers });

  it('a network error while online is "unreachable", after 3 retries with full-jitter backoff', async () => {
    const draws = [0.1, 0.9, 0.5];
    jitter = () => draws.shift() ?? 0;
    const { client, fetch } = setup({ [SHARD]: unreachable });
    const err = await client.shard('abcde').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PrismError);
    expect(err).toMatchObject({ kind: 'unreachable', message: /Cannot reach the PRISM server.*tried 4 times/ });
    expect(fetch).toHaveBeenCalledTimes(1 + RETRY_POLICY.retries);
    // Retry n waits random · min(4 s, 500 ms · 2^n): 0.1 · 500, 0.9 · 1000, 0.5 · 2000.
    expect(slept).toEqual([50, 900, 1000]);
  });

  it('a network error while the browser is offline is "offline", and not retried', async () => {
    const { client, fetch } = setup({ [SHARD]: offline });
    await expect(client.shard('abcde')).rejects.toMatchObject({ kind: 'offline' });
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(slept).toEqual([]);
  });

  it('the default isOnline reads navigator.onLine', async () => {
    const real = Object.getOwnPropertyDescriptor(globalThis, 'navigator');
    Object.defineProperty(globalThis, 'navigator', { value: { onLine: false }, configurable: true, writable: true });
    try {
      const { client } = setup({ [SHARD]: unreachable }, BASE, { isOnline: undefined });
      await expect(client.shard('abcde')).rejects.toMatchObject({ kind: 'offline' });
    } finally {
      if (real) Object.defineProperty(globalThis, 'navigator', real);
      else Reflect.deleteProperty(globalThis, 'navigator');
    }
  });

  it('a server that does not answer within the timeout is "timeout", and not retried', async () => {
    const hang: Route = (init) =>
      new Promise<Response>((_, reject) =>
        init?.signal?.addEventListener('abort', () => reject(init.signal!.reason as Error)),
      );
    const { client, fetch } = setup({ [SHARD]: hang }, BASE, { timeoutMs: 20 });
    await expect(client.shard('abcde')).rejects.toMatchObject({ kind: 'timeout', message: /did not answer within/ });
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(slept).toEqual([]);
  });

  it('a fetch that ignores its signal still times out (and frees its place in the queue)', async () => {
    const never: Route = () => new Promise<Response>(() => undefined);
    const prefixes = Array.from({ length: MAX_IN_FLIGHT + 1 }, (_, i) => `abcd${i}`);
    const routes = Object.fromEntries(prefixes.map((p) => [`${BASE}/v2/lookup/${p}.json`, never]));
    const { client, fetch } = setup(routes, BASE, { timeoutMs: 20 });
    const all = await Promise.allSettled(prefixes.map((p) => client.shard(p)));
    for (const r of all) expect(r).toMatchObject({ status: 'rejected', reason: { kind: 'timeout' } });
    expect(fetch).toHaveBeenCalledTimes(prefixes.length); // the last one got a place once the first timed out
    const { client: after } = setup({ [SHARD]: ok });
    expect(await after.shard('abcde')).toEqual([entry(KEY)]); // no place in the queue was lost
  });

  it('a TimeoutError from fetch itself is "timeout"', async () => {
    const { client } = setup({
      [SHARD]: () => {
        throw new DOMException('The operation timed out.', 'TimeoutError');
      },
    });
    await expect(client.shard('abcde')).rejects.toMatchObject({ kind: 'timeout' });
    expect(slept).toEqual([]);
  });

  it('500 then 200: the answer, after one retry whose wait is drawn from the jitter range', async () => {
    jitter = () => 0.75;
    const { client, fetch } = setup({ [SHARD]: sequence(status(500), ok) });
    expect(await client.shard('abcde')).toEqual([entry(KEY)]);
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(slept).toEqual([375]);
    expect(slept[0]).toBeGreaterThanOrEqual(0);
    expect(slept[0]).toBeLessThan(RETRY_POLICY.baseMs);
  });

  it('an answer that broke off mid-body is "unreachable" and retried', async () => {
    const broken: Route = () =>
      new Response(
        new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('{"v":2,"entr'));
            controller.error(new TypeError('network error'));
          },
        }),
      );
    const { client, fetch } = setup({ [SHARD]: sequence(broken, ok) });
    expect(await client.shard('abcde')).toEqual([entry(KEY)]);
    expect(fetch).toHaveBeenCalledTimes(2);
    const always = setup({ [`${BASE}/v2/lookup/bcdef.json`]: broken });
    await expect(always.client.shard('bcdef')).rejects.toMatchObject({ kind: 'unreachable', message: /broke off/ });
  });

  it('503 with Retry-After: 3 waits 3 s, then the answer', async () => {
    const { client, fetch } = setup({ [SHARD]: sequence(status(503, { 'retry-after': '3' }), ok) });
    expect(await client.shard('abcde')).toEqual([entry(KEY)]);
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(slept).toEqual([3000]);
  });

  it('429 with Retry-After: 3 waits 3 s, then the answer', async () => {
    const { client, fetch } = setup({ [SHARD]: sequence(status(429, { 'retry-after': '3' }), ok) });
    expect(await client.shard('abcde')).toEqual([entry(KEY)]);
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(slept).toEqual([3000]);
  });

  it('429 with an HTTP-date Retry-After waits until then', async () => {
    const at = new Date(netClock + 4000).toUTCString();
    const { client } = setup({ [SHARD]: sequence(status(429, { 'retry-after': at }), ok) });
    expect(await client.shard('abcde')).toEqual([entry(KEY)]);
    expect(slept).toEqual([4000]);
  });

  it('429 with Retry-After: 3600 fails "http" at once, without waiting', async () => {
    const { client, fetch } = setup({ [SHARD]: status(429, { 'retry-after': '3600' }) });
    await expect(client.shard('abcde')).rejects.toMatchObject({
      kind: 'http',
      status: 429,
      message: /wait 3600 s/,
      retryAfterMs: 3_600_000,
    });
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(slept).toEqual([]);
  });

  it('403 (and other 4xx) are not retried', async () => {
    for (const code of [400, 403, 410]) {
      const { client, fetch } = setup({ [SHARD]: status(code) });
      await expect(client.shard('abcde')).rejects.toMatchObject({ kind: 'http', status: code });
      expect(fetch).toHaveBeenCalledTimes(1);
    }
    expect(slept).toEqual([]);
  });

  it('404 is an answer ("not found"), not a failure: not retried', async () => {
    const { client, fetch } = setup({});
    expect(await client.shard('abcde')).toEqual([]);
    await expect(client.story('belarus')).rejects.toMatchObject({
      kind: 'http',
      status: 404,
      message: /no such story/,
    });
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(slept).toEqual([]);
  });

  it('retries are bounded: a server that keeps answering 500 is asked 4 times, then "http"', async () => {
    const { client, fetch } = setup({ [SHARD]: status(500) });
    await expect(client.shard('abcde')).rejects.toMatchObject({
      kind: 'http',
      status: 500,
      message: /answered 500 \(tried 4 times\)/,
    });
    expect(fetch).toHaveBeenCalledTimes(1 + RETRY_POLICY.retries);
    expect(slept).toHaveLength(RETRY_POLICY.retries);
  });

  it('total time is bounded: no retry whose wait would end after the budget, slow answers included', async () => {
    // Each 503 asks for 5 s: waits of 5 s and 5 s fit in the 12 s budget, a third would not.
    const a = setup({ [SHARD]: status(503, { 'retry-after': '5' }) });
    await expect(a.client.shard('abcde')).rejects.toMatchObject({ kind: 'http', status: 503 });
    expect(slept).toEqual([5000, 5000]);
    expect(a.fetch).toHaveBeenCalledTimes(3);

    // A server that takes 5 s to answer 500: the time of the answers counts too.
    slept = [];
    const start = netClock;
    const slow: Route = () => {
      netClock += 5000;
      return new Response('', { status: 500 });
    };
    const b = setup({ [`${BASE}/v2/lookup/bcdef.json`]: slow });
    await expect(b.client.shard('bcdef')).rejects.toMatchObject({ kind: 'http', status: 500 });
    expect(b.fetch).toHaveBeenCalledTimes(3);
    expect(netClock - start).toBeLessThanOrEqual(RETRY_POLICY.budgetMs + 5000);
  });

  it('a build that may not talk to the base is "refused", and sends nothing', async () => {
    const { client, fetch } = setup({ [META]: ok }, BASE, {
      refused: 'The PRISM API address must be an https address.',
    });
    await expect(client.meta()).rejects.toMatchObject({ kind: 'refused', message: /https address/ });
    expect(fetch).not.toHaveBeenCalled();
  });

  it('a timeout or unreachable server falls back to a stale story; an HTTP error does not', async () => {
    let answer: Route = () => json(story);
    const { client } = setup({ [`${BASE}/v2/stories/belarus.json`]: (init) => answer(init) }, BASE, { timeoutMs: 20 });
    await client.story('belarus');
    clock += STORY_TTL_MS + 1;
    answer = (init) =>
      new Promise<Response>((_, reject) => init?.signal?.addEventListener('abort', () => reject(new Error('aborted'))));
    expect((await client.story('belarus')).id).toBe('belarus');
    answer = unreachable;
    expect((await client.story('belarus')).id).toBe('belarus');
    answer = () => json({}, 403);
    await expect(client.story('belarus')).rejects.toMatchObject({ kind: 'http', status: 403 });
  });

  it('20 callers of one URL share one request sequence, retries included', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const first: Route = async () => {
      await gate;
      return new Response('', { status: 502 });
    };
    const { client, fetch } = setup({ [SHARD]: sequence(first, ok) });
    const answers = Promise.all(Array.from({ length: 20 }, () => client.shard('abcde')));
    await until(() => expect(fetch).toHaveBeenCalledTimes(1));
    release();
    for (const a of await answers) expect(a).toEqual([entry(KEY)]);
    expect(fetch).toHaveBeenCalledTimes(2);
    expect(slept).toHaveLength(1);
  });
});

describe('faultOf', () => {
  it('is the PrismError\'s kind, status and message; anything else is "unknown"', () => {
    expect(faultOf(new PrismError('http', 'The PRISM server answered 500.', 500))).toEqual({
      kind: 'http',
      status: 500,
      detail: 'The PRISM server answered 500.',
    });
    expect(faultOf(new PrismError('newer', 'later'))).toEqual({ kind: 'newer', detail: 'later' });
    expect(faultOf(new Error('superseded'))).toEqual({ kind: 'unknown', detail: 'superseded' });
    expect(faultOf('odd')).toEqual({ kind: 'unknown', detail: 'odd' });
  });
});

describe('the queue in front of the network', () => {
  /** A cache that holds nothing (no IndexedDB under fake timers). */
  const noCache = {
    getShard: async () => undefined,
    putShard: async () => undefined,
  } as unknown as Cache;

  afterEach(() => {
    vi.useRealTimers();
  });

  /** 20 distinct shards at once against a server that takes 1 s each; returns the most in flight at once. */
  async function twentyAtOnce(timeoutMs: number) {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    let active = 0;
    let most = 0;
    const fetch = vi.fn(async (input: RequestInfo | URL) => {
      active++;
      most = Math.max(most, active);
      await new Promise((r) => setTimeout(r, 1000));
      active--;
      const prefix = /lookup\/([0-9a-f]{5})\.json$/.exec(requestUrl(input))![1]!;
      return json(shardOf([entry(`${prefix}${'1'.repeat(59)}`)]));
    });
    const client = createPrismClient({ base: BASE, cache: noCache, fetch, timeoutMs, ...fakes() });
    const prefixes = Array.from({ length: 20 }, (_, i) => i.toString(16).padStart(5, '0'));
    let done = false;
    const all = Promise.allSettled(prefixes.map((p) => client.shard(p))).finally(() => (done = true));
    for (let i = 0; i < 200 && !done; i++) {
      await vi.advanceTimersByTimeAsync(100);
      await new Promise((r) => setImmediate(r)); // bodies are read off the fake clock
    }
    const results = await all;
    return { results, most, fetch, prefixes };
  }

  it('20 requests at once: at most 4 in flight, and all of them answered within a 10 s timeout', async () => {
    const { results, most, fetch, prefixes } = await twentyAtOnce(10_000);
    expect(results.map((r) => r.status)).toEqual(prefixes.map(() => 'fulfilled'));
    expect(most).toBe(MAX_IN_FLIGHT);
    expect(fetch).toHaveBeenCalledTimes(20);
  });

  it('the timeout starts when a request leaves the queue: 5 s of queue, a 1.5 s timeout, none times out', async () => {
    const { results, most } = await twentyAtOnce(1500);
    expect(results.filter((r) => r.status === 'rejected')).toEqual([]);
    expect(most).toBe(MAX_IN_FLIGHT);
  });
});
