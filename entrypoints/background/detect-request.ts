/**
 * Asks a tab's content script to run the full news detector (utils/detect, loaded into the page only then), for
 * a page whose headline alone matched or that the reader is looking at. No answer (no content script, a page
 * that navigated away) is a known outcome: null.
 */
import { browser } from 'wxt/browser';
import { PAGE_DETECT_TYPE } from '@/utils/messages';
import { parseDetection } from '@/utils/page-report';
import type { PageDetection } from '@/utils/tab-state';

export async function askTabToDetect(tabId: number): Promise<PageDetection | null> {
  let answer: unknown;
  try {
    answer = await browser.tabs.sendMessage(tabId, { type: PAGE_DETECT_TYPE }, { frameId: 0 });
  } catch (err) {
    // "Could not establish connection": this document has no content script of ours (yet, or any more).
    if (err instanceof Error && /establish connection|Receiving end|closed/i.test(err.message)) return null;
    throw err;
  }
  return parseDetection(answer);
}
