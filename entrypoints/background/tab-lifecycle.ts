/**
 * Keeps tab state honest when no content script reports: a tab that closed, or a tab that navigated to a page
 * the extension cannot see (browser pages, the web store, PDFs). Such a tab goes back to `unknown` shortly after
 * it finishes loading, so a badge from the previous page does not linger.
 */
import { browser } from 'wxt/browser';
import { getTabState, nextSeq, removeTabState, setTabState } from './tab-states';
import { showTabBadge } from './toolbar-badge';

/** Content scripts run at document_idle, just after load; WXT checks the URL of single-page apps every second. */
export const REPORT_GRACE_MS = 3000;

export function watchTabLifecycle(): void {
  const loadingSince = new Map<number, number>();

  browser.tabs.onRemoved.addListener((tabId) => {
    loadingSince.delete(tabId);
    void removeTabState(tabId);
  });

  browser.tabs.onUpdated.addListener((tabId, change) => {
    if (change.status === 'loading') loadingSince.set(tabId, Date.now());
    if (change.status !== 'complete') return;
    const since = loadingSince.get(tabId);
    if (since === undefined) return;
    setTimeout(async () => {
      const state = await getTabState(tabId);
      if (state && state.updatedAt >= since) return; // the page reported: its answer stands
      loadingSince.delete(tabId);
      const unknown = { status: 'unknown' as const, seq: nextSeq() };
      await setTabState(tabId, unknown);
      await showTabBadge(tabId, { ...unknown, updatedAt: Date.now() });
    }, REPORT_GRACE_MS);
  });
}
