/** The lookup of one tab's page, kept current as the background updates the tab's state. */
import { sendMessage } from '@/utils/messaging';
import { LookupView } from './LookupView';
import { LinkMarksSiteControl } from './link-marks/LinkMarksSiteControl';
import { useTabState } from './use-tab-state';

export function TabView({ tabId, inPopup }: { tabId: number; inPopup: boolean }) {
  const state = useTabState(tabId);
  const recheck = () => void sendMessage('recheckTab', { tabId }).catch(() => undefined);
  const examine = () => void sendMessage('examineTab', { tabId }).catch(() => undefined);
  return (
    <>
      <LookupView state={state} recheck={recheck} examine={examine} tabId={tabId} inPopup={inPopup} />
      <LinkMarksSiteControl tabId={tabId} />
    </>
  );
}
