/** The popup and side panel shell: header, then the view of the tab (or of a link asked about). */
import type { ComponentChildren } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { t } from './i18n';
import { askBackground } from '@/adapters/messaging';
import { LOOK_UP_LINK_TYPE } from '@/utils/messages';
import { followActiveTab } from './active-tab-sync';
import { PRIMED_TAB_ID, takePrimed, takeSettled } from './first-reads';
import { SettingsIcon } from './icons';
import { LookupView } from './LookupView';
import { TabView } from './TabView';
import { uiLang } from './use-edition';
import { removeLinkState, useLinkState } from './use-tab-state';
import { popupSubject, sidePanelSubject } from './view-state';

function Shell({ children, surface }: { children: ComponentChildren; surface: 'popup' | 'sidepanel' }) {
  return (
    <div class={`app ${surface}`} lang={uiLang()}>
      <header class="app-header">
        <span class="brand" aria-hidden="true">
          ◆
        </span>
        <h1>PRISM Lens</h1>
        <SettingsButton />
      </header>
      <main class="app-main">{children}</main>
    </div>
  );
}

/** The reader's settings, one click away (the options page, in a tab of its own). */
function SettingsButton() {
  return (
    <button
      type="button"
      class="button ghost icon-button header-settings"
      aria-label={t('openSettings')}
      title={t('openSettings')}
      data-testid="open-settings"
      onClick={() => void browser.runtime.openOptionsPage()}
    >
      <SettingsIcon />
    </button>
  );
}

/** `?tab=<id>` names the tab (tests); otherwise the active tab of this window. */
export async function popupTabId(): Promise<number | null> {
  const fromQuery = Number(new URLSearchParams(location.search).get('tab'));
  if (Number.isInteger(fromQuery) && fromQuery > 0) return fromQuery;
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id ?? null;
}

export function PopupApp() {
  const [tabId, setTabId] = useState<number | null | undefined>(() => takeSettled<number | null>(PRIMED_TAB_ID));
  useEffect(() => {
    if (tabId !== undefined) return;
    const primed = takePrimed<number | null>(PRIMED_TAB_ID);
    void (primed && !primed.settled ? primed.promise : popupTabId()).then(setTabId, () => setTabId(null));
  }, []);
  const subject = popupSubject(tabId);
  return (
    <Shell surface="popup">
      {subject.view === 'no-tab' && <p class="status">{t('noTab')}</p>}
      {subject.view === 'tab' && <TabView tabId={subject.tabId} inPopup />}
    </Shell>
  );
}

/** The side panel: follows the active tab of its window; a link asked about from the context menu comes first. */
export function SidePanelApp() {
  const [windowId, setWindowId] = useState<number | null>(null);
  const [tabId, setTabId] = useState<number | null>(null);
  const link = useLinkState(windowId);

  useEffect(() => {
    let stop = () => {};
    void browser.windows.getCurrent().then((win) => {
      if (win.id === undefined) return;
      setWindowId(win.id);
      stop = followActiveTab(browser.tabs, win.id, setTabId);
    });
    return () => stop();
  }, []);

  const subject = sidePanelSubject(link, windowId, tabId);
  if (subject.view === 'link') {
    const { link, windowId } = subject;
    const close = () => void removeLinkState(windowId);
    const recheck = () =>
      void askBackground({ type: LOOK_UP_LINK_TYPE, windowId, url: link.page?.url ?? '' }).catch(() => undefined);
    return (
      <Shell surface="sidepanel">
        <div class="link-bar">
          <p>
            {t('linkHeading')} <span class="link-url">{link.page?.url}</span>
          </p>
          <button type="button" class="button ghost" onClick={close}>
            {t('linkClose')}
          </button>
        </div>
        <LookupView state={link} recheck={recheck} inPopup={false} />
      </Shell>
    );
  }
  // One view per tab: what the reader chose for one tab (its saved copy, say) is not carried to the next.
  return (
    <Shell surface="sidepanel">
      {subject.view === 'tab' && <TabView key={subject.tabId} tabId={subject.tabId} inPopup={false} />}
    </Shell>
  );
}
