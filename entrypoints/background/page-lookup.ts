/** A page report (or a re-check, or a link) to its answer in session state and, for tabs, on the badge. */
import { resolvePage } from '@/utils/lookup/resolve-page';
import { linkStateKey, tabStateKey, type PageReport, type TabState } from '@/utils/tab-state';
import { currentClient } from './prism-service';
import { getTabState, nextSeq, setState, setStateIfCurrent, type StateKey } from './tab-states';
import { showTabBadge } from './toolbar-badge';

async function lookUp(key: StateKey, page: PageReport, onAnswer?: (state: TabState) => Promise<void>) {
  const seq = nextSeq();
  const looking = page.isNews || page.forced;
  await setState(key, { status: looking ? 'looking' : 'not-news', page, seq });
  if (!looking) return onAnswer?.({ status: 'not-news', seq, updatedAt: Date.now() });

  const resolution = await resolvePage(page, await currentClient());
  const state = { ...resolution, page, seq };
  if (await setStateIfCurrent(key, state)) await onAnswer?.({ ...state, updatedAt: Date.now() });
}

export const lookUpTab = (tabId: number, page: PageReport) =>
  lookUp(tabStateKey(tabId), page, (state) => showTabBadge(tabId, state));

/** Retry after an error, or "look anyway" on a page that does not look like news. */
export async function recheckTab(tabId: number, force = false): Promise<void> {
  const page = (await getTabState(tabId))?.page;
  if (page) await lookUpTab(tabId, force ? { ...page, forced: true } : page);
}

/** A link the reader asked about (context menu): looked up by its URL (and its text, if the browser gives it). */
export function lookUpLink(windowId: number, url: string, text?: string): Promise<void> {
  const page: PageReport = {
    url,
    canonicalUrl: null,
    title: text?.trim() || null,
    publisher: null,
    publishedAt: null,
    lang: null,
    isNews: true,
    score: 0,
    signals: ['context-menu'],
    forced: true,
  };
  return lookUp(linkStateKey(windowId), page);
}
