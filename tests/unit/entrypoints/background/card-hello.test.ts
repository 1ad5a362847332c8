/**
 * The card page's hello (entrypoints/background/card-hello.ts), through the background's one listener: the card is
 * answered with the tab the browser says it is in and that tab's state, and the page's overlay is told its frame
 * holds our card; anything that is not our card page gets no tab, and no overlay is told anything.
 */
import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { TabState } from '../../../../utils/tab-state';
import { deliverRuntimeMessage } from '../../support/runtime-message';

vi.mock('../../../../entrypoints/background/page-lookup', () => ({}));

const found: TabState = {
  status: 'found',
  page: { url: 'https://www.scmp.com/news/a', declared: [], titles: ['A'], publisher: null, lang: 'en' },
  storyId: 'seed-story',
  seq: 1,
  updatedAt: 1,
};
let told: [number, unknown][];

beforeEach(async () => {
  fakeBrowser.reset();
  told = [];
  vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockImplementation((async (tabId: number, message: unknown) => {
    told.push([tabId, message]);
    return true;
  }) as never);
  vi.resetModules();
  (await import('../../../../entrypoints/background/message-router')).listenForMessages();
  await fakeBrowser.storage.session.set({ 'tab:12': found });
});

const hello = (sender: object) =>
  deliverRuntimeMessage({ type: 'prism:overlay-card' }, { id: fakeBrowser.runtime.id, ...sender });

describe("the card page's hello", () => {
  it('is answered with the tab the browser names and its state; the overlay there learns its card is ours', async () => {
    const answers = await hello({ tab: { id: 12 }, frameId: 3, url: fakeBrowser.runtime.getURL('/overlay-card.html') });
    expect(answers).toEqual([{ tabId: 12, state: found }]);
    expect(told).toEqual([[12, { type: 'prism:overlay', command: 'card-ready' }]]);
  });

  it('gives anything else no tab and tells no overlay: a content script, another page of ours, a web page', async () => {
    for (const sender of [
      { tab: { id: 12 }, frameId: 0, url: 'https://www.scmp.com/news/a' },
      { tab: { id: 12 }, frameId: 3, url: 'https://evil.example/overlay-card.html' },
      { url: fakeBrowser.runtime.getURL('/popup.html') },
    ]) {
      expect(await hello(sender), JSON.stringify(sender)).toEqual([{ tabId: null, state: null }]);
    }
    expect(await deliverRuntimeMessage({ type: 'prism:overlay-card' }, { id: 'another-extension' })).toEqual([
      undefined,
    ]);
    expect(told).toEqual([]);
  });
});
