/**
 * The side panel (Chrome `sidePanel`, Firefox sidebar): opened by the keyboard command and the link menu. Opening
 * must happen synchronously inside the user gesture that asked for it; the browser's API is chosen in
 * adapters/side-panel-opener.ts. (Firefox opens its sidebar for `_execute_sidebar_action` by itself.)
 */
import { browser } from 'wxt/browser';
import { openPanel } from '@/adapters/side-panel-opener';

export const SIDE_PANEL_COMMAND = 'open-side-panel';

export function openPanelForWindow(windowId: number, tabId?: number): void {
  void openPanel(tabId !== undefined ? { tabId, windowId } : { windowId });
}

export function registerSidePanelCommand(): void {
  browser.commands.onCommand.addListener((command, tab) => {
    if (command === SIDE_PANEL_COMMAND && tab?.windowId !== undefined) openPanelForWindow(tab.windowId, tab.id);
  });
}
