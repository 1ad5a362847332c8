/** A lookup's state from `storage.session`, kept current as the background updates it. */
import { useEffect, useState } from 'preact/hooks';
import { storage } from 'wxt/utils/storage';
import { linkStateKey, tabStateKey, type TabState } from '@/utils/tab-state';

/** `undefined` while reading; `null` when the background has nothing under the key. */
export function useSessionState(key: `session:${string}` | null): TabState | null | undefined {
  const [state, setState] = useState<TabState | null | undefined>(undefined);
  useEffect(() => {
    setState(undefined);
    if (key === null) return;
    let alive = true;
    void storage.getItem<TabState>(key).then((s) => alive && setState(s));
    const unwatch = storage.watch<TabState>(key, (s) => setState(s));
    return () => {
      alive = false;
      unwatch();
    };
  }, [key]);
  return state;
}

export const useTabState = (tabId: number | null) => useSessionState(tabId === null ? null : tabStateKey(tabId));
export const useLinkState = (windowId: number | null) =>
  useSessionState(windowId === null ? null : linkStateKey(windowId));
