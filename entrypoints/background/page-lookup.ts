/**
 * A page report (or a re-check, or a link) to its answer in session state and, for tabs, on the badge. The keys
 * are tested against the local key set; only a hit reaches the network (rate-limited per tab), and the story
 * itself is fetched later, when the reader opens it.
 */
import { createTokenBuckets } from '@/utils/lookup/token-bucket';
import { resolvePage, type ResolveDeps } from '@/utils/lookup/resolve-page';
import { reportNeedsLookup } from '@/utils/page-report';
import { linkStateKey, tabStateKey, type PageReport, type StateKey, type TabState } from '@/utils/tab-state';
import { askTabToDetect } from './detect-request';
import { sameEventOf } from './event-match';
import { currentKeySet, keySetInUse, keySetStatus, refreshKeySet } from './keyset-sync';
import { shardGuard } from './shard-guard';
import { currentClient, isPrivateTab, isPrivateWindow, notePrivateStory } from './prism-service';
import { getState, getTabState, nextSeq, setState, setStateIfCurrent } from './tab-state-store';
import { showTabBadge } from './toolbar-badge';

/** Shard requests a tab may cause: a few at once, then one every 10 s (a page changing its address in a loop). */
const confirmations = createTokenBuckets({ capacity: 6, refillMs: 10_000 });

async function lookUp(
  key: StateKey,
  page: PageReport,
  opts: {
    tabId?: number;
    /** For a link (no tab): whether its window is private. A tab's lookup asks the tab. */
    private?: boolean;
    examine?: boolean;
    again?: boolean;
    onAnswer?: (state: TabState) => Promise<void>;
  },
) {
  const seq = nextSeq();
  await setState(key, { status: 'looking', page, seq });
  // A private window's lookup keeps nothing on disk (prism-service.ts, privateCache).
  const inPrivate = opts.private ?? (opts.tabId !== undefined && (await isPrivateTab(opts.tabId)));
  const client = await currentClient(undefined, { private: inPrivate });
  const keySet = await currentKeySet();
  const limitKey = opts.tabId ?? key;
  const inUse = keySetInUse();
  const deps: ResolveDeps = {
    keySet,
    prefixLength: inUse?.prefixLength,
    guard:
      inUse && inUse.set === keySet
        ? shardGuard(inUse.base, inUse.sha256, keySet.falsePositiveRate, async () => {
            await refreshKeySet();
            return keySetInUse()?.sha256 ?? null;
          })
        : undefined,
    shard: async (prefix) => {
      // A newer report of this tab has replaced this lookup: it sends nothing more, and spends nothing.
      if ((await getState(key))?.seq !== seq) throw new Error('superseded');
      if (!confirmations.take(limitKey)) throw new Error('Too many lookups from this page; try again in a moment.');
      return client.shardAnswer(prefix);
    },
    detect: opts.tabId === undefined ? undefined : () => askTabToDetect(opts.tabId!),
  };
  const resolution = await resolvePage(page, deps, opts.examine);
  // A shard missed and meta.json named a newer key set: the page is checked with that set (once).
  if (resolution.newerKeySet && !opts.again) return lookUp(key, page, { ...opts, again: true });
  const { page: examined, newerKeySet: _newer, ...answer } = resolution;
  let state: Omit<TabState, 'updatedAt'> = { ...answer, page: examined ?? page, seq };
  if (answer.status === 'no-catalogue') {
    const status = keySetStatus();
    state = { ...state, ...(status.ok ? {} : { fault: status.fault }) };
  }
  // Only a tab's page with no exact match (nor a possible one) is matched by its event, locally: nothing is sent.
  if (answer.status === 'none' && opts.tabId !== undefined) {
    const same = await sameEventOf(state.page!);
    if (same) state = { status: 'same-event', page: state.page, seq, storyId: same.storyId, event: same.event };
  }
  if (inPrivate && state.storyId) await notePrivateStory(state.storyId);
  if (!(await setStateIfCurrent(key, state))) return;
  await opts.onAnswer?.({ ...state, updatedAt: Date.now() });
  // The key set arrived while this lookup ran: the listener that rechecks waiting tabs may have run before this
  // tab said it was waiting, and skipped it. Asked after the answer is written, this misses no arrival: either the
  // set is in use now, or its listener runs later and finds the tab waiting.
  if (answer.status === 'no-catalogue' && (await currentKeySet())) await lookUp(key, page, opts);
}

const answerListeners = new Set<(tabId: number, state: TabState) => void>();
/** Called with every answer a tab's lookup writes (recovery.ts schedules its next try from it). */
export const onTabAnswer = (listener: (tabId: number, state: TabState) => void) => void answerListeners.add(listener);

export const lookUpTab = (tabId: number, page: PageReport, examine = false) =>
  lookUp(tabStateKey(tabId), page, {
    tabId,
    examine,
    onAnswer: async (state) => {
      answerListeners.forEach((listener) => listener(tabId, state));
      await showTabBadge(tabId, state);
    },
  });

/** A tab's page reported itself: it is looked up unless that says nothing new (utils/page-report.ts). */
export async function lookUpReport(tabId: number, report: PageReport): Promise<void> {
  const current = await getTabState(tabId);
  if (reportNeedsLookup(current, report)) await lookUpTab(tabId, report);
  // Nothing new to look up (a reload of the same page, or back to it), but the browser clears a tab's badge when
  // the tab navigates: the settled answer is marked again.
  else await showTabBadge(tabId, current);
}

/** Retry after an error (the reader pressed "Try again"): a missing key set is asked for first. */
export async function recheckTab(tabId: number): Promise<void> {
  const before = await getTabState(tabId);
  if (!before?.page) return;
  if (!(await currentKeySet())) await refreshKeySet();
  // A newer report came in meanwhile: it is being looked up, and this older page must not replace it.
  if ((await getTabState(tabId))?.seq !== before.seq) return;
  await lookUpTab(tabId, before.page);
}

/** The reader is looking at the tab: examine its page with the full detector, once per page. */
export async function examineTab(tabId: number): Promise<void> {
  const state = await getTabState(tabId);
  if (!state?.page || state.page.detection !== undefined || state.status === 'looking') return;
  if (state.status !== 'none' && state.status !== 'no-catalogue') return;
  await lookUpTab(tabId, state.page, true);
}

/** Tabs whose page could not be checked because no key set was there: checked again once one is. */
export async function recheckUncheckedTabs(tabIds: number[]): Promise<void> {
  for (const tabId of tabIds) {
    const state = await getState(tabStateKey(tabId));
    if (state?.status === 'no-catalogue' && state.page) await lookUpTab(tabId, state.page);
  }
}

/**
 * A link the reader asked about (context menu): looked up by its URL (and its text, if the browser gives it). A
 * link has no tab: whether it was asked in a private window is the window's (`inPrivate` when the caller knows it,
 * as the context menu does from its tab), so that its lookup, and the story opened from it, stay in memory.
 */
export async function lookUpLink(windowId: number, url: string, text?: string, inPrivate?: boolean): Promise<void> {
  const title = text?.trim();
  const page: PageReport = { url, declared: [], titles: title ? [title] : [], publisher: null, lang: null };
  const isPrivate = inPrivate ?? (await isPrivateWindow(windowId));
  return lookUp(linkStateKey(windowId), page, { private: isPrivate });
}
