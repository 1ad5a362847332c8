import { defineBackground } from 'wxt/utils/define-background';
import { onMessage } from '@/utils/messaging';
import { createCache } from '@/utils/storage/cache';
import { getDb } from '@/utils/storage/db';
import { registerLinkMenu } from './link-menu';
import { lookUpLink, lookUpTab, recheckTab } from './page-lookup';
import { listenForPageReports } from './page-reports';
import { getStory } from './prism-service';
import { registerSidePanelCommand } from './side-panel';
import { watchTabLifecycle } from './tab-lifecycle';

export default defineBackground(() => {
  listenForPageReports((tabId, report) => void lookUpTab(tabId, report));
  onMessage('getStory', ({ data }) => getStory(data));
  onMessage('recheckTab', ({ data }) => recheckTab(data.tabId, data.force));
  onMessage('lookUpLink', ({ data }) => lookUpLink(data.windowId, data.url));

  watchTabLifecycle();
  registerLinkMenu();
  registerSidePanelCommand();
  void createCache(getDb()).prune().catch(() => undefined);
});
