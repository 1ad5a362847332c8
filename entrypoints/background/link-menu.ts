/**
 * The context menu on links: "PRISM analysis of this link". It opens the side panel (in the click's user
 * gesture, before any await) and looks the link up there.
 */
import { browser } from 'wxt/browser';
import { i18n } from '#i18n';
import { lookUpLink } from './page-lookup';
import { openPanelForWindow } from './side-panel';

export const LINK_MENU_ID = 'prism-link-analysis';

export function registerLinkMenu(): void {
  browser.runtime.onInstalled.addListener(() => {
    browser.contextMenus.create({
      id: LINK_MENU_ID,
      title: i18n.t('contextMenuLink'),
      contexts: ['link'],
      targetUrlPatterns: ['http://*/*', 'https://*/*'],
    });
  });
  browser.contextMenus.onClicked.addListener((info, tab) => {
    if (info.menuItemId !== LINK_MENU_ID || !info.linkUrl || tab?.windowId === undefined) return;
    openPanelForWindow(tab.windowId, tab.id);
    const text = (info as { linkText?: string }).linkText;
    void lookUpLink(tab.windowId, info.linkUrl, text, tab.incognito);
  });
}
