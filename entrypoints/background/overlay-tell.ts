/**
 * The background telling the overlay: a command to the page's overlay (the tab's top frame, where the content script
 * loads it), and a tab's new state to the card page in that tab (a broadcast to the extension's pages: no web page
 * receives it). Both are fire-and-forget: a tab without our script, or no card open, is no error.
 */
import { browser } from 'wxt/browser';
import { OVERLAY_CARD_STATE_TYPE, type OverlayCommand } from '@/utils/messages';
import type { TabState } from '@/utils/tab-state';

export async function tellOverlay(tabId: number, message: OverlayCommand): Promise<void> {
  try {
    await browser.tabs.sendMessage(tabId, message, { frameId: 0 });
  } catch {
    // No content script in this document (a browser page, a page loaded before the extension), or the tab
    // closed: there is no overlay to tell.
  }
}

/**
 * The tab's state, to the card in that tab. The card cannot read storage.session itself in every browser (Firefox
 * gives a frame of an extension page in a web page none), so the background hands it the state.
 */
export async function tellCards(tabId: number, state: TabState | null): Promise<void> {
  try {
    await browser.runtime.sendMessage({ type: OVERLAY_CARD_STATE_TYPE, tabId, state });
  } catch {
    // No extension page is open to receive it.
  }
}
