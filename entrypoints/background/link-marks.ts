/**
 * Link marks (issue 21): on front pages, section pages and search results, a small PRISM mark beside every link
 * whose target is an article in the catalogue, sending nothing. The decision is made here, from the page report
 * the background already has (utils/link-marks/sites.ts: catalogue sites, search engines, the reader's say), and
 * only a page that gets marks is sent `start`: its content script then loads the marking module
 * (entrypoints/link-marks/), which asks about the links the reader can see, in batches. The answer comes from the
 * local key set alone (utils/link-marks/match.ts): no shard, no story, nothing leaves the browser. A trusted click
 * on a mark opens the side panel on that link, as the link menu does, and only then is anything fetched.
 */
import { browser, type Browser } from 'wxt/browser';
import { storage } from 'wxt/utils/storage';
import {
  PAGE_LINK_MARKS_TYPE,
  type LinkMarkLabels,
  type LinkMarksCommand,
  type LinkMarksOpened,
} from '@/utils/messages';
import { chosenCatalogue, translate } from '@/components/i18n';
import { openPanel } from '@/adapters/side-panel-opener';
import {
  catalogueSitesItem,
  LINK_MARK_PREFS_KEY,
  linkMarkPrefsItem,
  linkMarksPageKey,
  readLinkMarkPrefs,
  type LinkMarksPage,
} from '@/stores/link-marks';
import { apiBaseSetting } from '@/stores/storage-items';
import { linkCanonical } from '@/utils/link-marks/link-url';
import { markedLinks } from '@/utils/link-marks/match';
import {
  DEFAULT_LINK_MARK_PREFS,
  parseLinkMarkPrefs,
  withSiteChoice,
  type LinkMarkPrefs,
} from '@/utils/link-marks/prefs';
import { markDecision } from '@/utils/link-marks/sites';
import { unwrapRedirects } from '@/utils/link-marks/unwrap';
import { createTokenBuckets } from '@/utils/lookup/token-bucket';
import { langFromLocale } from '@/utils/preferences';
import { sha256hex } from '@/utils/prism/keys';
import { linkStateKey } from '@/utils/tab-state';
import { toCanonicalUrl } from '@/utils/url/canonical';
import { topFrameTabOf } from '@/utils/sender';
import { siteOf } from '@/utils/url/site';
import { currentKeySet } from './keyset-sync';
import { lookUpLink } from './page-lookup';
import { getStory } from './prism-service';
import { getState, getTabState, tabIdsWithState } from './tab-state-store';

// ---- The catalogue's sites (meta.json `sites`) ----

let cachedSites: { base: string; set: ReadonlySet<string> | null } | null = null;
/** The catalogue's sites of the API in use, as a set; null when its publication names none (docs/prism-api.md). */
async function catalogueSites(): Promise<ReadonlySet<string> | null> {
  const base = await apiBaseSetting.getValue();
  if (cachedSites?.base === base) return cachedSites.set;
  const stored = await catalogueSitesItem.getValue();
  const set = stored?.base === base && stored.sites ? new Set(stored.sites) : null;
  cachedSites = { base, set };
  return set;
}

/** Whether the page at `url` gets marks now (the reader's say, the catalogue's sites, the engines). */
export async function marksOn(url: string, prefs?: LinkMarkPrefs): Promise<boolean> {
  return markDecision(url, prefs ?? (await readLinkMarkPrefs()), await catalogueSites()).mark;
}

// ---- Telling a tab ----

async function labels(): Promise<{ labels: LinkMarkLabels; lang: 'en' | 'ko' }> {
  const catalogue = await chosenCatalogue();
  const t = (key: string) => translate(catalogue, key, ['$1']);
  return { lang: langFromLocale(t('uiLang')), labels: { mark: t('linkMarkName'), named: t('linkMarkNamed') } };
}

async function tell(tabId: number, message: LinkMarksCommand): Promise<void> {
  try {
    await browser.tabs.sendMessage(tabId, message, { frameId: 0 });
  } catch {
    // No content script in this document (a browser page, a page loaded before the extension), or the tab closed.
  }
}

/** Tabs told to start, with the address they were told on (in memory: a tab never told is never told to stop). */
const started = new Map<number, string>();

async function start(tabId: number, url: string): Promise<void> {
  started.set(tabId, url);
  await tell(tabId, { type: PAGE_LINK_MARKS_TYPE, command: 'start', ...(await labels()) });
}

async function stop(tabId: number): Promise<void> {
  started.delete(tabId);
  await tell(tabId, { type: PAGE_LINK_MARKS_TYPE, command: 'stop' });
}

/**
 * A page reported itself (every new document does, and single-page navigation): marks start where they run. A tab
 * whose page does not get marks is sent nothing, unless it was told to start before (then `stop`).
 */
/** Per tab, the `LinkMarksPage` last written (as JSON), so an unchanged one is not written again. */
const lastPage = new Map<number, string>();

export async function linkMarksOnReport(tabId: number, url: string): Promise<void> {
  const sites = await catalogueSites();
  // For the popup's "marks on this site" control: the page's site and whether marks run there by default.
  const site = siteOf(url);
  const page: LinkMarksPage | null =
    site === null ? null : { site, byDefault: markDecision(url, DEFAULT_LINK_MARK_PREFS, sites).mark };
  // Written when it changes only: every write wakes every storage.session listener (a restarted worker writes once).
  const text = JSON.stringify(page);
  const saved = lastPage.get(tabId) === text ? undefined : storage.setItem(linkMarksPageKey(tabId), page);
  lastPage.set(tabId, text); // not waited for: the marks need not wait
  if (await marksOn(url)) await start(tabId, url);
  else if (started.has(tabId)) await stop(tabId);
  await saved;
}

/**
 * The reader's say changed (popup, card menu, options): every tab whose decision changed is told at once. The tabs'
 * pages are the ones their reports named (tab state), compared under the old and the new settings.
 */
export async function onPrefsChanged(before: LinkMarkPrefs, after: LinkMarkPrefs): Promise<void> {
  const sites = await catalogueSites();
  for (const tabId of await tabIdsWithState()) {
    const url = (await getTabState(tabId))?.page?.url;
    if (!url) continue;
    const was = markDecision(url, before, sites).mark || started.has(tabId);
    const is = markDecision(url, after, sites).mark;
    if (is && !was) await start(tabId, url);
    else if (!is && was) await stop(tabId);
  }
}

/** "On for this site" / "off for this site" for the tab's page (the popup and the card menu). */
export async function setSiteMarks(pageUrl: string, on: boolean): Promise<void> {
  const site = siteOf(pageUrl);
  if (site === null) return;
  await linkMarkPrefsItem.setValue(withSiteChoice(await readLinkMarkPrefs(), site, on));
}

// ---- The marking module's questions ----

/** Per tab: 40 batches (8,000 links), then 5 a second. */
const asks = createTokenBuckets({ capacity: 40, refillMs: 200 });

/** The hrefs of `hrefs` that lead to an analysed article, for a page at `pageUrl` that gets marks; from the local set. */
export async function answerAsk(tabId: number, pageUrl: string, hrefs: string[]): Promise<string[]> {
  if (!(await marksOn(pageUrl)) || !asks.take(tabId)) return [];
  const set = await currentKeySet();
  if (!set) return [];
  return markedLinks(hrefs, toCanonicalUrl(pageUrl), (key) => set.has(key));
}

/**
 * A mark was activated (the side panel is opened by the caller, in the click's user gesture): the link is looked up,
 * as the link menu does; this is the first time anything about the link leaves the browser (docs/privacy.md). The answer is
 * the story's headline, for the mark's name, once the panel has it.
 */
export async function openMark(
  tab: { id: number; windowId: number; incognito: boolean },
  pageUrl: string,
  href: string,
): Promise<LinkMarksOpened> {
  const none = { headline: null };
  const target = unwrapRedirects(href);
  const canonical = linkCanonical(href, toCanonicalUrl(pageUrl));
  const set = await currentKeySet();
  // Only a link marking would mark: the module cannot be made to look up anything else.
  if (target === null || canonical === null || !set?.has(await sha256hex(canonical))) return none;
  await lookUpLink(tab.windowId, target, undefined, tab.incognito);
  const state = await getState(linkStateKey(tab.windowId));
  if (state?.status !== 'found' || !state.storyId) return none;
  const answer = await getStory(state.storyId);
  if (!answer.ok) return none;
  const { lang } = await labels();
  const story = answer.story;
  return { headline: story.editions[lang]?.title ?? story.source.title };
}

/** A message from this extension's content script in a tab's top frame, with that frame's address; else null. */
function fromTopFrame(sender: Browser.runtime.MessageSender) {
  const id = topFrameTabOf(sender, browser.runtime.id);
  if (id === null || !sender.tab || !sender.url || !/^https?:/i.test(sender.url)) return null;
  return { tab: { id, windowId: sender.tab.windowId, incognito: sender.tab.incognito }, url: sender.url };
}

/** The marking module asks which of `hrefs` to mark (message-router.ts parsed the batch); from a top frame only. */
export function linkMarksAsk(sender: Browser.runtime.MessageSender, hrefs: string[]): Promise<string[]> | undefined {
  const from = fromTopFrame(sender);
  return from ? answerAsk(from.tab.id, from.url, hrefs) : undefined;
}

/** The reader activated a mark (message-router.ts parsed the address); from a top frame only. */
export function linkMarksOpen(
  sender: Browser.runtime.MessageSender,
  href: string,
): Promise<LinkMarksOpened> | undefined {
  const from = fromTopFrame(sender);
  if (!from) return undefined;
  // The panel opens now, in the click's user gesture (before any await), as the link menu's does; the lookup
  // follows, for a link marking would mark only.
  openPanel({ tabId: from.tab.id, windowId: from.tab.windowId }).catch(() =>
    // Firefox opens its sidebar only from a user input handler of the extension's own, which a content script's
    // message is not: the same view then opens in a tab beside the page (it follows this window's link lookup).
    browser.tabs
      .create({
        url: browser.runtime.getURL('/sidepanel.html'),
        windowId: from.tab.windowId,
        openerTabId: from.tab.id,
      })
      .catch(() => undefined),
  );
  return openMark(from.tab, from.url, href);
}

/** The reading card's menu: no link marks on the site of the card's tab (its own page names the site). */
export async function linkMarksCardOff(tabId: number): Promise<void> {
  const state = await getTabState(tabId);
  if (state?.page) await setSiteMarks(state.page.url, false);
}

/** The reader's settings and the catalogue's sites, as they change; a closed tab's marks forgotten. */
export function watchLinkMarks(): void {
  browser.storage.onChanged.addListener((changes, area) => {
    if (area !== 'local') return;
    const prefs = changes[LINK_MARK_PREFS_KEY];
    if (prefs) void onPrefsChanged(parseLinkMarkPrefs(prefs.oldValue), parseLinkMarkPrefs(prefs.newValue));
    if (changes.catalogueSites || changes.apiBase) cachedSites = null;
  });

  browser.tabs.onRemoved.addListener((tabId) => {
    started.delete(tabId);
    lastPage.delete(tabId);
    asks.forget(tabId);
    void storage.removeItem(linkMarksPageKey(tabId));
  });
}
