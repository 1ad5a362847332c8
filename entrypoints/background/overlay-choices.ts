/**
 * The reader's choices made on the pill or the card (hide on this site, snooze, and their undo), written here. The
 * site is the one of the tab's own page as the background knows it, never a site the page names.
 */
import { overlayHiddenSitesItem, overlaySnoozedUntilItem } from '@/stores/storage-items';
import { PAGE_OVERLAY_TYPE, type OverlayAction } from '@/utils/messages';
import { snoozeUntil, withSite, withoutSite } from '@/utils/overlay-prefs';
import { holdNotice, releaseNotice, siteOfTab } from './overlay-tabs';
import { tellOverlay } from './overlay-tell';
import { getTabState } from './tab-state-store';

/** The reader's choice on the pill or the card of `tabId`. Returns whether it was applied. */
export async function overlayAction(tabId: number, action: OverlayAction, site?: string): Promise<boolean> {
  const state = await getTabState(tabId);
  switch (action) {
    case 'hide-site': {
      const here = siteOfTab(state);
      if (!here) return false;
      holdNotice(tabId);
      await overlayHiddenSitesItem.setValue(withSite(await overlayHiddenSitesItem.getValue(), here));
      await tellOverlay(tabId, { type: PAGE_OVERLAY_TYPE, command: 'hidden', kind: 'site', site: here });
      return true;
    }
    case 'snooze': {
      holdNotice(tabId);
      await overlaySnoozedUntilItem.setValue(snoozeUntil(Date.now()));
      await tellOverlay(tabId, { type: PAGE_OVERLAY_TYPE, command: 'hidden', kind: 'snooze', site: siteOfTab(state) });
      return true;
    }
    case 'undo-hide-site': {
      const target = site ?? siteOfTab(state);
      if (!target) return false;
      releaseNotice(tabId);
      await overlayHiddenSitesItem.setValue(withoutSite(await overlayHiddenSitesItem.getValue(), target));
      return true; // the preference watcher mounts the pill again, here and in the site's other tabs
    }
    case 'undo-snooze': {
      releaseNotice(tabId);
      await overlaySnoozedUntilItem.setValue(null);
      return true;
    }
  }
}
