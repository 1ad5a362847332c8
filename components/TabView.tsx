/** The lookup of one tab's page, kept current as the background updates the tab's state. */
import { sendMessage } from '@/utils/messaging';
import { LookupView } from './LookupView';
import { useTabState } from './use-tab-state';

export function TabView({ tabId, inPopup }: { tabId: number; inPopup: boolean }) {
  const state = useTabState(tabId);
  const recheck = (force = false) => void sendMessage('recheckTab', { tabId, force }).catch(() => undefined);
  return <LookupView state={state} recheck={recheck} tabId={tabId} inPopup={inPopup} />;
}
