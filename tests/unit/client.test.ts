import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPrismClient, PrismError } from '../../utils/prism/client';
import { keyPrefix, urlKey } from '../../utils/prism/keys';
import { createCache } from '../../utils/storage/cache';
import { PrismDb } from '../../utils/storage/db';
import { makeStory } from '../fixtures/story';

const BASE = 'https://api.prism.example/';
type Routes = Record<string, () => Response | Promise<Response>>;

function fakeFetch(routes: Routes) {
  return vi.fn(async (input: RequestInfo | URL, _init?: RequestInit) => {
    const url = String(input);
    const route = routes[url];
    return route ? route() : new Response('{"error":"not found"}', { status: 404 });
  });
}
const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status });

let db: PrismDb;
let clock = 1_000_000;
beforeEach(() => {
  db = new PrismDb(`client-${Math.random()}`);
  clock = 1_000_000;
});

async function setup(routes: Routes) {
  const fetch = fakeFetch(routes);
  const client = createPrismClient({ base: BASE, cache: createCache(db, () => clock), fetch });
  return { client, fetch };
}

describe('PRISM client', () => {
  const story = makeStory({ id: 'belarus' });

  it('finds a story by URL key, sending only the 5-digit prefix', async () => {
    const key = (await urlKey(story.source.url))!;
    const { client, fetch } = await setup({
      [`https://api.prism.example/v1/lookup/${keyPrefix(key)}.json`]: () =>
        json({ v: 1, entries: [{ key: 'f'.repeat(64), story: 'other' }, { key, story: 'belarus' }] }),
    });
    expect(await client.lookup([{ key, kind: 'url' }])).toEqual({ storyId: 'belarus', matchedBy: 'url' });
    const sent = fetch.mock.calls.map(([u]) => String(u)).join(' ');
    expect(sent).not.toContain(key);
    expect(sent).not.toContain('example-news');
    expect(fetch.mock.calls[0]![1]).toMatchObject({ credentials: 'omit', referrerPolicy: 'no-referrer', cache: 'no-cache' });
  });

  it('does not match a different key that shares the prefix', async () => {
    const key = (await urlKey(story.source.url))!;
    const sibling = keyPrefix(key) + '0'.repeat(59);
    const { client } = await setup({
      [`https://api.prism.example/v1/lookup/${keyPrefix(key)}.json`]: () => json({ v: 1, entries: [{ key: sibling, story: 'x' }] }),
    });
    expect(await client.lookup([{ key, kind: 'url' }])).toBeNull();
  });

  it('treats a 404 shard as no entries, and caches it', async () => {
    const { client, fetch } = await setup({});
    const key = 'abcde'.padEnd(64, '1');
    expect(await client.lookup([{ key, kind: 'title' }])).toBeNull();
    expect(await client.lookup([{ key, kind: 'title' }])).toBeNull();
    expect(fetch).toHaveBeenCalledTimes(1);
  });

  it('validates stories and reports malformed ones as invalid', async () => {
    const { client } = await setup({
      'https://api.prism.example/v1/stories/belarus.json': () => json({ ...story, editions: {} }),
      'https://api.prism.example/v1/stories/notjson.json': () => new Response('<html>oops</html>'),
      'https://api.prism.example/v1/stories/swapped.json': () => json(story),
      'https://api.prism.example/v1/stories/down.json': () => json({}, 503),
    });
    await expect(client.story('belarus')).rejects.toMatchObject({ kind: 'invalid', message: /cannot read.*editions/ });
    await expect(client.story('notjson')).rejects.toMatchObject({ kind: 'invalid', message: /not JSON/ });
    await expect(client.story('swapped')).rejects.toMatchObject({ kind: 'invalid' });
    await expect(client.story('down')).rejects.toMatchObject({ kind: 'http', status: 503 });
    expect(await db.stories.count()).toBe(0);
  });

  it('serves a fresh story from the cache, and a stale one when offline', async () => {
    let online = true;
    const { client, fetch } = await setup({
      'https://api.prism.example/v1/stories/belarus.json': () => {
        if (!online) throw new TypeError('Failed to fetch');
        return json(story);
      },
    });
    expect((await client.story('belarus')).editions.ko?.title).toBe('한국어 테스트 기사');
    await client.story('belarus');
    expect(fetch).toHaveBeenCalledTimes(1);

    clock += 2 * 24 * 60 * 60 * 1000; // stale
    online = false;
    expect((await client.story('belarus')).id).toBe('belarus');
    await db.stories.clear();
    const err = await client.story('belarus').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PrismError);
    expect(err).toMatchObject({ kind: 'offline' });
  });
});
