/**
 * Recovery without the reader: a tab never stays `looking` or failed for a reason that has passed.
 * - At worker start, a tab left `looking` (the worker was stopped mid-lookup: MV3 does that at any time) or failed
 *   for a passing reason is looked up again.
 * - A lookup that failed for a passing reason (utils/tab-state.ts `faultPasses`) is tried again after 5 s, 15 s and
 *   45 s, while the tab still shows that failure; a new report of the tab or any answer ends it.
 * - When the network comes back (`online` on the worker), every failed tab is looked up again at once.
 * An open popup or side panel also tries again by itself (components/LookupView.tsx).
 */
import { faultPasses, type TabState } from '@/utils/tab-state';
import { getTabState, tabIdsWithState } from './tab-states';

export const RECOVERY_DELAYS_MS = [5000, 15_000, 45_000];

const failedAgain = (s: TabState | null): s is TabState & { page: NonNullable<TabState['page']> } =>
  !!s?.page && (s.status === 'offline' || s.status === 'error') && faultPasses(s.fault);

/** Per tab: tries made for its current failure, the timer of the next, and whether one is running now. */
const attempts = new Map<number, { count: number; timer?: ReturnType<typeof setTimeout>; trying: boolean }>();

/** The worker's `online` event (WorkerGlobalScope fires it when the network comes back). */
const onWorkerOnline = (listener: () => void) => globalThis.addEventListener?.('online', listener);

export function createRecovery(recheck: (tabId: number) => Promise<void>, onOnline = onWorkerOnline) {
  /** Called with each answer a tab gets: schedules the next try after a passing failure, or forgets the tab. */
  function afterAnswer(tabId: number, state: TabState): void {
    const previous = attempts.get(tabId);
    clearTimeout(previous?.timer);
    if (!failedAgain(state)) return void attempts.delete(tabId);
    // The failure of one of these tries counts on; any other (a new report's) starts again.
    const count = previous?.trying ? previous.count + 1 : 0;
    if (count >= RECOVERY_DELAYS_MS.length) return void attempts.delete(tabId);
    const entry: { count: number; timer?: ReturnType<typeof setTimeout>; trying: boolean } = { count, trying: false };
    entry.timer = setTimeout(() => {
      void getTabState(tabId).then((now) => {
        if (now?.seq !== state.seq || !failedAgain(now)) return;
        entry.trying = true;
        return recheck(tabId);
      });
    }, RECOVERY_DELAYS_MS[count]);
    attempts.set(tabId, entry);
  }

  /** Looks up again every tab that is `looking` (at worker start: no lookup runs yet) or failed for a passing reason. */
  /** `cutOffBefore`: a tab `looking` since before then was cut off with the previous worker. */
  async function sweep(cutOffBefore?: number): Promise<void> {
    for (const tabId of await tabIdsWithState()) {
      const state = await getTabState(tabId);
      const cutOff = cutOffBefore !== undefined && state?.status === 'looking' && !!state.page && state.updatedAt < cutOffBefore;
      if (cutOff || failedAgain(state)) await recheck(tabId);
    }
  }

  function start(): void {
    void sweep(Date.now()).catch((err: unknown) => console.warn('PRISM Lens: recovery at start failed', err));
    onOnline(() => void sweep().catch(() => undefined));
  }

  return { afterAnswer, start };
}
