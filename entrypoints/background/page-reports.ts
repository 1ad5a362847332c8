/**
 * Page reports from this extension's content scripts, in top-level frames of tabs only. They come as a plain
 * runtime message (not through @webext-core/messaging) so the content script needs no messaging library.
 */
import { browser } from 'wxt/browser';
import { parsePageReportMessage } from '@/utils/page-report';
import type { PageReport } from '@/utils/tab-state';

export function listenForPageReports(onReport: (tabId: number, report: PageReport) => void): void {
  browser.runtime.onMessage.addListener((message: unknown, sender) => {
    const report = parsePageReportMessage(message);
    if (!report) return undefined; // not ours: another listener may answer it
    const tabId = sender.tab?.id;
    if (sender.id !== browser.runtime.id || tabId === undefined || (sender.frameId ?? 0) !== 0) return undefined;
    onReport(tabId, report);
    return undefined;
  });
}
