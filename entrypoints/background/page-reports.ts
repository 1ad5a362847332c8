/**
 * Page reports from this extension's content scripts, in top-level frames of tabs only. They come as a plain
 * runtime message (not through @webext-core/messaging) so the content script needs no messaging library. A page
 * can make its content script report often (by changing its address or head in a loop): reports that say nothing
 * new are dropped, and each tab has a budget.
 */
import { browser } from 'wxt/browser';
import { createTokenBuckets } from '@/utils/lookup/token-bucket';
import { parsePageReportMessage } from '@/utils/page-report';
import type { PageReport } from '@/utils/tab-state';

const reports = createTokenBuckets({ capacity: 20, refillMs: 1000 });

export function listenForPageReports(onReport: (tabId: number, report: PageReport) => void): void {
  browser.runtime.onMessage.addListener((message: unknown, sender) => {
    const report = parsePageReportMessage(message);
    if (!report) return undefined; // not ours: another listener may answer it
    const tabId = sender.tab?.id;
    if (sender.id !== browser.runtime.id || tabId === undefined || (sender.frameId ?? 0) !== 0) return undefined;
    if (reports.take(tabId)) onReport(tabId, report);
    return undefined;
  });
}

export const forgetTabReports = (tabId: number) => reports.forget(tabId);
