/** A lookup's state from `storage.session`, kept current as the background updates it. */
import { useEffect, useRef, useState } from 'preact/hooks';
import { storage } from 'wxt/utils/storage';
import { linkStateKey, parseTabState, tabStateKey, type StateKey, type TabState } from '@/utils/tab-state';
import { readState, takeSettled } from './first-reads';

/**
 * `undefined` while reading; `null` when the background has nothing under the key. The first render may have the
 * state read before it (first-reads.ts); it is read again once the watch is set, so no change is missed.
 */
function useSessionState(key: StateKey | null): TabState | null | undefined {
  const [state, setState] = useState<TabState | null | undefined>(() =>
    key === null ? undefined : takeSettled<TabState | null>(key),
  );
  const firstRun = useRef(true);
  useEffect(() => {
    if (!firstRun.current) setState(undefined);
    firstRun.current = false;
    if (key === null) return;
    let alive = true;
    const unwatch = storage.watch<unknown>(key, (s) => setState(parseTabState(s)));
    void readState(key).then((s) => alive && setState(s));
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

/** Closes the link shown in a window's side panel. */
export const removeLinkState = (windowId: number) => storage.removeItem(linkStateKey(windowId));
