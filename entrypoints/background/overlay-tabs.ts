/**
 * Which tabs get the on-page overlay, decided here: whether a tab's page gets the pill at all, and when it goes. The background
 * follows each tab's answer (`storage.session`, `tab:<id>`) and tells the tab's content script "mount" only for a
 * confirmed match (`found`) the reader has not hidden (utils/overlay-prefs.ts), and "unmount" when that answer
 * changes (single-page navigation, a re-check) or the reader hides it. A tab that was never told to mount is never
 * told anything: a page without a match gets no message, so it loads no overlay code and its DOM is untouched.
 *
 * The rest of the overlay's background, one concern a file: its strings (overlay-labels.ts), telling a tab or a
 * card (overlay-tell.ts), one decision per tab at a time (tab-queue.ts), the reader's choices (overlay-choices.ts),
 * the card's hello (card-hello.ts) and its library (card-library-proxy.ts); message-router.ts hands them their
 * messages.
 */
import { browser } from 'wxt/browser';
import { storage } from 'wxt/utils/storage';
import { OVERLAY_COMMAND, PAGE_OVERLAY_TYPE, TOAST_MS } from '@/utils/messages';
import { OVERLAY_PREF_KEYS, readOverlayPrefs } from '@/stores/storage-items';
import { overlayStep, pillDecision, type OverlayRecord } from '@/utils/overlay-prefs';
import { sameReport } from '@/utils/page-report';
import { parseTabState, tabIdOfSessionKey, type PageReport, type TabState } from '@/utils/tab-state';
import { siteOf } from '@/utils/url/site';
import { overlayLabels } from './overlay-labels';
import { tellCards, tellOverlay } from './overlay-tell';
import { enqueue, isQueued } from './tab-queue';
import { getTabState, tabIdsWithState } from './tab-state-store';

/** "This site": the registrable domain of the tab's own page (the address the browser loaded, not one it declares). */
export const siteOfTab = (state: TabState | null) => (state?.page ? siteOf(state.page.url) : null);

const recordKey = (tabId: number) => `session:overlay:${tabId}` as const;

/**
 * Tabs showing the "hidden on this site" notice (with its undo) until the given time: the preference change that
 * caused it must not take the notice away before the reader can undo it.
 */
const noticeUntil = new Map<number, number>();
/** The notice of a choice just made in `tabId` stays its time (and the reader's undo with it). */
export const holdNotice = (tabId: number) => void noticeUntil.set(tabId, Date.now() + TOAST_MS + 2000);
/** The choice was undone: the notice need not hold the overlay any longer. */
export const releaseNotice = (tabId: number) => void noticeUntil.delete(tabId);

/**
 * The tabs with a record (told to mount), in memory, read from storage.session once per worker: a state change
 * of any other tab that is not a confirmed match is dismissed without reading anything.
 */
let toldTabs: Promise<Set<number>> | null = null;
function told(): Promise<Set<number>> {
  toldTabs ??= storage
    .snapshot('session')
    .then(
      (all) =>
        new Set(
          Object.keys(all).flatMap((k) => (/^overlay:(\d+)$/.exec(k) ? [Number(k.slice('overlay:'.length))] : [])),
        ),
    );
  return toldTabs;
}

async function mount(tabId: number, record: OverlayRecord, side: 'left' | 'right'): Promise<void> {
  (await told()).add(tabId);
  await storage.setItem<OverlayRecord>(recordKey(tabId), record);
  const { labels, lang } = await overlayLabels();
  await tellOverlay(tabId, { type: PAGE_OVERLAY_TYPE, command: 'mount', labels, side, lang });
}

async function unmount(tabId: number): Promise<void> {
  (await told()).delete(tabId);
  await storage.removeItem(recordKey(tabId));
  await tellOverlay(tabId, { type: PAGE_OVERLAY_TYPE, command: 'unmount' });
}

/** Brings the tab's overlay in line with its state and the reader's preferences. */
export async function syncTab(tabId: number): Promise<void> {
  const [state, record, prefs] = await Promise.all([
    getTabState(tabId),
    storage.getItem<OverlayRecord>(recordKey(tabId)),
    readOverlayPrefs(),
  ]);
  if (!record) (await told()).delete(tabId);
  const step = overlayStep(state, siteOfTab(state), record, prefs, Date.now());
  // A card may be open in a tab told to mount: it follows the tab's state (single-page navigation, a re-check).
  if (record || step === 'mount') void tellCards(tabId, state);
  if (step === 'mount' && state?.page && state.storyId) {
    await mount(tabId, { url: state.page.url, storyId: state.storyId }, prefs.side);
  } else if (step === 'unmount') {
    if ((noticeUntil.get(tabId) ?? 0) > Date.now()) return;
    await unmount(tabId);
  }
}

export const syncAllTabs = async () => {
  for (const tabId of await tabIdsWithState()) void enqueue(tabId, () => syncTab(tabId));
};

/**
 * A page reported itself. A new document of a page whose answer is already known (a reload) causes no lookup
 * (page-reports drops reports that say nothing new), so no state change: its overlay is mounted from here.
 */
export async function overlayAfterReport(tabId: number, report: PageReport): Promise<void> {
  const state = await getTabState(tabId);
  if (state?.status === 'found' && sameReport(state.page, report)) await enqueue(tabId, () => syncTab(tabId));
}

/** The keyboard command: the card, for a confirmed match (even where the reader hid the pill: they asked). */
export async function toggleCard(tabId: number): Promise<void> {
  await enqueue(tabId, async () => {
    const state = await getTabState(tabId);
    if (state?.status !== 'found' || !state.page || !state.storyId) return;
    const prefs = await readOverlayPrefs();
    const { labels, lang } = await overlayLabels();
    const pill = pillDecision(state, siteOfTab(state), prefs, Date.now()).show;
    await storage.setItem<OverlayRecord>(recordKey(tabId), { url: state.page.url, storyId: state.storyId });
    await tellOverlay(tabId, { type: PAGE_OVERLAY_TYPE, command: 'toggle', labels, side: prefs.side, lang, pill });
  });
}

export function watchOverlay(): void {
  browser.storage.onChanged.addListener((changes, area) => {
    if (area === 'session') {
      for (const [key, change] of Object.entries(changes)) {
        const tabId = tabIdOfSessionKey(key);
        if (tabId === null) continue;
        // Only a confirmed match, or a tab that has a pill (or a decision under way that may give it one), is
        // looked at any further.
        if (parseTabState(change.newValue)?.status === 'found') void enqueue(tabId, () => syncTab(tabId));
        else {
          void told().then((tabs) => {
            if (tabs.has(tabId) || isQueued(tabId)) void enqueue(tabId, () => syncTab(tabId));
          });
        }
      }
    } else if (area === 'local' && Object.keys(changes).some((k) => OVERLAY_PREF_KEYS.includes(k))) {
      void syncAllTabs();
    }
  });

  browser.tabs.onRemoved.addListener((tabId) => {
    noticeUntil.delete(tabId);
    void told().then((tabs) => tabs.delete(tabId));
    void storage.removeItem(recordKey(tabId));
  });

  try {
    browser.commands.onCommand.addListener((command, tab) => {
      if (command === OVERLAY_COMMAND && tab?.id !== undefined) void toggleCard(tab.id);
    });
  } catch {
    // A browser without keyboard commands (Firefox for Android has no `commands`): the pill is still there.
  }
}
