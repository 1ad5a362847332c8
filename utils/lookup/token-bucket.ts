/**
 * A token bucket per key (a tab): `capacity` actions at once, then one more every `refillMs`. The background uses
 * it so that a page cannot make the extension do unbounded work (reports) or send unbounded requests (shards) by
 * changing its address or head in a loop. Bounded itself: at most `maxKeys` buckets are kept (oldest dropped).
 */
export interface TokenBucketOptions {
  capacity: number;
  refillMs: number;
  maxKeys?: number;
  now?: () => number;
}

export function createTokenBuckets({ capacity, refillMs, maxKeys = 1000, now = Date.now }: TokenBucketOptions) {
  const buckets = new Map<number | string, { tokens: number; at: number }>();
  return {
    /** Takes a token for `key`; false when its bucket is empty (the action should not happen). */
    take(key: number | string): boolean {
      const t = now();
      const b = buckets.get(key) ?? { tokens: capacity, at: t };
      const refilled = Math.min(capacity, b.tokens + Math.floor((t - b.at) / refillMs));
      const at = refilled === capacity ? t : b.at + Math.floor((t - b.at) / refillMs) * refillMs;
      buckets.delete(key); // re-inserted last: Map order is then least recently used first
      if (refilled < 1) {
        buckets.set(key, { tokens: refilled, at });
        return false;
      }
      buckets.set(key, { tokens: refilled - 1, at });
      while (buckets.size > maxKeys) buckets.delete(buckets.keys().next().value!);
      return true;
    },
    forget(key: number | string): void {
      buckets.delete(key);
    },
  };
}
