/** The popup and side panel shell: header, then the tab's view. */
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { i18n } from '#i18n';
import type { Lang } from '@/utils/prism/schema';
import { TabView } from './TabView';

/** `?tab=<id>` names the tab (tests, the side panel); otherwise the active tab of this window. */
export async function resolveTabId(search: string): Promise<number | null> {
  const fromQuery = Number(new URLSearchParams(search).get('tab'));
  if (Number.isInteger(fromQuery) && fromQuery > 0) return fromQuery;
  const [tab] = await browser.tabs.query({ active: true, currentWindow: true });
  return tab?.id ?? null;
}

export function uiLang(): Lang {
  return browser.i18n.getUILanguage().toLowerCase().startsWith('ko') ? 'ko' : 'en';
}

export function App() {
  const [tabId, setTabId] = useState<number | null | undefined>(undefined);
  useEffect(() => {
    void resolveTabId(location.search).then(setTabId, () => setTabId(null));
  }, []);
  return (
    <div class="app" lang={uiLang()}>
      <header class="app-header">
        <span class="brand" aria-hidden="true">◆</span>
        <h1>PRISM Lens</h1>
      </header>
      <main class="app-main">
        {tabId === undefined ? null : tabId === null ? (
          <p class="status">{i18n.t('noTab')}</p>
        ) : (
          <TabView tabId={tabId} firstLang={uiLang()} />
        )}
      </main>
    </div>
  );
}
