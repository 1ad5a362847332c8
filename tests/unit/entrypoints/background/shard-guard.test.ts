/**
 * The shard-miss guard (entrypoints/background/shard-guard.ts, rule in utils/lookup/miss-guard.ts) with the real
 * lookup (resolvePage): a key set that claims keys its shards do not hold makes the shards answer "no such key"
 * far more often than the set's false-positive rate predicts, and the extension then stops asking that server.
 * The counts are kept in storage.local: a new worker remembers them.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { resolvePage } from '../../../../utils/lookup/resolve-page';
import { buildKeySet, readKeySet } from '../../../../utils/prism/keyset';
import { urlKey } from '../../../../utils/prism/keys';
import { MAX_FORGIVEN, MISS_SLACK, REFRESH_ON_MISS_MS, STOP_MS } from '../../../../utils/lookup/miss-guard';
import { createPrismClient } from '../../../../utils/prism/client';
import { createCache } from '../../../../utils/storage/cache';
import { PrismDb } from '../../../../utils/storage/db';
import { requestUrl } from '../../support/request-url';
import { resetShardGuardMemo, shardGuard } from '../../../../entrypoints/background/shard-guard';
import { shardMissLedgerItem } from '../../../../stores/storage-items';
import type { PageReport } from '../../../../utils/tab-state';

const BASE = 'https://api.prism.test';
const pageAt = (i: number): PageReport => ({
  url: `https://news.example.com/world/2026/12/06/story-${i}`,
  declared: [],
  titles: [],
  publisher: null,
  lang: null,
});

/** A key set holding the address keys of pages 0..n-1, none of which any shard holds (a hostile server). */
async function claimingSet(n: number) {
  const keys = await Promise.all(Array.from({ length: n }, async (_, i) => (await urlKey(pageAt(i).url))!));
  return readKeySet(buildKeySet(keys));
}

beforeEach(() => {
  fakeBrowser.reset();
  resetShardGuardMemo();
});

describe('shards that miss far more often than the key set says they can', () => {
  it('stop further shard requests, in this worker and the next', async () => {
    const keySet = await claimingSet(40);
    const shard = vi.fn(async () => []);
    const deps = () => ({ keySet, shard, guard: shardGuard(BASE, 'a'.repeat(64), keySet.falsePositiveRate) });
    const answers = [];
    for (let i = 0; i < 20; i++) answers.push(await resolvePage(pageAt(i), deps()));
    // Expected misses for 20 pages: 20 × 2^-18 ≈ 0.0001; the guard allows MISS_SLACK, then stops.
    expect(shard).toHaveBeenCalledTimes(MISS_SLACK);
    expect(answers.slice(0, MISS_SLACK).every((a) => a.status === 'none')).toBe(true);
    expect(answers.at(-1)).toMatchObject({ status: 'error', fault: { kind: 'invalid', detail: /stopped asking/ } });

    resetShardGuardMemo(); // a new worker
    for (let i = 20; i < 30; i++) await resolvePage(pageAt(i), deps());
    expect(shard).toHaveBeenCalledTimes(MISS_SLACK);
    expect(await shardMissLedgerItem.getValue()).toMatchObject({ base: BASE, misses: MISS_SLACK });
  });

  it('stays stopped for a day even when the server publishes another key set, then counts again', async () => {
    const keySet = await claimingSet(40);
    const shard = vi.fn(async () => []);
    const now = vi.spyOn(Date, 'now');
    const t0 = 1_800_000_000_000;
    now.mockReturnValue(t0);
    for (let i = 0; i < 10; i++)
      await resolvePage(pageAt(i), {
        keySet,
        shard,
        guard: shardGuard(BASE, 'a'.repeat(64), keySet.falsePositiveRate),
      });
    expect(shard).toHaveBeenCalledTimes(MISS_SLACK);
    const rotated = { keySet, shard, guard: shardGuard(BASE, 'b'.repeat(64), keySet.falsePositiveRate) };
    await resolvePage(pageAt(11), rotated);
    expect(shard).toHaveBeenCalledTimes(MISS_SLACK);
    now.mockReturnValue(t0 + STOP_MS);
    await resolvePage(pageAt(12), { ...rotated, guard: shardGuard(BASE, 'b'.repeat(64), keySet.falsePositiveRate) });
    expect(shard).toHaveBeenCalledTimes(MISS_SLACK + 1);
    now.mockRestore();
  });

  it('never stops an honest server: shards that hold every key of the set', async () => {
    const keySet = await claimingSet(40);
    const shard = vi.fn(async (prefix: string) => {
      const keys = await Promise.all(Array.from({ length: 40 }, async (_, i) => (await urlKey(pageAt(i).url))!));
      return keys.filter((k) => k.startsWith(prefix)).map((key) => ({ key, story: 'a-story', sites: ['example.com'] }));
    });
    for (let i = 0; i < 40; i++) {
      const answer = await resolvePage(pageAt(i), { keySet, shard, guard: shardGuard(BASE, 'c'.repeat(64), 2 ** -18) });
      expect(answer.status).toBe('found');
    }
    expect(shard).toHaveBeenCalledTimes(40);
  });
});

describe("an honest server is never stopped (the reviewer's case, issue 19)", () => {
  /** A new story's page: its own address and the address it declares, both keys of the reader's set. */
  const newStory = (i: number): PageReport => ({
    url: `https://news.example.com/a/new-${i}`,
    declared: [`https://news.example.com/world/2026/12/06/new-${i}`],
    titles: [],
    publisher: null,
    lang: null,
  });
  const keysOf = async (p: PageReport) =>
    Promise.all([urlKey(p.url), ...p.declared.map((d) => urlKey(d))]).then((ks) => ks.map((k) => k!));
  let db: PrismDb;
  beforeEach(() => {
    db = new PrismDb(`guard-${Math.random().toString(36).slice(2)}`);
  });
  afterEach(async () => {
    await db.delete();
  });

  it('four pages of stories newer than the cached shard: no stop, no error, no miss counted', async () => {
    const pages = [0, 1, 2, 3].map(newStory);
    const keys = (await Promise.all(pages.map(keysOf))).flat();
    const keySet = readKeySet(buildKeySet(keys));
    // The reader's `all` shard was cached (for an hour) before these stories were published: it lists none of them.
    const cache = createCache(db, BASE);
    await cache.putShard('all', []);
    const fetch = vi.fn(async (input: RequestInfo | URL) => {
      const url = requestUrl(input);
      if (url === `${BASE}/v2/lookup/all.json`) {
        const entries = keys.map((key) => ({ key, story: 'new', sites: ['example.com'] }));
        return new Response(JSON.stringify({ v: 2, entries }));
      }
      return new Response('', { status: 404 });
    });
    const client = createPrismClient({ base: BASE, cache, fetch });
    const statuses = [];
    for (const page of pages) {
      const guard = shardGuard(BASE, 'd'.repeat(64), keySet.falsePositiveRate);
      statuses.push(
        (await resolvePage(page, { keySet, prefixLength: 0, guard, shard: (p) => client.shardAnswer(p) })).status,
      );
    }
    expect(statuses).toEqual(['none', 'none', 'none', 'none']);
    expect(fetch).not.toHaveBeenCalled();
    expect((await shardMissLedgerItem.getValue())?.misses ?? 0).toBe(0);
  });

  it('a "no such key" from the cache does not count', async () => {
    const keySet = await claimingSet(40);
    const shard = vi.fn(async () => ({ entries: [], network: false }));
    for (let i = 0; i < 20; i++) {
      const guard = shardGuard(BASE, 'e'.repeat(64), keySet.falsePositiveRate);
      expect((await resolvePage(pageAt(i), { keySet, shard, guard })).status).toBe('none');
    }
    expect(shard).toHaveBeenCalledTimes(20);
    expect((await shardMissLedgerItem.getValue())?.misses ?? 0).toBe(0);
  });

  it('the same key missing again counts once', async () => {
    const keySet = await claimingSet(1);
    const shard = vi.fn(async () => ({ entries: [], network: true }));
    for (let i = 0; i < 10; i++) {
      const guard = shardGuard(BASE, 'f'.repeat(64), keySet.falsePositiveRate);
      expect((await resolvePage(pageAt(0), { keySet, shard, guard })).status).toBe('none');
    }
    expect(shard).toHaveBeenCalledTimes(10);
    expect(await shardMissLedgerItem.getValue()).toMatchObject({ misses: 1, stoppedAt: null });
  });

  it('a miss reads meta.json again: a newer key set forgives it and the page is checked again', async () => {
    const keySet = await claimingSet(40);
    const shard = vi.fn(async () => ({ entries: [], network: true }));
    const refresh = vi.fn(async () => '2'.repeat(64));
    const guard = shardGuard(BASE, '1'.repeat(64), keySet.falsePositiveRate, refresh);
    expect(await resolvePage(pageAt(0), { keySet, shard, guard })).toMatchObject({ status: 'none', newerKeySet: true });
    expect(refresh).toHaveBeenCalledTimes(1);
    expect(await shardMissLedgerItem.getValue()).toMatchObject({ sha256: '2'.repeat(64), misses: 0, forgiven: 1 });
    // Within REFRESH_ON_MISS_MS meta.json is not read again: the next miss counts.
    const again = await resolvePage(pageAt(1), { keySet, shard, guard });
    expect(again.newerKeySet).toBeUndefined();
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it('a server that rotates its key set at every refresh is still stopped', async () => {
    const keySet = await claimingSet(40);
    const shard = vi.fn(async () => ({ entries: [], network: true }));
    const now = vi.spyOn(Date, 'now');
    let t = 1_800_000_000_000;
    let sha = 0;
    const rotate = async () => String(++sha).padStart(64, '0');
    for (let i = 0; i < 40; i++) {
      now.mockReturnValue((t += REFRESH_ON_MISS_MS));
      const inUse = String(sha).padStart(64, '0');
      await resolvePage(pageAt(i), { keySet, shard, guard: shardGuard(BASE, inUse, keySet.falsePositiveRate, rotate) });
    }
    now.mockRestore();
    expect(shard).toHaveBeenCalledTimes(MAX_FORGIVEN + MISS_SLACK);
    expect(await shardMissLedgerItem.getValue()).toMatchObject({ misses: MISS_SLACK, forgiven: MAX_FORGIVEN });
  });
});
