/**
 * The toolbar icon's badge. It is set once, when the answer is known: a lookup in progress changes nothing, so
 * the badge never flickers while a page loads.
 */
import { browser } from 'wxt/browser';
import { i18n } from '#i18n';
import type { TabState } from '@/utils/tab-state';

export const BADGE_TEXT = '✓';
const BADGE_COLOR = '#0b6e4f';

export async function showTabBadge(tabId: number, state: TabState | null): Promise<void> {
  if (state?.status === 'looking') return;
  const found = state?.status === 'found';
  try {
    await browser.action.setBadgeText({ tabId, text: found ? BADGE_TEXT : '' });
    if (found) await browser.action.setBadgeBackgroundColor({ tabId, color: BADGE_COLOR });
    await browser.action.setTitle({ tabId, title: found ? i18n.t('actionTitleFound') : i18n.t('actionTitle') });
  } catch {
    // The tab closed while we were answering: nothing to mark.
  }
}
