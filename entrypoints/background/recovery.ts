/**
 * Recovery without the reader: a tab never stays `looking` or failed for a reason that has passed.
 * - At worker start, a tab left `looking` (the worker was stopped mid-lookup: MV3 does that at any time) or failed
 *   for a passing reason is looked up again.
 * - A lookup that failed for a passing reason (utils/tab-state.ts `faultPasses`) is tried again after 5 s, 15 s and
 *   45 s (three tries a page at most, whoever else tries), while the tab still shows that failure; an answer ends it.
 *   The worker may be stopped when idle and forget this: the sweep at its next start then tries.
 * - When the network comes back (`online` on the worker: Firefox only), every failed tab is looked up again.
 * An open popup or side panel also tries again by itself (components/LookupView.tsx).
 */
import { faultPasses } from '@/utils/prism/fault';
import type { TabState } from '@/utils/tab-state';
import { getTabState, tabIdsWithState } from './tab-state-store';

export const RECOVERY_DELAYS_MS = [5000, 15_000, 45_000];

const failedAgain = (s: TabState | null): s is TabState & { page: NonNullable<TabState['page']> } =>
  !!s?.page && (s.status === 'offline' || s.status === 'error') && faultPasses(s.fault);

/** Per tab: the page its failure is for, the tries made for it, and the timer of the next. */
interface Attempts {
  url: string;
  tries: number;
  timer?: ReturnType<typeof setTimeout>;
}
/** The worker's `online` event: Firefox's background fires it; Chrome's service worker does not (docs/faults.md). */
const onWorkerOnline = (listener: () => void) => globalThis.addEventListener?.('online', listener);

export function createRecovery(recheck: (tabId: number) => Promise<void>, onOnline = onWorkerOnline) {
  const attempts = new Map<number, Attempts>();

  /**
   * Called with each answer a tab gets. A passing failure has one try pending at a time, at most
   * RECOVERY_DELAYS_MS.length tries for one page (whoever else tries meanwhile, an open view say); a new page
   * starts again; any other answer ends it.
   */
  function afterAnswer(tabId: number, state: TabState): void {
    const previous = attempts.get(tabId);
    if (!failedAgain(state)) {
      clearTimeout(previous?.timer);
      attempts.delete(tabId);
      return;
    }
    const url = state.page.url;
    const entry: Attempts = previous?.url === url ? previous : { url, tries: 0 };
    if (previous && previous !== entry) clearTimeout(previous.timer);
    attempts.set(tabId, entry);
    if (entry.timer !== undefined || entry.tries >= RECOVERY_DELAYS_MS.length) return;
    entry.timer = setTimeout(
      () => {
        entry.timer = undefined;
        void getTabState(tabId)
          .then((now) => {
            if (attempts.get(tabId) !== entry || now?.page?.url !== url || !failedAgain(now)) return;
            entry.tries++;
            return recheck(tabId);
          })
          .catch((err: unknown) => console.warn('PRISM Lens: a recovery try failed', err));
      },
      Math.max(RECOVERY_DELAYS_MS[entry.tries]!, state.fault?.retryAfterMs ?? 0),
    ); // never sooner than asked
  }

  /** `cutOffBefore`: a tab `looking` since before then was cut off with the previous worker. */
  async function sweep(cutOffBefore?: number): Promise<void> {
    for (const tabId of await tabIdsWithState()) {
      const state = await getTabState(tabId);
      const cutOff =
        cutOffBefore !== undefined && state?.status === 'looking' && !!state.page && state.updatedAt < cutOffBefore;
      if (cutOff || failedAgain(state)) await recheck(tabId);
    }
  }

  function start(): void {
    void sweep(Date.now()).catch((err: unknown) => console.warn('PRISM Lens: recovery at start failed', err));
    onOnline(() => void sweep().catch(() => undefined));
  }

  return { afterAnswer, start };
}
