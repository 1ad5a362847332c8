/**
 * The toolbar icon's badge. It is set once, when the answer is known: a lookup in progress changes nothing, so
 * the badge never flickers while a page loads. The toolbar button's API is `action` in Chrome's MV3 build and
 * `browserAction` in Firefox's MV2 build (where `action` does not exist): the choice is made here, openly.
 */
import { browser } from 'wxt/browser';
import { i18n } from '#i18n';
import type { TabState } from '@/utils/tab-state';
import { sameEventMarkSetting } from '@/stores/storage-items';

/**
 * The PRISM mark (the brand's ◆, as in the popup's header) on a neutral graphite: it says "PRISM has an analysis",
 * never "this article is trustworthy", which a green check reads as in news extensions (docs/architecture.md).
 */
export const BADGE_TEXT = '◆';
export const BADGE_COLOR = '#3c4043';
/**
 * A same-event match's mark (a page reporting the event of a story PRISM analysed from another article), only when
 * the reader turned it on: the hollow ◇ on a lighter grey, never the ◆ of an analysis of the article itself.
 */
export const SAME_EVENT_BADGE_TEXT = '◇';
const SAME_EVENT_BADGE_COLOR = '#5f6368';

/** What the badge needs of the toolbar button, the same in `action` (MV3) and `browserAction` (MV2). */
export interface ToolbarButton {
  setBadgeText(details: { tabId: number; text: string }): Promise<void>;
  setBadgeBackgroundColor(details: { tabId: number; color: string }): Promise<void>;
  setTitle(details: { tabId: number; title: string }): Promise<void>;
}

/** The browser APIs the badge uses (the real `browser` by default; tests pass either shape). */
export interface ToolbarApis {
  action?: ToolbarButton;
  browserAction?: ToolbarButton;
  tabs: { get(tabId: number): Promise<unknown> };
}

/** MV3's `action`, else MV2's `browserAction`; null for a browser with neither (it has no button to mark). */
export function toolbarButton(apis: ToolbarApis): ToolbarButton | null {
  return apis.action ?? apis.browserAction ?? null;
}

/** Whether the tab still exists (`tabs.get` rejects, or in the fake browser answers nothing, for a closed one). */
async function tabExists(apis: ToolbarApis, tabId: number): Promise<boolean> {
  return apis.tabs.get(tabId).then(
    (tab) => tab !== undefined,
    () => false,
  );
}

export async function showTabBadge(
  tabId: number,
  state: TabState | null,
  apis: ToolbarApis = browser as unknown as ToolbarApis,
): Promise<void> {
  if (state?.status === 'looking') return;
  const button = toolbarButton(apis);
  if (!button) return;
  const found = state?.status === 'found';
  const sameEvent = state?.status === 'same-event' && (await sameEventMarkSetting.getValue()) === true;
  try {
    await button.setBadgeText({ tabId, text: found ? BADGE_TEXT : sameEvent ? SAME_EVENT_BADGE_TEXT : '' });
    if (found || sameEvent) {
      await button.setBadgeBackgroundColor({ tabId, color: found ? BADGE_COLOR : SAME_EVENT_BADGE_COLOR });
    }
    const title = found
      ? i18n.t('actionTitleFound')
      : sameEvent
        ? i18n.t('actionTitleSameEvent')
        : i18n.t('actionTitle');
    await button.setTitle({ tabId, title });
  } catch (err) {
    // The tab closed while its answer was on the way: there is nothing to mark. Any other failure is a bug.
    if (await tabExists(apis, tabId)) throw err;
  }
}
