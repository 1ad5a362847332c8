/**
 * A tab never stays "looking" or failed for a reason that has passed (entrypoints/background/recovery.ts): it is
 * looked up again at worker start, after a passing failure (backing off, a few times), and when the network comes
 * back. Fake timers; tab states in the fake browser's storage.session, as the background keeps them.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createRecovery, RECOVERY_DELAYS_MS } from '../../../../entrypoints/background/recovery';
import { setTabState } from '../../../../entrypoints/background/tab-state-store';
import type { TabState } from '../../../../utils/tab-state';

const page = { url: 'https://www.example.com/a', declared: [], titles: ['A'], publisher: null, lang: 'en' };
const failed = (
  seq: number,
  kind: NonNullable<TabState['fault']>['kind'] = 'unreachable',
  status?: number,
): TabState => ({
  status: 'error',
  page,
  seq,
  updatedAt: Date.now(),
  fault: { kind, detail: 'x', ...(status === undefined ? {} : { status }) },
});

let rechecks: number[];
let recovery: ReturnType<typeof createRecovery>;
/** The recheck, as page-lookup's does it: a new lookup with a new seq whose answer is `next`. */
let next: (seq: number) => TabState;
let seq = 1;
let online: () => void;

beforeEach(() => {
  fakeBrowser.reset();
  vi.useFakeTimers();
  rechecks = [];
  seq = 1;
  next = (s) => failed(s);
  recovery = createRecovery(
    async (tabId) => {
      rechecks.push(tabId);
      const answer = next(++seq);
      await setTabState(tabId, answer);
      recovery.afterAnswer(tabId, answer);
    },
    (listener) => (online = listener),
  );
});
afterEach(() => vi.useRealTimers());

async function answer(tabId: number, state: TabState) {
  await setTabState(tabId, state);
  recovery.afterAnswer(tabId, state);
}

describe('after a failed lookup', () => {
  it('tries again after 5 s, 15 s and 45 s while the server stays down, then stops', async () => {
    await answer(3, failed(seq));
    await vi.advanceTimersByTimeAsync(RECOVERY_DELAYS_MS[0]! - 100);
    expect(rechecks).toEqual([]);
    await vi.advanceTimersByTimeAsync(200);
    expect(rechecks).toEqual([3]);
    await vi.advanceTimersByTimeAsync(RECOVERY_DELAYS_MS[1]!);
    expect(rechecks).toEqual([3, 3]);
    await vi.advanceTimersByTimeAsync(RECOVERY_DELAYS_MS[2]!);
    expect(rechecks).toEqual([3, 3, 3]);
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(rechecks).toEqual([3, 3, 3]);
  });

  it('stops once a try finds the story', async () => {
    next = (s) => ({ status: 'found', page, seq: s, updatedAt: Date.now(), storyId: 'x' });
    await answer(3, failed(seq));
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(rechecks).toEqual([3]);
  });

  it.each([
    ['an answer it cannot read', 'invalid', undefined],
    ['a newer format', 'newer', undefined],
    ['a refused address', 'refused', undefined],
    ['a 403', 'http', 403],
  ] as const)('does not try again after %s', async (_what, kind, status) => {
    await answer(3, failed(seq, kind, status));
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(rechecks).toEqual([]);
  });

  it('waits as long as the server asked before trying again', async () => {
    await answer(3, {
      ...failed(seq, 'http', 429),
      fault: { kind: 'http', status: 429, retryAfterMs: 120_000, detail: 'x' },
    });
    await vi.advanceTimersByTimeAsync(119_000);
    expect(rechecks).toEqual([]);
    await vi.advanceTimersByTimeAsync(2000);
    expect(rechecks).toEqual([3]);
  });

  it('tries again after a 503 and a 429', async () => {
    await answer(3, failed(seq, 'http', 503));
    await answer(4, failed(seq, 'http', 429));
    await vi.advanceTimersByTimeAsync(RECOVERY_DELAYS_MS[0]! + 100);
    expect(rechecks.sort((a, b) => a - b)).toEqual([3, 4]);
  });

  it('makes at most three tries for a page while an open view keeps failing too', async () => {
    await answer(3, failed(seq));
    for (let i = 0; i < 40; i++) {
      // The view's own try, every 3 s, failing as well.
      await vi.advanceTimersByTimeAsync(3000);
      await answer(3, failed(++seq));
    }
    expect(rechecks).toEqual([3, 3, 3]);
  });

  it('does not retry a failure a newer report has replaced', async () => {
    await answer(3, failed(seq));
    await setTabState(3, { status: 'none', page, seq: 99 });
    await vi.advanceTimersByTimeAsync(10 * 60_000);
    expect(rechecks).toEqual([]);
  });
});

describe('at worker start and when the network comes back', () => {
  it('looks up again a tab cut off mid-lookup and a failed one, not a settled one', async () => {
    await setTabState(1, { status: 'looking', page, seq: 1 });
    await setTabState(2, failed(1, 'timeout'));
    await setTabState(3, { status: 'found', page, seq: 1, storyId: 'x' });
    await setTabState(4, failed(1, 'invalid'));
    await vi.advanceTimersByTimeAsync(10);
    recovery.start();
    await vi.advanceTimersByTimeAsync(10);
    expect(rechecks.sort((a, b) => a - b)).toEqual([1, 2]);
  });

  it('looks up failed tabs again at once on "online"', async () => {
    recovery.start();
    await vi.advanceTimersByTimeAsync(10);
    await setTabState(5, failed(1, 'offline'));
    online();
    await vi.advanceTimersByTimeAsync(10);
    expect(rechecks).toContain(5);
  });
});
