/**
 * Per-tab state in `storage.session`: it survives the service worker being stopped, and it is gone when the
 * browser closes. A later report of a tab always wins over a slower lookup of an earlier one (`seq`).
 */
import { storage } from 'wxt/utils/storage';
import { tabStateKey, type TabState } from '@/utils/tab-state';

let counter = 0;
/** Increasing across service-worker restarts (time-based), and within one millisecond (counter). */
export function nextSeq(): number {
  counter = (counter + 1) % 1000;
  return Date.now() * 1000 + counter;
}

export const getTabState = (tabId: number) => storage.getItem<TabState>(tabStateKey(tabId));

export async function setTabState(tabId: number, state: Omit<TabState, 'updatedAt'>): Promise<void> {
  await storage.setItem<TabState>(tabStateKey(tabId), { ...state, updatedAt: Date.now() });
}

/** Writes `state` only if no newer report of the tab has come in since `seq`. Returns whether it wrote. */
export async function setTabStateIfCurrent(tabId: number, state: Omit<TabState, 'updatedAt'>): Promise<boolean> {
  const current = await getTabState(tabId);
  if (current && current.seq !== state.seq) return false;
  await setTabState(tabId, state);
  return true;
}

export const removeTabState = (tabId: number) => storage.removeItem(tabStateKey(tabId));
