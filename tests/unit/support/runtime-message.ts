import { fakeBrowser } from 'wxt/testing/fake-browser';

/**
 * Delivers a runtime message to the listeners registered on WXT's fake browser, as a content script or an
 * extension page would send it; resolves with the listeners' answers when every listener has returned.
 */
export function deliverRuntimeMessage(message: unknown, sender: object = {}): Promise<unknown[]> {
  return fakeBrowser.runtime.onMessage.trigger(message, sender as never, () => undefined);
}

/** The same for a tab's update event (`tabs.onUpdated`). */
export function deliverTabUpdate(tabId: number, change: object): Promise<unknown[]> {
  return fakeBrowser.tabs.onUpdated.trigger(tabId, change as never, {} as never);
}
