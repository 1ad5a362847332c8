/** The lookup of one tab's page, kept current as the background updates the tab's state. */
import { askBackground } from '@/adapters/messaging';
import { EXAMINE_TAB_TYPE, RECHECK_TAB_TYPE } from '@/utils/messages';
import { LookupView } from './LookupView';
import { LinkMarksSiteControl } from './link-marks/LinkMarksSiteControl';
import { useTabState } from './use-tab-state';

export function TabView({ tabId, inPopup }: { tabId: number; inPopup: boolean }) {
  const state = useTabState(tabId);
  const recheck = () => void askBackground({ type: RECHECK_TAB_TYPE, tabId }).catch(() => undefined);
  const examine = () => void askBackground({ type: EXAMINE_TAB_TYPE, tabId }).catch(() => undefined);
  return (
    <>
      <LookupView state={state} recheck={recheck} examine={examine} tabId={tabId} inPopup={inPopup} />
      {/* A reading view is for reading: the marks' per-site say is shown where marks matter, on pages without an
          analysis of their own (front pages, search results); the options page and the card's menu have it too. */}
      {state?.status !== 'found' && state?.status !== 'same-event' && <LinkMarksSiteControl tabId={tabId} />}
    </>
  );
}
