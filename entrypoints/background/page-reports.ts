/**
 * Page reports from this extension's content scripts, in top-level frames of tabs only. They come as a plain
 * runtime message (not through @webext-core/messaging) so the content script needs no messaging library. A page
 * can make its content script report often (by changing its address or head in a loop): reports that say nothing
 * new are dropped, and each tab has a budget.
 */
import { browser } from 'wxt/browser';
import { createTokenBuckets } from '@/utils/lookup/token-bucket';
import { parsePageReportMessage, reportFromItsPage } from '@/utils/page-report';
import type { PageReport } from '@/utils/tab-state';

const reports = createTokenBuckets({ capacity: 20, refillMs: 1000 });

/** The last report taken from each tab: when it came, and when its document started (the content script's say). */
export interface ReportSeen {
  at: number;
  documentStart: number;
}
const lastSeen = new Map<number, ReportSeen>();
export const lastReportSeen = (tabId: number): ReportSeen | undefined => lastSeen.get(tabId);

export function listenForPageReports(onReport: (tabId: number, report: PageReport) => void): void {
  browser.runtime.onMessage.addListener((message: unknown, sender) => {
    const report = parsePageReportMessage(message);
    if (!report) return undefined; // not ours: another listener may answer it
    const tabId = sender.tab?.id;
    if (sender.id !== browser.runtime.id || tabId === undefined || (sender.frameId ?? 0) !== 0) return undefined;
    if (!reportFromItsPage(report, sender.url)) return undefined; // a page claiming another site's address
    if (!reports.take(tabId)) return undefined;
    const since = (message as { since?: unknown }).since;
    lastSeen.set(tabId, {
      at: Date.now(),
      documentStart: typeof since === 'number' && Number.isFinite(since) ? since : 0,
    });
    onReport(tabId, report);
    return undefined;
  });
}

export function forgetTabReports(tabId: number): void {
  reports.forget(tabId);
  lastSeen.delete(tabId);
}
