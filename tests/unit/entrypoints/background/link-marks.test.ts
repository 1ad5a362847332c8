/**
 * The background's side of link marks (entrypoints/background/link-marks.ts) with the fake browser: `start` only to
 * a page where marks run, nothing to any other, `stop` to a tab told to start that no longer should; the marking
 * module's questions answered from the key set alone, for its top frame only, within bounds; the reader's "off for
 * this site" applied to open tabs at once.
 */
import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { urlKey } from '../../../../utils/prism/keys';
import { deliverRuntimeMessage } from '../../support/runtime-message';

const ANALYSED = 'https://www.nbcnews.com/politics/congress/some-story-rcna123';
let keys = new Set<string>();
vi.mock('../../../../entrypoints/background/keyset-sync', () => ({
  currentKeySet: async () => ({ has: (k: string) => keys.has(k), count: keys.size }),
}));
const lookUpLink = vi.fn(async () => undefined);
vi.mock('../../../../entrypoints/background/page-lookup', () => ({ lookUpLink }));
vi.mock('../../../../entrypoints/background/prism-service', () => ({
  getStory: async () => ({ ok: false, kind: 'http', message: 'none', status: 404 }),
}));

type LinkMarks = typeof import('../../../../entrypoints/background/link-marks');
let bg: LinkMarks;
let sent: { tabId: number; message: Record<string, unknown> }[];
const flush = async () => {
  for (let i = 0; i < 30; i++) await new Promise((r) => setTimeout(r, 0));
};
const commands = (tabId: number) => sent.filter((s) => s.tabId === tabId).map((s) => s.message.command);
const sender = (url: string, frameId = 0) => ({
  id: fakeBrowser.runtime.id,
  url,
  frameId,
  tab: { id: 7, windowId: 1 },
});

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
  keys = new Set([(await urlKey(ANALYSED))!]);
  vi.resetModules();
  const { apiBaseSetting } = await import('../../../../stores/storage-items');
  await fakeBrowser.storage.local.set({
    catalogueSites: { base: await apiBaseSetting.getValue(), sites: ['nbcnews.com'] },
  });
  bg = await import('../../../../entrypoints/background/link-marks');
  bg.watchLinkMarks();
  // Messages reach link marks through the background's one listener, as in the extension.
  (await import('../../../../entrypoints/background/message-router')).listenForMessages();
});

describe('which tabs are told', () => {
  it('starts marks on a catalogue site and on a results page, and tells any other page nothing', async () => {
    await bg.linkMarksOnReport(1, 'https://www.nbcnews.com/');
    await bg.linkMarksOnReport(2, 'https://www.google.com/search?q=x');
    await bg.linkMarksOnReport(3, 'https://www.example.org/');
    expect(commands(1)).toEqual(['start']);
    expect(commands(2)).toEqual(['start']);
    expect(sent.filter((s) => s.tabId === 3)).toEqual([]);
    expect(sent[0]!.message).toMatchObject({ labels: { mark: 'linkMarkName', named: 'linkMarkNamed' } });
  });

  it('stops a tab told to start when its page no longer gets marks', async () => {
    await bg.linkMarksOnReport(1, 'https://www.nbcnews.com/');
    await bg.linkMarksOnReport(1, 'https://www.example.org/');
    await bg.linkMarksOnReport(1, 'https://www.example.net/');
    expect(commands(1)).toEqual(['start', 'stop']);
  });

  it('applies "off for this site" to an open tab at once', async () => {
    await fakeBrowser.storage.session.set({
      'tab:1': {
        status: 'none',
        seq: 1,
        updatedAt: 1,
        page: { url: 'https://www.nbcnews.com/', declared: [], titles: [], publisher: null, lang: null },
      },
    });
    await bg.linkMarksOnReport(1, 'https://www.nbcnews.com/');
    await fakeBrowser.storage.local.set({ linkMarks: { off: false, onSites: [], offSites: ['nbcnews.com'] } });
    await flush();
    expect(commands(1)).toEqual(['start', 'stop']);
  });
});

describe("the marking module's questions", () => {
  const ask = (hrefs: unknown, from = sender('https://www.nbcnews.com/')) =>
    deliverRuntimeMessage({ type: 'prism:link-marks-ask', hrefs }, from);

  it('names exactly the links to analysed articles, from the key set', async () => {
    const answers = await ask([`${ANALYSED}?utm_source=home`, 'https://www.nbcnews.com/politics/other-rcna9']);
    expect(answers).toContainEqual([`${ANALYSED}?utm_source=home`]);
  });

  it('answers nothing to a frame that is not the top one, or a batch out of bounds', async () => {
    expect((await ask([ANALYSED], sender('https://www.nbcnews.com/', 3))).filter(Boolean)).toEqual([]);
    expect((await ask(Array.from({ length: 201 }, () => ANALYSED))).filter(Boolean)).toEqual([]);
    expect((await ask('nope')).filter(Boolean)).toEqual([]);
  });

  it('answers no link on a page where marks do not run', async () => {
    expect(await ask([ANALYSED], sender('https://www.example.org/'))).toContainEqual([]);
  });

  it('looks up nothing for a link marking would not mark', async () => {
    vi.spyOn(fakeBrowser.sidePanel, 'open').mockResolvedValue(undefined as never);
    await deliverRuntimeMessage(
      { type: 'prism:link-marks-open', href: 'https://www.nbcnews.com/politics/other-rcna9' },
      sender('https://www.nbcnews.com/'),
    );
    await flush();
    expect(lookUpLink).not.toHaveBeenCalled();
  });
});

describe("the reading card's menu", () => {
  it("turns marks off for the card's tab's site, and only for our card page", async () => {
    await fakeBrowser.storage.session.set({
      'tab:7': {
        status: 'found',
        seq: 1,
        updatedAt: 1,
        page: { url: 'https://www.nbcnews.com/a/story', declared: [], titles: [], publisher: null, lang: null },
      },
    });
    const offSites = async () =>
      ((await fakeBrowser.storage.local.get('linkMarks')).linkMarks as { offSites?: string[] } | undefined)?.offSites;
    await deliverRuntimeMessage({ type: 'prism:link-marks-card-off' }, sender('https://www.nbcnews.com/a/story'));
    await flush();
    expect(await offSites()).toBeUndefined();
    await deliverRuntimeMessage(
      { type: 'prism:link-marks-card-off' },
      { ...sender(fakeBrowser.runtime.getURL('/overlay-card.html' as '/')), frameId: 2 },
    );
    await flush();
    expect(await offSites()).toEqual(['nbcnews.com']);
  });
});
