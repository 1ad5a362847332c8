/**
 * When the PRISM client tries a request again, and after how long: a pure policy (no timers, no randomness of its
 * own, no clock), so that it can be tested with fake values and used by utils/prism/client.ts.
 *
 * - A network failure while the browser is online ("unreachable": refused, reset, DNS, broke off mid-answer) and a
 *   5xx (except 501 and 505, which no retry changes) are tried again with exponential backoff and full jitter: the
 *   wait before retry n (0-based) is drawn uniformly from [0, min(maxBackoffMs, baseMs · factor^n)).
 * - 429 and 503 honour `Retry-After` (delta-seconds or an HTTP-date); a value above `maxRetryAfterMs` gives up at
 *   once rather than keep a reader waiting. Without the header they back off like any 5xx (429 too).
 * - Nothing else is tried again: other 4xx (404 is an answer, not a failure), timeouts (the reader already waited
 *   the whole timeout), offline (the background rechecks when the browser is back), unreadable answers.
 * - At most `retries` retries, and no retry whose wait would end more than `budgetMs` after the first attempt
 *   began (measured on the caller's clock, so slow failing answers count too).
 */

export interface RetryPolicy {
  /** Retries after the first attempt. */
  retries: number;
  /** The backoff's first ceiling, in ms. */
  baseMs: number;
  factor: number;
  /** No backoff ceiling above this. */
  maxBackoffMs: number;
  /** A `Retry-After` longer than this is not waited for: the request fails at once. */
  maxRetryAfterMs: number;
  /** No retry whose wait would end later than this after the first attempt began. */
  budgetMs: number;
}

export const RETRY_POLICY: RetryPolicy = {
  retries: 3,
  baseMs: 500,
  factor: 2,
  maxBackoffMs: 4_000,
  maxRetryAfterMs: 10_000,
  budgetMs: 12_000,
};

/** Why an attempt failed, as far as the policy cares. */
export type Failure =
  /** A network failure while online. */
  | { kind: 'network' }
  /** An HTTP status other than 2xx and 404, with its `Retry-After` header (or null). */
  | { kind: 'status'; status: number; retryAfter: string | null }
  /** Anything that is never tried again (timeout, offline, an unreadable answer, a refused redirect). */
  | { kind: 'final' };

export type Decision =
  | { retry: true; waitMs: number }
  | {
      retry: false;
      /**
       * `final`: not a failure that is tried again; `exhausted`: no retries left; `budget`: the wait would pass the
       * budget; `retry-after`: the server asked for a longer wait than `maxRetryAfterMs` (`waitMs` says how long).
       */
      why: 'final' | 'exhausted' | 'budget' | 'retry-after';
      waitMs?: number;
    };

export interface RetryState {
  /** Retries made so far (0 after the first attempt). */
  retries: number;
  /** ms since the first attempt began. */
  elapsedMs: number;
  /** The current time, epoch ms (for an HTTP-date `Retry-After`). */
  now: number;
  /** A number in [0, 1). */
  random: () => number;
}

/** Statuses a retry may change. 404 is an answer; other 4xx are the request's own fault. */
export function isRetryableStatus(status: number): boolean {
  if (status === 429) return true;
  return status >= 500 && status <= 599 && status !== 501 && status !== 505;
}

/** Statuses whose `Retry-After` is honoured. */
const HONOURS_RETRY_AFTER = new Set([429, 503]);

/**
 * A `Retry-After` value in ms from `now`: delta-seconds (`120`) or an HTTP-date (`Wed, 21 Oct 2026 07:28:00 GMT`;
 * one in the past is 0). null when there is none or it is neither.
 */
export function parseRetryAfter(header: string | null | undefined, now: number): number | null {
  const value = header?.trim();
  if (!value) return null;
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  // An HTTP-date (IMF-fixdate, RFC 850 or asctime) starts with a weekday; other text (`1.5`, `soon`) is not one,
  // even where Date.parse would read something into it.
  if (!/^[A-Za-z]{3,9},?\s/.test(value)) return null;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

/** The full-jitter backoff before retry `retry` (0-based). */
export function backoffMs(policy: RetryPolicy, retry: number, random: () => number): number {
  const ceiling = Math.min(policy.maxBackoffMs, policy.baseMs * policy.factor ** retry);
  const r = Math.min(Math.max(random(), 0), 1 - Number.EPSILON);
  return Math.floor(r * ceiling);
}

/** Whether to try again after `failure`, and after how long. */
export function decide(policy: RetryPolicy, failure: Failure, state: RetryState): Decision {
  if (failure.kind === 'final') return { retry: false, why: 'final' };
  if (failure.kind === 'status' && !isRetryableStatus(failure.status)) return { retry: false, why: 'final' };
  let waitMs: number | null = null;
  if (failure.kind === 'status' && HONOURS_RETRY_AFTER.has(failure.status)) {
    waitMs = parseRetryAfter(failure.retryAfter, state.now);
    if (waitMs !== null && waitMs > policy.maxRetryAfterMs) return { retry: false, why: 'retry-after', waitMs };
  }
  if (state.retries >= policy.retries) return { retry: false, why: 'exhausted' };
  waitMs ??= backoffMs(policy, state.retries, state.random);
  if (state.elapsedMs + waitMs > policy.budgetMs) return { retry: false, why: 'budget', waitMs };
  return { retry: true, waitMs };
}

/**
 * Until the extension has a key set for its API base, it tries to get one by itself after these waits (seconds at
 * first, then minutes; the last one repeats): a first install against a server that is down or slow ends with a
 * catalogue without a click. A server's `Retry-After` that asks for longer is honoured.
 */
export const FIRST_KEYSET_DELAYS_MS = [
  1000, 2000, 3000, 5000, 5000, 5000, 10_000, 15_000, 30_000, 60_000, 120_000, 300_000, 600_000, 1_800_000,
];

/** The wait before try `attempt` (0-based) of the first key-set download, never shorter than `retryAfterMs`. */
export function firstKeySetDelay(attempt: number, retryAfterMs = 0): number {
  const i = Math.min(Math.max(0, Math.floor(attempt)), FIRST_KEYSET_DELAYS_MS.length - 1);
  return Math.max(FIRST_KEYSET_DELAYS_MS[i]!, retryAfterMs);
}
