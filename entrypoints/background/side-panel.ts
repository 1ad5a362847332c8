/**
 * The side panel (Chrome `sidePanel`, Firefox sidebar): opened by the keyboard command and the link menu. Opening
 * must happen synchronously inside the user gesture that asked for it.
 */
import { browser } from 'wxt/browser';

export const SIDE_PANEL_COMMAND = 'open-side-panel';

export function openPanelForWindow(windowId: number, tabId?: number): void {
  if (import.meta.env.FIREFOX) {
    void (browser as unknown as { sidebarAction: { open(): Promise<void> } }).sidebarAction.open();
    return;
  }
  void chrome.sidePanel.open(tabId !== undefined ? { tabId } : { windowId }).catch(() => undefined);
}

export function registerSidePanelCommand(): void {
  browser.commands.onCommand.addListener((command, tab) => {
    if (command === SIDE_PANEL_COMMAND && tab?.windowId !== undefined) openPanelForWindow(tab.windowId, tab.id);
  });
}
