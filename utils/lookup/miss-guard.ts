/**
 * The shard-miss guard (issue 19): a key the local key set holds is confirmed with a shard; the shard answers "no
 * such key" only for the set's false positives, at the rate the set declares (1/M, at most 2^-16). A server that
 * ships a set claiming keys its shards do not hold (to learn which pages a reader opens, one prefix at a time) shows
 * itself by missing far more often than that. The rule, stated in docs/privacy.md:
 *
 * - every key tested against the set adds the set's false-positive rate to the misses *expected*;
 * - a miss counts only when the shard came from the network (a cached shard may be older than the set), once per
 *   key and key set, and only when meta.json, read again (at most every REFRESH_ON_MISS_MS), still names the same
 *   set: a newer set is a publication the reader had not seen (a withdrawn story, a changed address), and the
 *   page is checked again with it. Such a forgiven miss carries the counts over to the new set (a server cannot
 *   reset them by rotating its set on demand), and at most MAX_FORGIVEN are forgiven before the next reset;
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
/** A miss reads meta.json again, but not more often than this. */
export const REFRESH_ON_MISS_MS = 10 * 60 * 1000;
/** Misses forgiven because meta.json named a newer set, before the counts start again: as many as the slack. @alias */
export const MAX_FORGIVEN = MISS_SLACK;

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
  /** Misses forgiven because meta.json then named another set (absent in ledgers written before: 0). */
  forgiven?: number;
  /** The sets the counts were carried over from (lookups still running with one of them go on counting here). */
  carriedFrom?: string[];
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
  if (stored.sha256 === sha256 || stored.carriedFrom?.includes(sha256)) return stored;
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

/** Whether one more miss may be forgiven because meta.json names another set. */
export const mayForgive = (l: MissLedger) => (l.forgiven ?? 0) < MAX_FORGIVEN;

/** The ledger carried over to the set `sha256` after a forgiven miss: the counts go on, they do not start again. */
export const withForgiven = (l: MissLedger, sha256: string): MissLedger => ({
  ...l,
  sha256,
  forgiven: (l.forgiven ?? 0) + 1,
  carriedFrom: [...(l.carriedFrom ?? []), l.sha256],
});

export const stopped = (l: MissLedger) => l.stoppedAt !== null;
