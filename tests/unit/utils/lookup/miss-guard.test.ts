/** The shard-miss rule (utils/lookup/miss-guard.ts): when it stops, and what starts the counts again. */
import { describe, expect, it } from 'vitest';
import {
  currentLedger,
  emptyLedger,
  MAX_FORGIVEN,
  mayForgive,
  MISS_FACTOR,
  MISS_SLACK,
  STOP_MS,
  stopped,
  withForgiven,
  withMiss,
  withTested,
} from '../../../../utils/lookup/miss-guard';

describe('the shard-miss rule', () => {
  it('stops at MISS_SLACK misses when almost none are expected', () => {
    let l = withTested(emptyLedger('b', 's'), 1000, 2 ** -18);
    for (let i = 1; i < MISS_SLACK; i++) l = withMiss(l, 1);
    expect(stopped(l)).toBe(false);
    expect(stopped(withMiss(l, 1))).toBe(true);
  });

  it('allows MISS_SLACK + ⌊MISS_FACTOR × expected⌋ misses when many keys were tested', () => {
    let l = withTested(emptyLedger('b', 's'), 10_000_000, 2 ** -18); // 38 expected
    const limit = MISS_SLACK + Math.floor(MISS_FACTOR * l.expected);
    for (let i = 1; i < limit; i++) l = withMiss(l, 1);
    expect(stopped(l)).toBe(false);
    expect(stopped(withMiss(l, 1))).toBe(true);
  });

  it('keeps a stop across a new key set for STOP_MS; a new base or a later new set starts again', () => {
    let l = emptyLedger('b', 's');
    for (let i = 0; i < MISS_SLACK; i++) l = withMiss(l, 100);
    expect(currentLedger(l, 'b', 's', 100 + STOP_MS * 2)).toBe(l); // the same set: still stopped
    expect(currentLedger(l, 'b', 't', 100 + STOP_MS - 1)).toBe(l);
    expect(stopped(currentLedger(l, 'b', 't', 100 + STOP_MS))).toBe(false);
    expect(stopped(currentLedger(l, 'other', 's', 101))).toBe(false);
    const fine = withMiss(emptyLedger('b', 's'), 1);
    expect(currentLedger(fine, 'b', 't', 2)).toEqual(emptyLedger('b', 't')); // not stopped: a new set starts over
  });

  it('a forgiven miss carries the counts to the new set, and only MAX_FORGIVEN are forgiven', () => {
    let l = withMiss(emptyLedger('b', 's'), 1);
    for (let i = 0; i < MAX_FORGIVEN; i++) {
      expect(mayForgive(l)).toBe(true);
      l = withForgiven(l, `s${i}`);
    }
    expect(mayForgive(l)).toBe(false);
    expect(l).toMatchObject({ sha256: `s${MAX_FORGIVEN - 1}`, misses: 1, forgiven: MAX_FORGIVEN });
    expect(currentLedger(l, 'b', `s${MAX_FORGIVEN - 1}`, 2)).toBe(l); // the counts go on with the new set
    expect(currentLedger(l, 'b', 's', 2)).toBe(l); // and a lookup still running with the old one counts there too
  });
});
