import { defineBackground } from 'wxt/utils/define-background';
import { onMessage } from '@/utils/messaging';
import { createCache } from '@/utils/storage/cache';
import { getDb } from '@/utils/storage/db';
import { registerLinkMenu } from './link-menu';
import { lookUpLink, lookUpTab, recheckTab } from './page-lookup';
import { getStory } from './prism-service';
import { registerSidePanelCommand } from './side-panel';
import { watchTabLifecycle } from './tab-lifecycle';

export default defineBackground(() => {
  onMessage('pageDetected', ({ data, sender }) => {
    const tabId = sender.tab?.id;
    // Only top-level documents of a tab report (the content script does not run in frames).
    if (tabId !== undefined && (sender.frameId ?? 0) === 0) void lookUpTab(tabId, data);
  });
  onMessage('getStory', ({ data }) => getStory(data));
  onMessage('recheckTab', ({ data }) => recheckTab(data.tabId, data.force));
  onMessage('lookUpLink', ({ data }) => lookUpLink(data.windowId, data.url));

  watchTabLifecycle();
  registerLinkMenu();
  registerSidePanelCommand();
  void createCache(getDb()).prune().catch(() => undefined);
});
