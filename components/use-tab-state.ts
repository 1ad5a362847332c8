/** The tab's state from `storage.session`, kept current as the background updates it. */
import { useEffect, useState } from 'preact/hooks';
import { storage } from 'wxt/utils/storage';
import { tabStateKey, type TabState } from '@/utils/tab-state';

/** `undefined` while reading; `null` when the background has nothing for the tab. */
export function useTabState(tabId: number | null): TabState | null | undefined {
  const [state, setState] = useState<TabState | null | undefined>(undefined);
  useEffect(() => {
    if (tabId === null) return;
    const key = tabStateKey(tabId);
    let alive = true;
    void storage.getItem<TabState>(key).then((s) => alive && setState(s));
    const unwatch = storage.watch<TabState>(key, (s) => setState(s));
    return () => {
      alive = false;
      unwatch();
    };
  }, [tabId]);
  return state;
}
