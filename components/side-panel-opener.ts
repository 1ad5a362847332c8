/**
 * Opening the side panel from a user gesture (a click in the popup). Chrome: `sidePanel.open`; Firefox: the
 * sidebar. The call must happen in the gesture, before any await.
 */
import { browser } from 'wxt/browser';

export function openSidePanel(tabId: number): void {
  if (import.meta.env.FIREFOX) {
    void (browser as unknown as { sidebarAction: { open(): Promise<void> } }).sidebarAction.open();
  } else {
    void chrome.sidePanel.open({ tabId });
  }
  // The popup closes itself so the panel has the reader's attention (Chrome keeps popups open otherwise).
  if (new URLSearchParams(location.search).get('tab') === null) window.close();
}
