/**
 * Opening the side panel from a user gesture (a click in the popup; in the background, the keyboard command and
 * the link menu). Firefox has `sidebarAction.open()` and no `sidePanel`; Chrome has `sidePanel.open()` and no
 * `sidebarAction`: the API the browser has is chosen here, openly. The call happens in the gesture, before any
 * await. A panel that cannot open because its tab closed meanwhile is no error; any other failure is not hidden.
 */
import { browser } from 'wxt/browser';

export interface PanelApis {
  /** Firefox's sidebar (`sidebar_action` in the manifest). */
  sidebarAction?: { open(): Promise<void> };
  /** Chrome's side panel (the `sidePanel` permission). */
  sidePanel?: { open(target: { tabId: number } | { windowId: number }): Promise<void> };
  tabs: { get(tabId: number): Promise<unknown> };
}

export type PanelTarget = { tabId: number; windowId?: number } | { tabId?: undefined; windowId: number };

function browserPanelApis(): PanelApis {
  const apis = browser as unknown as PanelApis;
  const chromeApi = (globalThis as { chrome?: { sidePanel?: PanelApis['sidePanel'] } }).chrome;
  return { sidebarAction: apis.sidebarAction, sidePanel: apis.sidePanel ?? chromeApi?.sidePanel, tabs: apis.tabs };
}

async function tabExists(apis: PanelApis, tabId: number): Promise<boolean> {
  return apis.tabs.get(tabId).then(
    (tab) => tab !== undefined,
    () => false,
  );
}

/** Opens the panel for a tab (or a window); rejects when the browser has no panel or refuses for a live tab. */
export function openPanel(target: PanelTarget, apis: PanelApis = browserPanelApis()): Promise<void> {
  let opening: Promise<void>;
  if (apis.sidebarAction) opening = apis.sidebarAction.open();
  else if (apis.sidePanel) {
    opening = apis.sidePanel.open(target.tabId !== undefined ? { tabId: target.tabId } : { windowId: target.windowId });
  } else return Promise.reject(new Error('This browser has no side panel (neither sidebarAction nor sidePanel).'));
  return opening.catch(async (err: unknown) => {
    if (target.tabId !== undefined && !(await tabExists(apis, target.tabId))) return; // the tab closed meanwhile
    throw err;
  });
}

/** The popup's "open the side panel" button. */
export function openSidePanel(tabId: number): void {
  void openPanel({ tabId });
  // The popup closes itself so the panel has the reader's attention (Chrome keeps popups open otherwise).
  if (new URLSearchParams(location.search).get('tab') === null) window.close();
}
