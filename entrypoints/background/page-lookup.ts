/** A page report (or a re-check) of a tab, to its answer in tab state and on the badge. */
import { resolvePage } from '@/utils/lookup/resolve-page';
import type { PageReport } from '@/utils/tab-state';
import { currentClient } from './prism-service';
import { getTabState, nextSeq, setTabState, setTabStateIfCurrent } from './tab-states';
import { showTabBadge } from './toolbar-badge';

export async function lookUpTab(tabId: number, page: PageReport): Promise<void> {
  const seq = nextSeq();
  const looking = page.isNews || page.forced;
  await setTabState(tabId, { status: looking ? 'looking' : 'not-news', page, seq });
  if (!looking) return showTabBadge(tabId, { status: 'not-news', seq, updatedAt: Date.now() });

  const resolution = await resolvePage(page, await currentClient());
  const state = { ...resolution, page, seq };
  if (await setTabStateIfCurrent(tabId, state)) await showTabBadge(tabId, { ...state, updatedAt: Date.now() });
}

/** Retry after an error, or "look anyway" on a page that does not look like news. */
export async function recheckTab(tabId: number, force = false): Promise<void> {
  const page = (await getTabState(tabId))?.page;
  if (page) await lookUpTab(tabId, force ? { ...page, forced: true } : page);
}
