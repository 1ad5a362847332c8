import { defineBackground } from 'wxt/utils/define-background';
import { browser } from 'wxt/browser';
import { fromExtensionPage, onMessage, type SenderFacts } from '@/utils/messaging';
import { sameReport } from '@/utils/page-report';
import { createCache } from '@/utils/storage/cache';
import { getDb } from '@/utils/storage/db';
import { apiBaseSetting } from '@/stores/storage-items';
import { onKeySetChanged, watchKeySet } from './keyset-sync';
import { registerLibraryUpkeep } from './library-upkeep';
import { registerLinkMenu } from './link-menu';
import { examineTab, lookUpLink, lookUpTab, onTabAnswer, recheckTab, recheckUncheckedTabs } from './page-lookup';
import { watchOverlay } from './overlay';
import { linkMarksOnReport, watchLinkMarks } from './link-marks';
import { listenForPageReports } from './page-reports';
import { forgetPrivateWindows, getStory } from './prism-service';
import { createRecovery } from './recovery';
import { registerSaveCommand } from './save-command';
import { registerSidePanelCommand } from './side-panel';
import { closeStorageToContentScripts } from './storage-access';
import { registerWelcome } from './welcome';
import { watchTabLifecycle } from './tab-lifecycle';
import { getTabState, tabIdsWithState } from './tab-state-store';

export default defineBackground(() => {
  void closeStorageToContentScripts();
  listenForPageReports((tabId, report) => {
    void linkMarksOnReport(tabId, report.url);
    void getTabState(tabId).then((current) => {
      // A report that says nothing new (a page re-firing events) changes nothing; a failed lookup is tried again.
      const settled = current && !['offline', 'error', 'no-catalogue'].includes(current.status);
      if (settled && sameReport(current.page, report)) return;
      return lookUpTab(tabId, report);
    });
  });
  // These act on any tab, or fetch any story: for the extension's own pages only, never a content script (a page's
  // renderer). The messaging library answers a refusal as an error.
  const ownPage = (sender: SenderFacts) => {
    if (!fromExtensionPage(sender, browser.runtime.id, browser.runtime.getURL('/'))) {
      throw new Error('PRISM Lens: this message is accepted from extension pages only');
    }
  };
  onMessage('getStory', ({ data, sender }) => {
    ownPage(sender);
    return getStory(data);
  });
  onMessage('recheckTab', ({ data, sender }) => {
    ownPage(sender);
    return recheckTab(data.tabId);
  });
  onMessage('examineTab', ({ data, sender }) => {
    ownPage(sender);
    return examineTab(data.tabId);
  });
  onMessage('lookUpLink', ({ data, sender }) => {
    ownPage(sender);
    return lookUpLink(data.windowId, data.url);
  });

  watchKeySet();
  onKeySetChanged(() => void tabIdsWithState().then(recheckUncheckedTabs));
  watchTabLifecycle();
  const recovery = createRecovery(recheckTab);
  onTabAnswer(recovery.afterAnswer);
  recovery.start();
  registerLinkMenu();
  registerSidePanelCommand();
  registerSaveCommand();
  registerWelcome();
  registerLibraryUpkeep();
  watchOverlay();
  watchLinkMarks();
  forgetPrivateWindows();
  // Pruning is housekeeping: a failure (storage unavailable) is reported and retried at the next worker start.
  apiBaseSetting
    .getValue()
    .then((base) => createCache(getDb(), base).prune())
    .catch((err: unknown) => console.warn('PRISM Lens: cache pruning failed', err));
});
