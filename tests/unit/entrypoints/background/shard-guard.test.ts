/**
 * The shard-miss guard (entrypoints/background/shard-guard.ts, rule in utils/lookup/miss-guard.ts) with the real
 * lookup (resolvePage): a key set that claims keys its shards do not hold makes the shards answer "no such key"
 * far more often than the set's false-positive rate predicts, and the extension then stops asking that server.
 * The counts are kept in storage.local: a new worker remembers them.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { resolvePage } from '../../../../utils/lookup/resolve-page';
import { buildKeySet, readKeySet } from '../../../../utils/prism/keyset';
import { urlKey } from '../../../../utils/prism/keys';
import { MISS_SLACK, STOP_MS } from '../../../../utils/lookup/miss-guard';
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
