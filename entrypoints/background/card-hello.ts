/**
 * The card page's hello. The card's address names no tab: it asks the background, which answers with the tab the
 * browser says sent the question (the router passes `cardTabOf(sender)`: null for a sender that is no card of ours)
 * and that tab's state, so a page that managed to frame the card would only ever see its own analysis.
 */
import { PAGE_OVERLAY_TYPE, type OverlayCardHello } from '@/utils/messages';
import { tellOverlay } from './overlay-tell';
import { getTabState } from './tab-state-store';

/**
 * Answers the card in `tabId`, and tells the page's overlay that its frame holds our card (entrypoints/overlay/pill.ts:
 * a frame the page navigated elsewhere never says this, and is replaced).
 */
export async function cardHello(tabId: number | null): Promise<OverlayCardHello> {
  if (tabId !== null) void tellOverlay(tabId, { type: PAGE_OVERLAY_TYPE, command: 'card-ready' });
  return { tabId, state: tabId === null ? null : await getTabState(tabId) };
}
