/**
 * Page reports from this extension's content script, in top-level frames of tabs only (the message router hands
 * them here, parsed: entrypoints/background/message-router.ts). A page can make its content script report often (by
 * changing its address or head in a loop): each tab has a budget, and page-lookup.ts drops reports that say
 * nothing new.
 */
import { browser, type Browser } from 'wxt/browser';
import { createTokenBuckets } from '@/utils/lookup/token-bucket';
import { reportFromItsPage } from '@/utils/page-report';
import { topFrameTabOf } from '@/utils/sender';
import type { PageReport } from '@/utils/tab-state';

const reports = createTokenBuckets({ capacity: 20, refillMs: 1000 });

/** The last report taken from each tab: when it came, and when its document started (the content script's say). */
export interface ReportSeen {
  at: number;
  documentStart: number;
}
const lastSeen = new Map<number, ReportSeen>();
export const lastReportSeen = (tabId: number): ReportSeen | undefined => lastSeen.get(tabId);

/**
 * The tab a report is from: our content script in a tab's top frame, naming a page on the origin the browser says
 * that frame is at (a page claiming another site's address is not believed); null for anything else.
 */
export function reportingTab(sender: Browser.runtime.MessageSender, report: PageReport): number | null {
  const tabId = topFrameTabOf(sender, browser.runtime.id);
  return tabId !== null && reportFromItsPage(report, sender.url) ? tabId : null;
}

/** Takes a report of `tabId` if the tab's budget allows it (`since`: when its document started). */
export function takeReport(tabId: number, since: number): boolean {
  if (!reports.take(tabId)) return false;
  lastSeen.set(tabId, { at: Date.now(), documentStart: since });
  return true;
}

export function forgetTabReports(tabId: number): void {
  reports.forget(tabId);
  lastSeen.delete(tabId);
}
