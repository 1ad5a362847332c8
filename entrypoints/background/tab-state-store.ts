/**
 * Lookup state in `storage.session`, per tab (`tab:<id>`) or per window for a link (`link:<windowId>`): it
 * survives the service worker being stopped, and it is gone when the browser closes. A later report always wins
 * over a slower lookup of an earlier one (`seq`).
 */
import { storage } from 'wxt/utils/storage';
import { parseTabState, tabIdOfSessionKey, tabStateKey, type StateKey, type TabState } from '@/utils/tab-state';

let counter = 0;
/** Increasing across service-worker restarts (time-based), and within one millisecond (counter). */
export function nextSeq(): number {
  counter = (counter + 1) % 1000;
  return Date.now() * 1000 + counter;
}

export const getState = async (key: StateKey) => parseTabState(await storage.getItem<unknown>(key));

export async function setState(key: StateKey, state: Omit<TabState, 'updatedAt'>): Promise<void> {
  await storage.setItem<TabState>(key, { ...state, updatedAt: Date.now() });
}

/** Writes `state` only if no newer report has come in since `seq`. Returns whether it wrote. */
export async function setStateIfCurrent(key: StateKey, state: Omit<TabState, 'updatedAt'>): Promise<boolean> {
  const current = await getState(key);
  if (current && current.seq !== state.seq) return false;
  await setState(key, state);
  return true;
}

export const getTabState = (tabId: number) => getState(tabStateKey(tabId));
export const setTabState = (tabId: number, state: Omit<TabState, 'updatedAt'>) => setState(tabStateKey(tabId), state);
export const removeTabState = (tabId: number) => storage.removeItem(tabStateKey(tabId));

/** The ids of the tabs that have a state. */
export async function tabIdsWithState(): Promise<number[]> {
  const all = await storage.snapshot('session');
  return Object.keys(all).flatMap((k) => tabIdOfSessionKey(k) ?? []);
}
