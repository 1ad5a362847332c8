import { defineBackground } from 'wxt/utils/define-background';
import { onMessage } from '@/utils/messaging';
import { createCache } from '@/utils/storage/cache';
import { getDb } from '@/utils/storage/db';
import { lookUpTab, recheckTab } from './page-lookup';
import { getStory } from './prism-service';
import { watchTabLifecycle } from './tab-lifecycle';

export default defineBackground(() => {
  onMessage('pageDetected', ({ data, sender }) => {
    const tabId = sender.tab?.id;
    // Only top-level documents of a tab report (the content script does not run in frames).
    if (tabId !== undefined && (sender.frameId ?? 0) === 0) void lookUpTab(tabId, data);
  });
  onMessage('getStory', ({ data }) => getStory(data));
  onMessage('recheckTab', ({ data }) => recheckTab(data.tabId, data.force));

  watchTabLifecycle();
  void createCache(getDb()).prune().catch(() => undefined);
});
