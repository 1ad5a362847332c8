/**
 * The shard-miss guard of the API in use (utils/lookup/miss-guard.ts has the rule): counts the keys tested and the
 * shards' "no such key" answers, in storage.local, and stops shard requests to an API whose shards miss far more
 * often than its key set's false-positive rate allows. The tested count is written every SAVE_EVERY lookups (a
 * worker stopped before that forgets a few, which only makes the guard stricter); a miss is written at once.
 */
import { currentLedger, stopped, withMiss, withTested, type MissLedger } from '@/utils/lookup/miss-guard';
import type { ResolveDeps } from '@/utils/lookup/resolve-page';
import { shardMissLedgerItem } from '@/stores/storage-items';

const SAVE_EVERY = 50;
let memo: MissLedger | null = null;
let unsaved = 0;

async function ledger(base: string, sha256: string): Promise<MissLedger> {
  memo = currentLedger(memo ?? (await shardMissLedgerItem.getValue()), base, sha256, Date.now());
  return memo;
}

async function save(l: MissLedger): Promise<void> {
  unsaved = 0;
  await shardMissLedgerItem.setValue(l);
}

/** The guard for lookups against the key set `sha256` of `base`, whose false-positive rate is `rate`. */
export function shardGuard(base: string, sha256: string, rate: number): NonNullable<ResolveDeps['guard']> {
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
    async miss() {
      const l = withMiss(await ledger(base, sha256), Date.now());
      memo = l;
      await save(l);
      if (stopped(l)) console.warn('PRISM Lens: shard requests stopped for', base, l);
    },
  };
}

/** Forgets the copy in memory (tests start a fresh worker). */
export function resetShardGuardMemo(): void {
  memo = null;
  unsaved = 0;
}
