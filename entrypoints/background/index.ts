import { defineBackground } from 'wxt/utils/define-background';
import { createCache } from '@/utils/storage/cache';
import { getDb } from '@/utils/storage/db';
import { apiBaseSetting } from '@/stores/storage-items';
import { onKeySetChanged, watchKeySet } from './keyset-sync';
import { registerLibraryUpkeep } from './library-upkeep';
import { registerLinkMenu } from './link-menu';
import { watchLinkMarks } from './link-marks';
import { listenForMessages } from './message-router';
import { onTabAnswer, recheckTab, recheckUncheckedTabs } from './page-lookup';
import { watchOverlay } from './overlay-tabs';
import { forgetPrivateWindows } from './prism-service';
import { createRecovery } from './recovery';
import { registerSaveCommand } from './save-command';
import { registerSidePanelCommand } from './side-panel';
import { closeStorageToContentScripts } from './storage-access';
import { registerWelcome } from './welcome';
import { watchTabLifecycle } from './tab-lifecycle';
import { tabIdsWithState } from './tab-state-store';

export default defineBackground(() => {
  void closeStorageToContentScripts();
  listenForMessages();
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
