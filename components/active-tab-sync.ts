/**
 * The side panel follows the active tab of its window: switching tabs shows the new tab's answer at once. The
 * browser API is injected so this is testable in Node.
 */
export interface TabsApi {
  query(q: { active: true; windowId: number }): Promise<{ id?: number }[]>;
  onActivated: {
    addListener(cb: (info: { tabId: number; windowId: number }) => void): void;
    removeListener(cb: (info: { tabId: number; windowId: number }) => void): void;
  };
}

/** Calls `onTab` with the window's active tab now and whenever it changes; returns a function that stops. */
export function followActiveTab(tabs: TabsApi, windowId: number, onTab: (tabId: number) => void): () => void {
  let latest = 0; // an activation that comes while the first query is pending wins over the query's answer
  const listener = (info: { tabId: number; windowId: number }) => {
    if (info.windowId !== windowId) return;
    latest++;
    onTab(info.tabId);
  };
  tabs.onActivated.addListener(listener);
  const asked = latest;
  void tabs.query({ active: true, windowId }).then(([tab]) => {
    if (tab?.id !== undefined && latest === asked) onTab(tab.id);
  });
  return () => tabs.onActivated.removeListener(listener);
}
