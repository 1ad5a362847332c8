/**
 * The shard-miss guard (issue 19): a key the local key set holds is confirmed with a shard; the shard answers "no
 * such key" only for the set's false positives, at the rate the set declares (1/M, at most 2^-16). A server that
 * ships a set claiming keys its shards do not hold (to learn which pages a reader opens, one prefix at a time) shows
 * itself by missing far more often than that. The rule, stated in docs/privacy.md:
 *
 * - every key tested against the set adds the set's false-positive rate to the misses *expected*;
 * - when the shards have answered "no such key" at least MISS_SLACK + ⌊MISS_FACTOR × expected⌋ times, no shard is
 *   asked of that API any more;
 * - for STOP_MS at least, and then only once the API publishes another key set (the counts start again).
 *
 * For an honest server the misses stay near what is expected: a reader who tests 100,000 keys (some 20,000 pages)
 * expects 0.4 at the default range, and P(6 or more | 0.5 expected) ≈ 1.4 · 10^-5. A hostile server learns at most a
 * handful of prefixes a day (it can rotate its key set only when the extension polls meta.json, and a stop lasts a
 * day whatever it publishes meanwhile). Pure: the background keeps the ledger in storage.local.
 */

export const MISS_SLACK = 6;
export const MISS_FACTOR = 4;
export const STOP_MS = 24 * 60 * 60 * 1000;

export interface MissLedger {
  /** The API base the counts are for. */
  base: string;
  /** The key set the counts are for (its SHA-256). */
  sha256: string;
  /** Keys tested against the set. */
  tested: number;
  /** Misses the set's false-positive rate predicts for them. */
  expected: number;
  /** "No such key" answers of the shards. */
  misses: number;
  /** When shard requests stopped (epoch ms), or null. */
  stoppedAt: number | null;
}

export const emptyLedger = (base: string, sha256: string): MissLedger => ({
  base,
  sha256,
  tested: 0,
  expected: 0,
  misses: 0,
  stoppedAt: null,
});

/**
 * The ledger to use for `base` and its key set `sha256`: the stored one, or a fresh one when the base differs, or
 * when the set changed and the ledger was not stopped, or was stopped more than STOP_MS ago.
 */
export function currentLedger(stored: MissLedger | null, base: string, sha256: string, now: number): MissLedger {
  if (!stored || stored.base !== base) return emptyLedger(base, sha256);
  if (stored.sha256 === sha256) return stored;
  if (stored.stoppedAt === null || now - stored.stoppedAt >= STOP_MS) return emptyLedger(base, sha256);
  return stored; // stopped, and a new set does not end it early
}

export const withTested = (l: MissLedger, keys: number, falsePositiveRate: number): MissLedger => ({
  ...l,
  tested: l.tested + keys,
  expected: l.expected + keys * falsePositiveRate,
});

export function withMiss(l: MissLedger, now: number): MissLedger {
  const misses = l.misses + 1;
  const stop = l.stoppedAt === null && misses >= MISS_SLACK + Math.floor(MISS_FACTOR * l.expected);
  return { ...l, misses, stoppedAt: stop ? now : l.stoppedAt };
}

export const stopped = (l: MissLedger) => l.stoppedAt !== null;
