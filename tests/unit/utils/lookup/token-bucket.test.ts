/**
 * The per-tab budget that bounds what a page can make the extension do: a burst of `capacity`, then one action per
 * `refillMs`, each key on its own, and never more than `maxKeys` buckets in memory. The clock is injected, so
 * nothing here waits.
 */
import { describe, expect, it } from 'vitest';
import { createTokenBuckets } from '../../../../utils/lookup/token-bucket';

function buckets(capacity: number, refillMs: number, maxKeys?: number) {
  let clock = 1_000_000;
  const b = createTokenBuckets({ capacity, refillMs, maxKeys, now: () => clock });
  return { b, advance: (ms: number) => (clock += ms) };
}

/** How many takes succeed out of `n` in a row, at the current time. */
const takes = (b: ReturnType<typeof createTokenBuckets>, key: number | string, n: number) =>
  Array.from({ length: n }, () => b.take(key)).filter(Boolean).length;

describe('token buckets', () => {
  it('allows a burst of exactly `capacity`, then refuses', () => {
    const { b } = buckets(6, 10_000);
    expect(takes(b, 1, 100)).toBe(6);
    expect(b.take(1)).toBe(false);
  });

  it('gives back one token per refill period, never more than the capacity', () => {
    const { b, advance } = buckets(3, 1000);
    expect(takes(b, 'tab', 3)).toBe(3);
    advance(999);
    expect(b.take('tab')).toBe(false); // not a whole period yet
    advance(1);
    expect(b.take('tab')).toBe(true);
    expect(b.take('tab')).toBe(false);
    advance(2500); // two whole periods (the half period is not lost either)
    expect(takes(b, 'tab', 10)).toBe(2);
    advance(500);
    expect(b.take('tab')).toBe(true);
    advance(1_000_000); // a long quiet time refills only up to the capacity
    expect(takes(b, 'tab', 10)).toBe(3);
  });

  it('does not let refused attempts earn or cost anything', () => {
    const { b, advance } = buckets(2, 1000);
    expect(takes(b, 1, 2)).toBe(2);
    for (let i = 0; i < 9; i++) {
      advance(100);
      expect(b.take(1)).toBe(false); // a page hammering the bucket inside one period
    }
    advance(100); // 1000 ms since the bucket emptied
    expect(b.take(1)).toBe(true);
  });

  it('keeps each key independent', () => {
    const { b } = buckets(2, 60_000);
    expect(takes(b, 1, 5)).toBe(2);
    expect(takes(b, 2, 5)).toBe(2);
    expect(takes(b, 'session:link:3', 5)).toBe(2);
    expect(b.take(1)).toBe(false);
  });

  it('forgets a key (a closed tab) and starts it full again', () => {
    const { b } = buckets(2, 60_000);
    expect(takes(b, 7, 2)).toBe(2);
    b.forget(7);
    expect(takes(b, 7, 5)).toBe(2);
  });

  it('keeps at most maxKeys buckets, dropping the least recently used', () => {
    const { b } = buckets(1, 60_000, 3);
    for (const key of [1, 2, 3]) expect(b.take(key)).toBe(true);
    expect(b.take(1)).toBe(false); // 1 is now the most recently used; 2 is the oldest
    expect(b.take(4)).toBe(true); // a fourth bucket: 2 is dropped
    expect(b.take(1)).toBe(false); // still remembered (empty)
    expect(b.take(3)).toBe(false);
    expect(b.take(2)).toBe(true); // forgotten, so full again; this drops the oldest, 4
    expect(b.take(4)).toBe(true);
  });

  it('bounds its memory however many keys come by', () => {
    const { b } = buckets(1, 60_000, 10);
    for (let key = 0; key < 10_000; key++) expect(b.take(key)).toBe(true);
    // Only the last 10 keys are remembered (empty); every earlier one was dropped.
    expect(Array.from({ length: 10 }, (_, i) => b.take(9990 + i)).some(Boolean)).toBe(false);
    expect(b.take(0)).toBe(true);
  });
});
