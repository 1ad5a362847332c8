/** A lookup's state from `storage.session`, kept current as the background updates it. */
import { useEffect, useRef, useState } from 'preact/hooks';
import { storage } from 'wxt/utils/storage';
import { linkStateKey, tabStateKey, type TabState } from '@/utils/tab-state';
import { takeSettled } from './first-reads';

/**
 * `undefined` while reading; `null` when the background has nothing under the key. The first render may have the
 * state read before it (first-reads.ts); it is read again once the watch is set, so no change is missed.
 */
export function useSessionState(key: `session:${string}` | null): TabState | null | undefined {
  const [state, setState] = useState<TabState | null | undefined>(() =>
    key === null ? undefined : takeSettled<TabState | null>(key),
  );
  const firstRun = useRef(true);
  useEffect(() => {
    if (!firstRun.current) setState(undefined);
    firstRun.current = false;
    if (key === null) return;
    let alive = true;
    const unwatch = storage.watch<TabState>(key, (s) => setState(s));
    void storage.getItem<TabState>(key).then((s) => alive && setState(s));
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
