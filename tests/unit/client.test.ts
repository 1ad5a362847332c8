/**
 * The PRISM API client (contract v2) against a fake fetch that records every request. What it must never do:
 * send anything a server could use to recognise a browser (cookies, referrer, validators), hold an answer of any
 * size, trust a key set that is not the one meta.json named, show a withdrawn analysis, or show one server's
 * answer for another's.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { apiUrl, createPrismClient, MAX_BYTES, PrismError } from '../../utils/prism/client';
import { buildKeySet } from '../../utils/prism/keyset';
import { sha256hex } from '../../utils/prism/keys';
import type { Meta } from '../../utils/prism/schema';
import { createCache, SHARD_TTL_MS, STORY_TTL_MS } from '../../utils/storage/cache';
import { PrismDb } from '../../utils/storage/db';
import { makeStory } from '../fixtures/story';

const BASE = 'https://api.prism.example';
const OTHER_BASE = 'https://mirror.prism.example';
type Route = (init: RequestInit | undefined) => Response | Promise<Response>;
type Routes = Record<string, Route>;

function fakeFetch(routes: Routes) {
  return vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
    const route = routes[String(input)];
    return route ? route(init) : new Response('not found', { status: 404 });
  });
}
/** Waits for a condition (generously: the suite runs files in parallel), polling often. */
const until = <T>(check: () => T | Promise<T>) => vi.waitFor(check, { timeout: 10_000, interval: 5 });
const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status });
const offline = () => {
  throw new TypeError('Failed to fetch');
};
const hexBytes = async (bytes: Uint8Array) =>
  Array.from(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>)), (b) =>
    b.toString(16).padStart(2, '0'),
  ).join('');

let db: PrismDb;
let clock: number;
beforeEach(() => {
  db = new PrismDb(`client-${Math.random().toString(36).slice(2)}`);
  clock = 1_000_000;
});
afterEach(async () => {
  await db.delete();
});

function setup(routes: Routes, base = BASE) {
  const fetch = fakeFetch(routes);
  const client = createPrismClient({ base, cache: createCache(db, base, () => clock), fetch });
  return { client, fetch, urls: () => fetch.mock.calls.map(([u]) => String(u)) };
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
      for (const name of ['if-none-match', 'if-modified-since', 'cookie', 'authorization']) expect(headers.has(name)).toBe(false);
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
    const client = createPrismClient({ base: BASE, cache: counted, fetch });
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
  it('refuses an answer that came from another origin, and keeps one from the same origin', async () => {
    const p = KEY.slice(0, 5);
    const { client } = setup({
      [apiUrl(BASE, `lookup/${p}.json`)]: () => redirected(shardOf([entry(KEY)]), `https://evil.example/v2/lookup/${p}.json`),
      [apiUrl(BASE, 'stories/belarus.json')]: () => redirected(story, `${BASE}/v2/stories/belarus.json?moved`),
    });
    await expect(client.shard(p)).rejects.toMatchObject({ kind: 'invalid' });
    expect((await client.story('belarus')).id).toBe('belarus');
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

  it('returns the key set bytes when they hash to the name meta.json gave', async () => {
    const { bytes, meta } = await keySetFixture();
    const { client } = setup({ [`${BASE}/v2/${meta.keyset.path}`]: () => new Response(bytes as Uint8Array<ArrayBuffer>) });
    expect(await client.keySetBytes(meta.keyset)).toEqual(bytes);
  });

  it('refuses key set bytes that do not hash to their name', async () => {
    const { bytes, meta } = await keySetFixture();
    const tampered = bytes.slice();
    tampered[tampered.length - 1] = tampered[tampered.length - 1]! ^ 1;
    const { client } = setup({ [`${BASE}/v2/${meta.keyset.path}`]: () => new Response(tampered as Uint8Array<ArrayBuffer>) });
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

  it('uses a stale shard only when offline, not after an HTTP error', async () => {
    let answer: Route = () => json(shardOf([entry(KEY)]));
    const { client } = setup({ [`${BASE}/v2/lookup/abcde.json`]: (init) => answer(init) });
    await client.shard('abcde');
    clock += SHARD_TTL_MS + 1;
    answer = () => json({}, 503);
    await expect(client.shard('abcde')).rejects.toMatchObject({ kind: 'http', status: 503 });
    answer = offline;
    expect(await client.shard('abcde')).toEqual([entry(KEY)]);
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
    const b = setup({ [`${OTHER_BASE}/v2/stories/belarus.json`]: () => json({ ...story, category: 'Mirror' }) }, OTHER_BASE);
    expect((await b.client.story('belarus')).category).toBe('Mirror');
    expect(b.urls()).toEqual([`${OTHER_BASE}/v2/stories/belarus.json`]);

    const c = setup({}, 'https://empty.prism.example');
    await expect(c.client.story('belarus')).rejects.toMatchObject({ kind: 'http', status: 404 });
    // and shards likewise
    await setup({ [`${BASE}/v2/lookup/abcde.json`]: () => json(shardOf([entry(KEY)])) }, BASE).client.shard('abcde');
    expect(await setup({}, OTHER_BASE).client.shard('abcde')).toEqual([]);
  });
});
