/**
 * The shard-miss guard of the API in use (utils/lookup/miss-guard.ts has the rule): counts the keys tested and the
 * shards' "no such key" answers, in storage.local, and stops shard requests to an API whose shards miss far more
 * often than its key set's false-positive rate allows. The tested count is written every SAVE_EVERY lookups (a
 * worker stopped before that forgets a few, which only makes the guard stricter); a miss is written at once.
 * The keys that missed are kept in `storage.session` only (memory, gone with the browser session): a key counts
 * once per key set, and no record of the pages a reader opened is written to disk.
 */
import { storage } from 'wxt/utils/storage';
import {
  currentLedger,
  mayForgive,
  REFRESH_ON_MISS_MS,
  stopped,
  withForgiven,
  withMiss,
  withTested,
  type MissLedger,
} from '@/utils/lookup/miss-guard';
import type { ResolveDeps } from '@/utils/lookup/resolve-page';
import { shardMissLedgerItem } from '@/stores/storage-items';

const SAVE_EVERY = 50;
let memo: MissLedger | null = null;
let unsaved = 0;
let lastRefreshAt = -Infinity;

/** The keys that missed with the key set `sha256` of `base`. */
interface MissedKeys {
  base: string;
  sha256: string;
  keys: string[];
}
const missedKeysItem = storage.defineItem<MissedKeys | null>('session:shardMissKeys', { fallback: null });
/** At most this many are remembered (past it the guard has long stopped, or the set was replaced). */
const MAX_MISSED_KEYS = 1000;

/** Notes `key` as missed with the set; false when it had missed with that set already. */
async function firstMiss(base: string, sha256: string, key: string): Promise<boolean> {
  const stored = await missedKeysItem.getValue();
  const keys = stored?.base === base && stored.sha256 === sha256 ? stored.keys : [];
  if (keys.includes(key)) return false;
  await missedKeysItem.setValue({ base, sha256, keys: [...keys, key].slice(-MAX_MISSED_KEYS) });
  return true;
}

async function ledger(base: string, sha256: string): Promise<MissLedger> {
  memo = currentLedger(memo ?? (await shardMissLedgerItem.getValue()), base, sha256, Date.now());
  return memo;
}

async function save(l: MissLedger): Promise<void> {
  unsaved = 0;
  await shardMissLedgerItem.setValue(l);
}

/**
 * The guard for lookups against the key set `sha256` of `base`, whose false-positive rate is `rate`. `refresh`
 * reads meta.json again (keyset-sync.ts) and gives the SHA-256 of the set then in use (null when none).
 */
export function shardGuard(
  base: string,
  sha256: string,
  rate: number,
  refresh?: () => Promise<string | null>,
): NonNullable<ResolveDeps['guard']> {
  // A set that reads has a rate of at most 2^-16 (utils/prism/keyset.ts); anything else counts as that bound.
  const perKey = Number.isFinite(rate) && rate >= 0 ? Math.min(rate, 2 ** -16) : 2 ** -16;
  return {
    async tested(keys) {
      memo = withTested(await ledger(base, sha256), keys, perKey);
      if (++unsaved >= SAVE_EVERY) await save(memo);
    },
    async allow() {
      return !stopped(await ledger(base, sha256));
    },
    async miss(key) {
      if (!(await firstMiss(base, sha256, key))) return 'repeat';
      const now = Date.now();
      if (refresh && now - lastRefreshAt >= REFRESH_ON_MISS_MS && mayForgive(await ledger(base, sha256))) {
        lastRefreshAt = now;
        const inUse = await refresh();
        if (inUse !== null && inUse !== sha256) {
          // A publication the reader had not seen: the page is checked again with it, and the counts go on.
          memo = withForgiven(await ledger(base, sha256), inUse);
          await save(memo);
          return 'newer-set';
        }
      }
      const l = withMiss(await ledger(base, sha256), now);
      memo = l;
      await save(l);
      if (stopped(l)) console.warn('PRISM Lens: shard requests stopped for', base, l);
      return 'counted';
    },
  };
}

/** Forgets the copy in memory (tests start a fresh worker). */
export function resetShardGuardMemo(): void {
  memo = null;
  unsaved = 0;
  lastRefreshAt = -Infinity;
}
