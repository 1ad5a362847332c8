/**
 * Which tabs get the overlay (entrypoints/background/overlay-tabs.ts), and the reader's choices
 * (overlay-choices.ts), with the fake browser: it tells a tab
 * "mount" for a confirmed match only, "unmount" when that changes, nothing at all to a tab that never had a pill;
 * it applies the reader's choices (and the options page's) to every open tab, taking them only from its own overlay
 * or card (the sender checks themselves: tests/unit/utils/sender.test.ts); the keyboard command. The card's hello
 * and library: card-hello.test.ts, card-library-proxy.test.ts.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { TabState } from '../../../../utils/tab-state';
import { makeStory } from '../../../fixtures/story';
import { deliverRuntimeMessage } from '../../support/runtime-message';

const story = makeStory({ id: 'seed-story' });
vi.mock('../../../../entrypoints/background/prism-service', () => ({
  getStory: async (id: string) =>
    id === 'seed-story'
      ? { ok: true, story: makeStory({ id: 'seed-story' }) }
      : { ok: false, kind: 'http', message: 'no such story', status: 404 },
}));

// The lookup itself is page-lookup's (tests/unit/entrypoints/background/index.test.ts): here a report only ever
// reaches the overlay.
vi.mock('../../../../entrypoints/background/page-lookup', () => ({
  lookUpReport: async () => undefined,
  recheckTab: async () => undefined,
  examineTab: async () => undefined,
  lookUpLink: async () => undefined,
}));

type Overlay = typeof import('../../../../entrypoints/background/overlay-tabs') &
  typeof import('../../../../entrypoints/background/overlay-choices');
let bg: Overlay;
let sent: { tabId: number; message: Record<string, unknown> }[];
const URL_A = 'https://www.scmp.com/news/a';
const URL_B = 'https://www.scmp.com/news/b';

const state = (status: TabState['status'], url = URL_A, over: Partial<TabState> = {}): TabState => ({
  status,
  page: { url, declared: [], titles: ['Headline A'], publisher: null, lang: 'en' },
  storyId: status === 'found' || status === 'possible' ? story.id : undefined,
  seq: Date.now(),
  updatedAt: Date.now(),
  ...over,
});
const setState = (tabId: number, s: TabState) => fakeBrowser.storage.session.set({ [`tab:${tabId}`]: s });
const commands = (tabId?: number) =>
  sent.filter((s) => tabId === undefined || s.tabId === tabId).map((s) => s.message.command as string);
/** Lets the background's queued decisions run. */
const flush = async () => {
  for (let i = 0; i < 30; i++) await new Promise((r) => setTimeout(r, 0));
};

beforeEach(async () => {
  fakeBrowser.reset();
  vi.spyOn(fakeBrowser.i18n, 'getMessage').mockImplementation(((name: string) =>
    name === 'uiLang' ? 'en' : name) as never);
  sent = [];
  vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockImplementation((async (
    tabId: number,
    message: Record<string, unknown>,
  ) => {
    sent.push({ tabId, message });
    return true;
  }) as never);
  vi.resetModules();
  bg = {
    ...(await import('../../../../entrypoints/background/overlay-tabs')),
    ...(await import('../../../../entrypoints/background/overlay-choices')),
  };
  bg.watchOverlay();
  // Messages reach the overlay through the background's one listener, as in the extension.
  (await import('../../../../entrypoints/background/message-router')).listenForMessages();
});
afterEach(flush);

describe('following the tab state', () => {
  it('mounts for a confirmed match, with the labels and the side, and records it', async () => {
    await setState(1, state('found'));
    await flush();
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({
      tabId: 1,
      message: { type: 'prism:overlay', command: 'mount', side: 'right', lang: 'en' },
    });
    expect((sent[0]!.message.labels as Record<string, string>).pill).toBe('overlayPill');
    expect(fakeBrowser.tabs.sendMessage).toHaveBeenCalledWith(1, expect.anything(), { frameId: 0 });
    expect((await fakeBrowser.storage.session.get('overlay:1'))['overlay:1']).toEqual({
      url: URL_A,
      storyId: story.id,
    });
  });

  it('tells a page without a match nothing at all, whatever its state', async () => {
    for (const status of [
      'looking',
      'none',
      'not-news',
      'possible',
      'unknown',
      'no-catalogue',
      'offline',
      'error',
    ] as const) {
      await setState(2, state(status));
      await flush();
    }
    expect(sent).toEqual([]);
  });

  it('unmounts when the answer changes, and at once when a single-page app moves to another page', async () => {
    await setState(3, state('found'));
    await flush();
    await setState(3, state('looking')); // the same page checked again: the pill stays
    await flush();
    expect(commands(3)).toEqual(['mount']);
    await setState(3, state('looking', URL_B)); // another page: the pill was about the previous one
    await flush();
    expect(commands(3)).toEqual(['mount', 'unmount']);
    await setState(3, state('none', URL_B));
    await flush();
    expect(commands(3)).toEqual(['mount', 'unmount']); // told once
    await setState(3, state('found', URL_A));
    await setState(3, state('possible', URL_B));
    await flush();
    expect(commands(3)).toEqual(['mount', 'unmount', 'mount', 'unmount']);
  });

  it('mounts again in a reloaded page whose answer is already known (no lookup, no state change)', async () => {
    await setState(4, state('found'));
    await flush();
    const report = state('found').page!;
    // A report whose address is not the sending frame's origin (a compromised renderer's claim) is ignored.
    await deliverRuntimeMessage(
      { type: 'prism:page', report },
      { id: fakeBrowser.runtime.id, tab: { id: 4 }, frameId: 0, url: 'https://evil.example/' },
    );
    await flush();
    expect(commands(4)).toEqual(['mount']);
    await deliverRuntimeMessage(
      { type: 'prism:page', report },
      { id: fakeBrowser.runtime.id, tab: { id: 4 }, frameId: 0, url: report.url },
    );
    await flush();
    expect(commands(4)).toEqual(['mount', 'mount']);
    // A report of another page leaves it to the lookup (whose answer will change the state).
    await deliverRuntimeMessage(
      { type: 'prism:page', report: { ...report, url: URL_B } },
      { id: fakeBrowser.runtime.id, tab: { id: 4 }, frameId: 0, url: URL_B },
    );
    await flush();
    expect(commands(4)).toEqual(['mount', 'mount']);
  });
});

describe("the reader's choices", () => {
  it('"Hide on this site": the site of the tab\'s own page, a notice in that tab, unmounted in its other tabs; undo', async () => {
    await setState(5, state('found'));
    await setState(6, state('found', URL_B));
    await setState(7, state('found', 'https://apnews.com/article/x'));
    await flush();
    sent = [];
    expect(await bg.overlayAction(5, 'hide-site')).toBe(true);
    await flush();
    expect((await fakeBrowser.storage.local.get('overlayHiddenSites')).overlayHiddenSites).toEqual(['scmp.com']);
    expect(sent.find((s) => s.tabId === 5)?.message).toMatchObject({
      command: 'hidden',
      kind: 'site',
      site: 'scmp.com',
    });
    expect(commands(5)).toEqual(['hidden']); // not unmounted under the notice
    expect(commands(6)).toEqual(['unmount']);
    expect(commands(7)).toEqual(['mount']); // another site: still shown (mount is idempotent in the page)
    sent = [];
    expect(await bg.overlayAction(5, 'undo-hide-site', 'scmp.com')).toBe(true);
    await flush();
    expect((await fakeBrowser.storage.local.get('overlayHiddenSites')).overlayHiddenSites).toEqual([]);
    expect(commands(5)).toEqual(['mount']);
    expect(commands(6)).toEqual(['mount']);
  });

  it('snooze and its undo; "never" and the corner from the options page reach every open tab', async () => {
    await setState(8, state('found'));
    await flush();
    sent = [];
    await bg.overlayAction(8, 'snooze');
    await flush();
    const until = (await fakeBrowser.storage.local.get('overlaySnoozedUntil')).overlaySnoozedUntil as number;
    expect(until - Date.now()).toBeGreaterThan(29 * 86_400_000);
    expect(commands(8)).toEqual(['hidden']);
    await bg.overlayAction(8, 'undo-snooze');
    await flush();
    expect(commands(8)).toEqual(['hidden', 'mount']);
    sent = [];
    await fakeBrowser.storage.local.set({ overlaySide: 'left' });
    await flush();
    expect(sent.at(-1)?.message).toMatchObject({ command: 'mount', side: 'left' });
    await fakeBrowser.storage.local.set({ overlayMode: 'never' });
    await flush();
    expect(commands(8).at(-1)).toBe('unmount');
  });

  it('takes choices only from its own overlay (the top frame) or a card page in that tab', async () => {
    await setState(9, state('found'));
    await flush();
    const trigger = (sender: Record<string, unknown>) =>
      deliverRuntimeMessage(
        { type: 'prism:overlay-action', action: 'hide-site' },
        { id: fakeBrowser.runtime.id, tab: { id: 9 }, ...sender },
      );
    await trigger({ frameId: 2, url: 'https://ads.example/frame.html' }); // a subframe that is not our card
    await trigger({ id: 'another-extension', frameId: 0, url: URL_A });
    await flush();
    expect((await fakeBrowser.storage.local.get('overlayHiddenSites')).overlayHiddenSites).toBeUndefined();
    await trigger({ frameId: 2, url: fakeBrowser.runtime.getURL('/overlay-card.html') });
    await flush();
    expect((await fakeBrowser.storage.local.get('overlayHiddenSites')).overlayHiddenSites).toEqual(['scmp.com']);
  });
});

describe('the keyboard command', () => {
  it('opens the card for a confirmed match (even where the pill is hidden), and does nothing otherwise', async () => {
    await setState(14, state('found'));
    await flush();
    sent = [];
    await bg.toggleCard(14);
    expect(sent.at(-1)?.message).toMatchObject({ command: 'toggle', pill: true });
    await fakeBrowser.storage.local.set({ overlayHiddenSites: ['scmp.com'] });
    await flush();
    sent = [];
    await bg.toggleCard(14);
    expect(sent.at(-1)?.message).toMatchObject({ command: 'toggle', pill: false });
    await setState(15, state('possible'));
    await flush();
    sent = [];
    await bg.toggleCard(15);
    await bg.toggleCard(16); // no state at all
    expect(sent).toEqual([]);
  });
});
