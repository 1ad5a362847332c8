/**
 * The on-page overlay, decided here: whether a tab's page gets the pill at all, and when it goes. The background
 * follows each tab's answer (`storage.session`, `tab:<id>`) and tells the tab's content script "mount" only for a
 * confirmed match (`found`) the reader has not hidden (utils/overlay-prefs.ts), and "unmount" when that answer
 * changes (single-page navigation, a re-check) or the reader hides it. A tab that was never told to mount is never
 * told anything: a page without a match gets no message, so it loads no overlay code and its DOM is untouched.
 *
 * The reader's choices made on the pill or the card (hide on this site, snooze, undo) come here and are written
 * here; the site is the one of the tab's own page as the background knows it (never a site the page names). The
 * card page asks which tab it is in, and is answered with the tab the browser says sent the question (and that
 * tab's state, which it then follows here), so a page cannot make a card show another tab's analysis.
 */
import { browser } from 'wxt/browser';
import { storage } from 'wxt/utils/storage';
import {
  OVERLAY_CARD_STATE_TYPE,
  OVERLAY_COMMAND,
  PAGE_OVERLAY_TYPE,
  TOAST_MS,
  type OverlayAction,
  type OverlayCardHello,
  type OverlayCommand,
  type OverlayLabels,
  type OverlayLibraryAnswer,
  type OverlayLibraryOp,
} from '@/utils/messages';
import {
  OVERLAY_PREF_KEYS,
  overlayHiddenSitesItem,
  overlaySnoozedUntilItem,
  readOverlayPrefs,
} from '@/stores/storage-items';
import {
  overlayStep,
  pillDecision,
  snoozeUntil,
  withSite,
  withoutSite,
  type OverlayRecord,
} from '@/utils/overlay-prefs';
import { sameReport } from '@/utils/page-report';
import { chosenCatalogue, translate } from '@/components/i18n';
import { langFromLocale } from '@/utils/preferences';
import type { Lang } from '@/utils/prism/schema';
import { getDb } from '@/utils/storage/db';
import { isSaved, restore, saveStory, unsaveStory } from '@/utils/storage/saved';
import type { SavedRecord } from '@/utils/storage/library-rows';
import { parseTabState, tabIdOfSessionKey, type PageReport, type TabState } from '@/utils/tab-state';
import { siteOf } from '@/utils/url/site';
import { getStory } from './prism-service';
import { getTabState, tabIdsWithState } from './tab-state-store';

/** "This site": the registrable domain of the tab's own page (the address the browser loaded, not one it declares). */
const siteOfTab = (state: TabState | null) => (state?.page ? siteOf(state.page.url) : null);

const recordKey = (tabId: number) => `session:overlay:${tabId}` as const;

// ---- Strings, in the reader's interface language (the rules of components/i18n.ts) ----

/** A message with its `$1` kept for the pill to fill in (a site name), in the popup's language. */
async function translator(): Promise<(key: string) => string> {
  const catalogue = await chosenCatalogue();
  return (key) => translate(catalogue, key, ['$1']);
}

export async function overlayLabels(): Promise<{ labels: OverlayLabels; lang: Lang }> {
  const t = await translator();
  return {
    lang: langFromLocale(t('uiLang')),
    labels: {
      pill: t('overlayPill'),
      open: t('overlayOpen'),
      region: t('overlayRegion'),
      more: t('overlayMore'),
      dismiss: t('overlayDismiss'),
      hideSite: t('overlayHideSite'),
      snooze: t('overlaySnooze'),
      hiddenSite: t('overlayHiddenSite'),
      snoozed: t('overlaySnoozed'),
      undo: t('overlayUndo'),
      card: t('overlayCardTitle'),
    },
  };
}

// ---- Telling a tab ----

async function tell(tabId: number, message: OverlayCommand): Promise<void> {
  try {
    await browser.tabs.sendMessage(tabId, message, { frameId: 0 });
  } catch {
    // No content script in this document (a browser page, a page loaded before the extension), or the tab
    // closed: there is no overlay to tell.
  }
}

/** Per tab, one decision at a time, in order: the last one reflects the last state. */
const queues = new Map<number, Promise<void>>();
function enqueue(tabId: number, job: () => Promise<void>): Promise<void> {
  const next = (queues.get(tabId) ?? Promise.resolve()).then(job).catch(() => undefined);
  queues.set(tabId, next);
  void next.then(() => {
    if (queues.get(tabId) === next) queues.delete(tabId);
  });
  return next;
}

/**
 * Tabs showing the "hidden on this site" notice (with its undo) until the given time: the preference change that
 * caused it must not take the notice away before the reader can undo it.
 */
const noticeUntil = new Map<number, number>();

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
  await tell(tabId, { type: PAGE_OVERLAY_TYPE, command: 'mount', labels, side, lang });
}

async function unmount(tabId: number): Promise<void> {
  (await told()).delete(tabId);
  await storage.removeItem(recordKey(tabId));
  await tell(tabId, { type: PAGE_OVERLAY_TYPE, command: 'unmount' });
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

/** The tab's state, to the card in that tab (a broadcast to the extension's pages; no web page receives it). */
async function tellCards(tabId: number, state: TabState | null): Promise<void> {
  try {
    await browser.runtime.sendMessage({ type: OVERLAY_CARD_STATE_TYPE, tabId, state });
  } catch {
    // No extension page is open to receive it.
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
    await tell(tabId, { type: PAGE_OVERLAY_TYPE, command: 'toggle', labels, side: prefs.side, lang, pill });
  });
}

/** The reader's choice on the pill or the card of `tabId`. Returns whether it was applied. */
export async function overlayAction(tabId: number, action: OverlayAction, site?: string): Promise<boolean> {
  const state = await getTabState(tabId);
  switch (action) {
    case 'hide-site': {
      const here = siteOfTab(state);
      if (!here) return false;
      noticeUntil.set(tabId, Date.now() + TOAST_MS + 2000);
      await overlayHiddenSitesItem.setValue(withSite(await overlayHiddenSitesItem.getValue(), here));
      await tell(tabId, { type: PAGE_OVERLAY_TYPE, command: 'hidden', kind: 'site', site: here });
      return true;
    }
    case 'snooze': {
      noticeUntil.set(tabId, Date.now() + TOAST_MS + 2000);
      await overlaySnoozedUntilItem.setValue(snoozeUntil(Date.now()));
      await tell(tabId, { type: PAGE_OVERLAY_TYPE, command: 'hidden', kind: 'snooze', site: siteOfTab(state) });
      return true;
    }
    case 'undo-hide-site': {
      const target = site ?? siteOfTab(state);
      if (!target) return false;
      noticeUntil.delete(tabId);
      await overlayHiddenSitesItem.setValue(withoutSite(await overlayHiddenSitesItem.getValue(), target));
      return true; // the preference watcher mounts the pill again, here and in the site's other tabs
    }
    case 'undo-snooze': {
      noticeUntil.delete(tabId);
      await overlaySnoozedUntilItem.setValue(null);
      return true;
    }
  }
}

/**
 * The card's Save button (components/overlay/card-library.ts). A save stores the story the background has for the
 * id (fetched when the card opened it), with the page the tab is on.
 */
/** What the card's last unsave of each story removed, note included, for its Undo (this worker's lifetime). */
const unsavedRecords = new Map<string, SavedRecord>();

export async function libraryRequest(tabId: number, op: OverlayLibraryOp, id: string): Promise<OverlayLibraryAnswer> {
  try {
    if (op === 'isSaved') return { ok: true, saved: await isSaved(getDb(), id) };
    if (op === 'unsave') {
      const removed = await unsaveStory(getDb(), id);
      if (removed) unsavedRecords.set(id, removed);
      return { ok: true, saved: false, hadNote: (removed?.note.trim() ?? '') !== '' };
    }
    if (op === 'restore') {
      const removed = unsavedRecords.get(id);
      if (!removed) return { ok: false, message: 'Nothing to undo.' };
      await restore(getDb(), removed);
      unsavedRecords.delete(id);
      return { ok: true, saved: true };
    }
    const [answer, state] = await Promise.all([getStory(id), getTabState(tabId)]);
    if (!answer.ok) return { ok: false, message: answer.message };
    await saveStory(getDb(), answer.story, {
      pageUrl: state?.page?.url ?? '',
      pageTitle: state?.page?.titles[0] ?? '',
    });
    return { ok: true, saved: true };
  } catch (err) {
    return { ok: false, message: err instanceof Error ? err.message : String(err) };
  }
}

/**
 * The card page in `tabId` said hello (tabId null: a sender that is no card of ours): it is answered with its tab
 * and that tab's state, and the page's overlay learns that its frame holds our card (components/overlay/pill.ts: a
 * frame the page navigated elsewhere never says this, and is replaced).
 */
export async function cardHello(tabId: number | null): Promise<OverlayCardHello> {
  if (tabId !== null) void tell(tabId, { type: PAGE_OVERLAY_TYPE, command: 'card-ready' });
  return { tabId, state: tabId === null ? null : await getTabState(tabId) };
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
            if (tabs.has(tabId) || queues.has(tabId)) void enqueue(tabId, () => syncTab(tabId));
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
