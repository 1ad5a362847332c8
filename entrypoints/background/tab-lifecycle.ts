/**
 * Keeps tab state honest after a tab loads: a tab that navigated to a page the extension cannot see (browser
 * pages, the web store, PDFs) has no content script to report, so a badge from the previous page would linger.
 * Shortly after a tab finishes loading, the background asks the tab's content script what its page is
 * (`tabs.sendMessage` needs no permission): no answer means no content script, and the tab becomes `unknown`;
 * an answer makes the content script report its page again through the checked path (a report lost, e.g. while
 * the worker restarted, is looked up then). The answer itself is never looked up: a renderer could name any page.
 *
 * A tab whose new document has already reported is not asked: the question costs every page a message to answer
 * (about 0.7 ms of its main thread, measured by the page-cost bench). A report is the new document's when it came
 * after the tab started loading and its document started then (give or take LOAD_EVENT_SLACK_MS), not before: a
 * document that was leaving may still report as the next one loads. Whatever is not known (a worker that restarted
 * has forgotten it) is asked, as before.
 */
import { browser } from 'wxt/browser';
import { PAGE_PING_TYPE } from '@/utils/messages';
import { forgetTabReports, lastReportSeen, type ReportSeen } from './page-reports';
import { getTabState, nextSeq, removeTabState, setTabState } from './tab-state-store';
import { showTabBadge } from './toolbar-badge';

/** Content scripts run at document_idle, just after load. */
export const REPORT_GRACE_MS = 3000;

export async function checkTab(tabId: number): Promise<void> {
  let answer: unknown;
  try {
    answer = await browser.tabs.sendMessage(tabId, { type: PAGE_PING_TYPE }, { frameId: 0 });
  } catch (err) {
    // "Could not establish connection. Receiving end does not exist.": no content script in this document; or the
    // tab closed meanwhile. Anything else is a bug, and surfaces.
    if (!(err instanceof Error && /establish connection|Receiving end|No tab with id|closed/i.test(err.message)))
      throw err;
    answer = undefined;
  }
  // An answer means the page has our content script, and nothing more: whatever it says is the renderer's word. The
  // script sends its report again as it answers, through the checked path (page-reports.ts: the report's origin
  // must be the one the browser says the frame is at), and that report is what is looked up.
  if (answer) return;
  const current = await getTabState(tabId);
  if (current?.status === 'unknown') return;
  const unknown = { status: 'unknown' as const, seq: nextSeq() };
  await setTabState(tabId, unknown);
  await showTabBadge(tabId, { ...unknown, updatedAt: Date.now() });
}

/** How long after a document's start the browser may tell the extension that its tab started loading. */
export const LOAD_EVENT_SLACK_MS = 2000;

/** A tab's current load: when the extension heard it start, and the document start of the report before it. */
interface Load {
  at: number;
  previousDocument: number | undefined;
}
const loads = new Map<number, Load>();

/** Whether `seen` is a report of the document this load brought (see the top of the file). */
export function reportedThisLoad(load: Load | undefined, seen: ReportSeen | undefined): boolean {
  if (!load || !seen || seen.at < load.at) return false;
  if (seen.documentStart === load.previousDocument) return false; // the document that was leaving
  return seen.documentStart >= load.at - LOAD_EVENT_SLACK_MS;
}

export function watchTabLifecycle(): void {
  browser.tabs.onRemoved.addListener((tabId) => {
    forgetTabReports(tabId);
    loads.delete(tabId);
    void removeTabState(tabId);
  });
  browser.tabs.onUpdated.addListener((tabId, change) => {
    if (change.status === 'loading') {
      loads.set(tabId, { at: Date.now(), previousDocument: lastReportSeen(tabId)?.documentStart });
    }
    if (change.status !== 'complete') return;
    setTimeout(() => {
      if (!reportedThisLoad(loads.get(tabId), lastReportSeen(tabId))) void checkTab(tabId);
    }, REPORT_GRACE_MS);
  });
}
