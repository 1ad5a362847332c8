/**
 * The PRISM client's retry policy (utils/prism/retry.ts), pure: which failures are tried again, after how long
 * (full-jitter backoff, Retry-After), and the bounds (retries, the Retry-After cap, the time budget).
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  backoffMs,
  decide,
  isRetryableStatus,
  parseRetryAfter,
  RETRY_POLICY,
  type Failure,
  type RetryState,
} from '../../../../utils/prism/retry';

const NOW = Date.UTC(2026, 11, 1, 9, 0, 0);
const state = (over: Partial<RetryState> = {}): RetryState => ({
  retries: 0,
  elapsedMs: 0,
  now: NOW,
  random: () => 0.5,
  ...over,
});
const network: Failure = { kind: 'network' };
const status = (code: number, retryAfter: string | null = null): Failure => ({
  kind: 'status',
  status: code,
  retryAfter,
});

describe('which failures are tried again', () => {
  it('network errors, 5xx and 429: yes; other 4xx, 501, 505 and final failures: no', () => {
    expect(decide(RETRY_POLICY, network, state()).retry).toBe(true);
    for (const code of [500, 502, 503, 504, 429])
      expect(decide(RETRY_POLICY, status(code), state()).retry, String(code)).toBe(true);
    for (const code of [400, 401, 403, 405, 408, 410, 418, 451, 501, 505]) {
      expect(decide(RETRY_POLICY, status(code), state()), String(code)).toEqual({ retry: false, why: 'final' });
    }
    expect(decide(RETRY_POLICY, { kind: 'final' }, state())).toEqual({ retry: false, why: 'final' });
    expect(isRetryableStatus(404)).toBe(false);
  });
});

describe('backoff', () => {
  it('is full jitter: retry n waits random · min(maxBackoffMs, baseMs · factor^n)', () => {
    expect([0, 1, 2].map((n) => backoffMs(RETRY_POLICY, n, () => 0.5))).toEqual([250, 500, 1000]);
    expect(backoffMs(RETRY_POLICY, 0, () => 0)).toBe(0);
    expect(backoffMs(RETRY_POLICY, 10, () => 0.5)).toBe(RETRY_POLICY.maxBackoffMs / 2);
  });

  it('stays in [0, ceiling) for any draw, even a bad one', () => {
    fc.assert(
      fc.property(fc.nat(12), fc.double({ noNaN: true }), (n, r) => {
        const ceiling = Math.min(RETRY_POLICY.maxBackoffMs, RETRY_POLICY.baseMs * RETRY_POLICY.factor ** n);
        const ms = backoffMs(RETRY_POLICY, n, () => r);
        return Number.isInteger(ms) && ms >= 0 && ms < ceiling;
      }),
    );
  });

  it('the 3 backoff waits add up to less than 8 s', () => {
    const most = [0, 1, 2].reduce((sum, n) => sum + backoffMs(RETRY_POLICY, n, () => 1 - Number.EPSILON), 0);
    expect(most).toBeLessThan(8_000);
  });
});

describe('Retry-After', () => {
  it('reads delta-seconds and HTTP-dates (in the past: 0), and nothing else', () => {
    expect(parseRetryAfter('3', NOW)).toBe(3000);
    expect(parseRetryAfter(' 0 ', NOW)).toBe(0);
    expect(parseRetryAfter(new Date(NOW + 7000).toUTCString(), NOW)).toBe(7000);
    expect(parseRetryAfter('Tue, 01 Dec 2026 08:00:00 GMT', NOW)).toBe(0);
    for (const bad of [null, undefined, '', '-1', '1.5', 'soon', '3 seconds'])
      expect(parseRetryAfter(bad, NOW), String(bad)).toBeNull();
  });

  it('is honoured for 503 and 429, up to the cap; a longer one gives up at once', () => {
    expect(decide(RETRY_POLICY, status(503, '3'), state())).toEqual({ retry: true, waitMs: 3000 });
    expect(decide(RETRY_POLICY, status(429, '3'), state())).toEqual({ retry: true, waitMs: 3000 });
    expect(decide(RETRY_POLICY, status(429, '10'), state())).toEqual({ retry: true, waitMs: 10_000 });
    expect(decide(RETRY_POLICY, status(429, '3600'), state())).toEqual({
      retry: false,
      why: 'retry-after',
      waitMs: 3_600_000,
    });
    // Even with no retries left, the reason given is the server's wait.
    expect(decide(RETRY_POLICY, status(503, '11'), state({ retries: 3 }))).toMatchObject({
      retry: false,
      why: 'retry-after',
    });
  });

  it('is ignored for other statuses; without it 503 and 429 back off like any 5xx', () => {
    expect(decide(RETRY_POLICY, status(500, '9'), state())).toEqual({ retry: true, waitMs: 250 });
    expect(decide(RETRY_POLICY, status(503), state())).toEqual({ retry: true, waitMs: 250 });
    expect(decide(RETRY_POLICY, status(429, 'garbage'), state())).toEqual({ retry: true, waitMs: 250 });
  });
});

describe('bounds', () => {
  it('at most 3 retries', () => {
    expect(decide(RETRY_POLICY, network, state({ retries: 2 })).retry).toBe(true);
    expect(decide(RETRY_POLICY, network, state({ retries: 3 }))).toEqual({ retry: false, why: 'exhausted' });
    expect(decide(RETRY_POLICY, status(503, '1'), state({ retries: 3 }))).toEqual({ retry: false, why: 'exhausted' });
  });

  it('no retry whose wait would end after the budget', () => {
    expect(decide(RETRY_POLICY, status(503, '5'), state({ elapsedMs: 7_000 }))).toEqual({ retry: true, waitMs: 5000 });
    expect(decide(RETRY_POLICY, status(503, '5'), state({ elapsedMs: 7_001 }))).toEqual({
      retry: false,
      why: 'budget',
      waitMs: 5000,
    });
    expect(decide(RETRY_POLICY, network, state({ elapsedMs: RETRY_POLICY.budgetMs + 1, retries: 1 }))).toMatchObject({
      why: 'budget',
    });
  });

  it('any sequence of failures waits at most the budget in all, in at most 3 retries', () => {
    const failure = fc.oneof(
      fc.constant(network),
      fc.record({
        kind: fc.constant('status' as const),
        status: fc.integer({ min: 400, max: 599 }),
        retryAfter: fc.option(fc.integer({ min: 0, max: 20 }).map(String)),
      }),
    );
    fc.assert(
      fc.property(
        fc.array(failure, { minLength: 10, maxLength: 10 }),
        fc.array(fc.nat(3000), { minLength: 10, maxLength: 10 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (failures, answerMs, r) => {
          let elapsedMs = 0;
          let retries = 0;
          for (const [i, f] of failures.entries()) {
            elapsedMs += answerMs[i]!; // the attempt itself
            const d = decide(RETRY_POLICY, f, state({ retries, elapsedMs, random: () => r }));
            if (!d.retry) break;
            elapsedMs += d.waitMs;
            retries++;
            if (elapsedMs > RETRY_POLICY.budgetMs) return false;
          }
          return retries <= RETRY_POLICY.retries;
        },
      ),
    );
  });
});
