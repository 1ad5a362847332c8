/**
 * The background, driven as the browser drives it: page reports arrive as runtime messages from a tab's content
 * script, the answer lands in `storage.session` and on the toolbar badge. The PRISM server is a fake
 * `globalThis.fetch` that records every request, the key set a real one in IndexedDB (fake-indexeddb), so what is
 * asserted is what a reader (and a PRISM server) would see: a page PRISM has not analysed causes no request.
 *
 * resolvePage is wrapped (not replaced): by default it runs as it is; `hold` makes each lookup wait until the test
 * answers it, to test ordering (a slower lookup of an earlier report never overwrites a newer one).
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { restoreNavigator, setOnline } from '../../../fixtures/online';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { buildKeySet } from '../../../../utils/prism/keyset';
import { storyKeys, urlKey } from '../../../../utils/prism/keys';
import type { LookupEntry, Meta } from '../../../../utils/prism/schema';
import type { PageDetection, PageReport, TabState } from '../../../../utils/tab-state';
import type { Resolution } from '../../../../utils/lookup/resolve-page';
import { requestUrl } from '../../support/request-url';
import { makeStory } from '../../../fixtures/story';
import { deliverRuntimeMessage } from '../../support/runtime-message';
import {
  EXAMINE_TAB_TYPE,
  GET_STORY_TYPE,
  LOOK_UP_LINK_TYPE,
  RECHECK_TAB_TYPE,
  TAB_VIEW_TYPE,
} from '../../../../utils/messages';
import { eventIndexFile } from '../../../../publisher/format/publish-events';
import type { Story } from '../../../../utils/prism/schema';
import { BADGE_TEXT } from '../../../../entrypoints/background/toolbar-badge';

const lookups = vi.hoisted(() => ({
  hold: false,
  calls: [] as { page: PageReport; examine: boolean | undefined }[],
  /** What each unheld lookup answered, in the order they were asked. */
  results: [] as Promise<Resolution>[],
  pending: [] as { page: PageReport; resolve: (r: Resolution) => void }[],
}));
vi.mock('../../../../utils/lookup/resolve-page', async (importOriginal) => {
  type Real = typeof import('../../../../utils/lookup/resolve-page');
  const original = await importOriginal<Real>();
  return {
    ...original,
    resolvePage: (page: PageReport, deps: Parameters<Real['resolvePage']>[1], examine?: boolean) => {
      lookups.calls.push({ page, examine });
      if (lookups.hold) return new Promise<Resolution>((resolve) => lookups.pending.push({ page, resolve }));
      // The real module of this worker's generation (boot() resets modules), so that its PrismError is the
      // client's: `instanceof` tells offline from error.
      const result = vi
        .importActual<Real>('../../../../utils/lookup/resolve-page')
        .then((real) => real.resolvePage(page, deps, examine));
      lookups.results.push(result);
      return result;
    },
  };
});
// The context menu and the side panel use browser APIs the fake browser does not have; they are not tested here.
vi.mock('../../../../entrypoints/background/link-menu', () => ({ registerLinkMenu: () => undefined }));
vi.mock('../../../../entrypoints/background/side-panel', () => ({ registerSidePanelCommand: () => undefined }));
vi.mock('../../../../entrypoints/background/save-command', () => ({ registerSaveCommand: () => undefined }));

const BASE = 'https://api.prism.test';
const STORY = {
  id: 'belarus-pivot',
  source: {
    url: 'https://www.scmp.com/news/china/article/3300000/belarus-frees-prisoners',
    title: 'Belarus frees 123 prisoners as US lifts potash sanctions',
    publisher: 'South China Morning Post',
  },
  aliases: [] as string[],
};

/** What the fake server holds: shard entries by key, the key set (and meta.json naming it). */
const server = vi.hoisted(() => ({
  entries: [] as LookupEntry[],
  meta: null as Meta | null,
  keyset: null as Uint8Array | null,
  stories: new Map<string, unknown>(),
}));
const serve = async (input: RequestInfo | URL, _init?: RequestInit): Promise<Response> => {
  const url = requestUrl(input);
  const shard = /\/v2\/lookup\/([0-9a-f]{5})\.json$/.exec(url);
  if (shard) {
    const entries = server.entries.filter((e) => e.key.startsWith(shard[1]!));
    return entries.length ? new Response(JSON.stringify({ v: 2, entries })) : new Response('', { status: 404 });
  }
  const story = /\/v2\/stories\/([a-z0-9-]+)\.json$/.exec(url);
  if (story && server.stories.has(story[1]!)) return new Response(JSON.stringify(server.stories.get(story[1]!)));
  if (url === `${BASE}/v2/meta.json` && server.meta) return new Response(JSON.stringify(server.meta));
  if (server.meta && url === `${BASE}/v2/${server.meta.keyset.path}`)
    return new Response(server.keyset as Uint8Array<ArrayBuffer>);
  return new Response('', { status: 404 });
};
const fetchSpy = vi.fn(serve);
const requests = () => fetchSpy.mock.calls.map(([u]) => requestUrl(u).slice(BASE.length));

async function sha256(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** Publishes the story (and `extraUrls` as stories of their own) on the fake server; returns the key set. */
async function publish(extraUrls: string[] = []) {
  const sites = ['scmp.com'];
  const hosts = ['scmp.com'];
  server.entries = (await storyKeys(STORY)).map((key) => ({ key, story: STORY.id, sites, hosts }));
  for (const [i, url] of extraUrls.entries()) {
    const host = new URL(url).hostname;
    server.entries.push({ key: (await urlKey(url))!, story: `extra-${i}`, sites: [host], hosts: [host] });
  }
  const bytes = buildKeySet(server.entries.map((e) => e.key));
  const hash = await sha256(bytes);
  server.keyset = bytes;
  server.meta = {
    v: 2,
    generatedAt: '2026-12-01T09:00:00.000Z',
    stories: 1,
    keyset: {
      path: `keyset/${hash}.bin`,
      sha256: hash,
      format: 'gcs-v1',
      keys: server.entries.length,
      bytes: bytes.length,
    },
  };
  return { bytes, ref: server.meta.keyset };
}

/** A fresh service worker: the background's main() run on fresh modules (their state is per worker). */
async function boot(
  opts: { keySetOnDevice: boolean; extraUrls?: string[]; events?: Story[] } = { keySetOnDevice: true },
) {
  vi.resetModules();
  const settings = await import('../../../../stores/storage-items');
  await settings.apiBaseSetting.setValue(BASE);
  const { getDb } = await import('../../../../utils/storage/db');
  const { createCache } = await import('../../../../utils/storage/cache');
  await getDb().keysets.clear();
  await getDb().apiShards.clear();
  await getDb().apiStories.clear();
  const published = await publish(opts.extraUrls);
  // The event index kept beside the key set, as keyset-sync keeps it (its own tests: keyset-sync.test.ts).
  const events = opts.events && (await eventIndexFile(opts.events, new Date()));
  if (opts.keySetOnDevice)
    await createCache(getDb(), BASE).putKeySet({
      ref: published.ref,
      bytes: published.bytes,
      checkedAt: 1,
      ...(events && { events: { ref: events.ref, bytes: events.bytes } }),
    });
  fetchSpy.mockClear();
  const background = (await import('../../../../entrypoints/background/index')).default;
  background.main();
  return {
    ...(await import('../../../../entrypoints/background/page-lookup')),
    ...(await import('../../../../entrypoints/background/tab-state-store')),
    keySetSync: await import('../../../../entrypoints/background/keyset-sync'),
  };
}

const report = (url: string, over: Partial<PageReport> = {}): PageReport => ({
  url,
  declared: [],
  titles: ['A headline long enough to be a key'],
  publisher: null,
  lang: 'en',
  ...over,
});
/** The content script of `tabId`'s top frame sends `r` (the browser names the frame's address: the report's). */
const send = (tabId: number, r: unknown, sender: Record<string, unknown> = {}) =>
  deliverRuntimeMessage(
    { type: 'prism:page', report: r },
    { id: fakeBrowser.runtime.id, tab: { id: tabId }, frameId: 0, url: (r as { url?: unknown })?.url, ...sender },
  );
const badge = (tabId: number) => fakeBrowser.action.getBadgeText({ tabId });
const tick = () => new Promise((r) => setTimeout(r, 0));
/** Waits for a condition (generously: the suite runs files in parallel), polling often. */
const until = <T>(check: () => T | Promise<T>) => vi.waitFor(check, { timeout: 10_000, interval: 5 });

let TAB: number;
let getTabState: (tabId: number) => Promise<TabState | null>;
/** Waits until the tab's answer is in (not `looking`), and returns it. */
async function settled(tabId = TAB): Promise<TabState> {
  let state: TabState | null = null;
  await until(async () => {
    state = await getTabState(tabId);
    expect(state?.status ?? 'looking').not.toBe('looking');
  });
  await tick();
  return state!;
}

beforeEach(async () => {
  fakeBrowser.reset();
  // The fake browser has no message catalogue: a string is its name.
  vi.spyOn(fakeBrowser.i18n, 'getMessage').mockImplementation((name: string) => name);
  vi.stubGlobal('fetch', fetchSpy);
  lookups.hold = false;
  lookups.calls.length = 0;
  lookups.results.length = 0;
  lookups.pending.length = 0;
  TAB = (await fakeBrowser.tabs.create({ url: 'https://www.scmp.com/' })).id!;
});

afterEach(async () => {
  // Lookups still running would write into the next test's session storage: let them finish first.
  await Promise.allSettled(lookups.results);
  for (let i = 0; i < 20; i++) await tick();
  restoreNavigator();
});

describe('a page report, with the key set on the device', () => {
  it('a page PRISM has not analysed: "none", and not a single request', async () => {
    const bg = await boot();
    getTabState = bg.getTabState;
    await send(
      TAB,
      report('https://www.theguardian.com/world/2025/dec/14/other', { declared: ['https://www.scmp.com/news/other'] }),
    );
    expect(await settled()).toMatchObject({
      status: 'none',
      page: { url: 'https://www.theguardian.com/world/2025/dec/14/other' },
    });
    expect(fetchSpy).not.toHaveBeenCalled();
    expect(await badge(TAB)).toBe('');
  });

  it('a page on the story\'s own address: "found", the badge marked, one shard request and no story request', async () => {
    const bg = await boot();
    getTabState = bg.getTabState;
    await send(TAB, report(`${STORY.source.url}?utm_source=twitter`));
    expect(await settled()).toMatchObject({
      status: 'found',
      storyId: STORY.id,
      match: { by: 'address', site: 'scmp.com' },
    });
    expect(await badge(TAB)).toBe('◆');
    expect(requests()).toEqual([expect.stringMatching(/^\/v2\/lookup\/[0-9a-f]{5}\.json$/)]);
    expect(requests()[0]).toBe(`/v2/lookup/${(await urlKey(STORY.source.url))!.slice(0, 5)}.json`);
  });

  it("tabView answers a found tab's state with its story; a tab without a match with its state alone", async () => {
    const bg = await boot();
    getTabState = bg.getTabState;
    server.stories.set(STORY.id, makeStory({ id: STORY.id }));
    await send(TAB, report(STORY.source.url));
    expect(await settled()).toMatchObject({ status: 'found', storyId: STORY.id });
    const { tabView } = await import('../../../../entrypoints/background/prism-service');
    expect(await tabView(TAB)).toMatchObject({
      state: { status: 'found', storyId: STORY.id },
      story: { ok: true, story: { id: STORY.id } },
    });
    expect(requests()).toContain(`/v2/stories/${STORY.id}.json`);
    const before = requests().length;
    expect(await tabView(TAB + 9)).toEqual({ state: null }); // no state: no story asked for
    expect(requests().length).toBe(before);
  });

  it('a page on another site declaring the story\'s address: "possible", naming the site, and no badge', async () => {
    const bg = await boot();
    getTabState = bg.getTabState;
    await send(TAB, report('http://127.0.0.1:8000/story.html', { declared: [STORY.source.url] }));
    expect(await settled()).toMatchObject({
      status: 'possible',
      storyId: STORY.id,
      match: { by: 'declared', site: 'scmp.com', pageSite: '127.0.0.1' },
    });
    expect(await badge(TAB)).toBe('');
  });

  it("a headline-only hit asks the page's content script to examine it first", async () => {
    const bg = await boot();
    getTabState = bg.getTabState;
    const detection: PageDetection = {
      isNews: false,
      score: 0,
      signals: [],
      title: null,
      publisher: null,
      canonicalUrl: null,
    };
    const ask = vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockResolvedValue(detection as never);
    await send(TAB, report('https://forum.example/t/1', { titles: [STORY.source.title] }));
    expect(await settled()).toMatchObject({ status: 'not-news', page: { detection } });
    expect(ask).toHaveBeenCalledWith(TAB, { type: 'prism:detect' }, { frameId: 0 });
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('a report identical to the stored one is not looked up again; a changed one is', async () => {
    const bg = await boot();
    getTabState = bg.getTabState;
    const r = report('https://www.theguardian.com/a');
    await send(TAB, r);
    const first = await settled();
    await send(TAB, { ...r });
    await send(TAB, { ...r, lang: 'en-GB' }); // not part of what is looked up
    await tick();
    await tick();
    expect(lookups.calls).toHaveLength(1);
    expect((await getTabState(TAB))?.seq).toBe(first.seq);
    await send(TAB, { ...r, titles: ['A later headline the page rendered by script'] });
    await until(() => expect(lookups.calls).toHaveLength(2));
    expect(await settled()).toMatchObject({
      status: 'none',
      page: { titles: ['A later headline the page rendered by script'] },
    });
  });

  it('a reload of an analysed page marks the badge again (the browser clears it on navigation), no new lookup', async () => {
    const bg = await boot();
    getTabState = bg.getTabState;
    const r = report(STORY.source.url);
    await send(TAB, r);
    expect(await settled()).toMatchObject({ status: 'found' });
    expect(await badge(TAB)).toBe('◆');
    // What Chromium does to a tab's badge when the tab navigates (reload, back/forward).
    await fakeBrowser.action.setBadgeText({ tabId: TAB, text: '' });
    await send(TAB, { ...r });
    await until(async () => expect(await badge(TAB)).toBe('◆'));
    expect(lookups.calls).toHaveLength(1);
  });

  it('a report identical to one whose lookup failed is looked up again', async () => {
    const bg = await boot();
    getTabState = bg.getTabState;
    const r = report(STORY.source.url);
    // Offline: the client does not retry (the report coming again is the retry).
    setOnline(false);
    fetchSpy.mockImplementationOnce(async () => {
      throw new TypeError('Failed to fetch');
    });
    await send(TAB, r);
    const failed = await settled();
    expect(failed, JSON.stringify(failed)).toMatchObject({ status: 'offline', fault: { kind: 'offline' } });
    setOnline(true);
    await send(TAB, { ...r });
    await until(async () => expect((await getTabState(TAB))?.status).toBe('found'));
    expect(lookups.calls).toHaveLength(2);
  });

  it('a server that cannot be reached while online is retried, then "error" with fault "unreachable"', async () => {
    const bg = await boot();
    getTabState = bg.getTabState;
    vi.spyOn(Math, 'random').mockReturnValue(0); // the backoff's jitter: no wait
    fetchSpy.mockImplementation(async () => {
      throw new TypeError('Failed to fetch');
    });
    try {
      await send(TAB, report(STORY.source.url));
      expect(await settled()).toMatchObject({
        status: 'error',
        fault: { kind: 'unreachable', detail: expect.stringMatching(/Cannot reach/) },
      });
      expect(fetchSpy).toHaveBeenCalledTimes(4);
    } finally {
      fetchSpy.mockReset();
      fetchSpy.mockImplementation(serve);
    }
  });

  it('a transient 503 is retried and the page still found', async () => {
    const bg = await boot();
    getTabState = bg.getTabState;
    vi.spyOn(Math, 'random').mockReturnValue(0);
    fetchSpy.mockImplementationOnce(async () => new Response('', { status: 503 }));
    await send(TAB, report(STORY.source.url));
    expect(await settled()).toMatchObject({ status: 'found' });
    expect(fetchSpy).toHaveBeenCalledTimes(2);
  });

  it('getStory answers a failure with its kind and status', async () => {
    await boot();
    const { getStory } = await import('../../../../entrypoints/background/prism-service');
    expect(await getStory('gone')).toEqual({
      ok: false,
      kind: 'http',
      status: 404,
      message: 'PRISM has no such story any more.',
    });
    fetchSpy.mockImplementationOnce(async () => new Response(JSON.stringify({ v: 2, id: 'later' })));
    expect(await getStory('later')).toMatchObject({
      ok: false,
      kind: 'newer',
      message: expect.stringMatching(/format 2/),
    });
  });

  it('ignores reports from subframes, other extensions and non-tabs, and malformed ones', async () => {
    const bg = await boot();
    getTabState = bg.getTabState;
    const r = report(STORY.source.url);
    await send(TAB, r, { frameId: 3 });
    await send(TAB, r, { id: 'another-extension' });
    await send(TAB, r, { tab: undefined });
    await send(TAB, { ...r, url: 'javascript:alert(1)' });
    await tick();
    expect(lookups.calls).toHaveLength(0);
    expect(await getTabState(TAB)).toBeNull();
  });

  it("ignores a report of another origin than the one the browser says its frame is at (a renderer's claim)", async () => {
    const bg = await boot();
    getTabState = bg.getTabState;
    const r = report(STORY.source.url);
    await send(TAB, r, { url: 'https://evil.example/page' });
    await send(TAB, r, { url: undefined });
    await send(TAB, r, { url: 'http://www.scmp.com/news/china/article/3300000/belarus-frees-prisoners' }); // http ≠ https
    await tick();
    expect(lookups.calls).toHaveLength(0);
    expect(await getTabState(TAB)).toBeNull();
    // The same report from its own origin (another path of it: a single-page app moved on) is looked up.
    await send(TAB, r, { url: 'https://www.scmp.com/' });
    await until(async () => expect((await getTabState(TAB))?.status).toBe('found'));
  });

  it('answers getStory, tabView, recheckTab, examineTab and lookUpLink to extension pages only', async () => {
    await boot();
    /** Sends a request of the message contract from `sender`; resolves with its answer, or the refusal's error. */
    const ask = (message: object, sender: object) =>
      deliverRuntimeMessage(message, { id: fakeBrowser.runtime.id, ...sender }).then(
        (answers) => ({ res: answers.find((a) => a !== undefined), err: undefined }),
        (err: Error) => ({ res: undefined, err }),
      );
    const page = { tab: { id: TAB }, frameId: 0, url: 'https://www.scmp.com/news/a' };
    const own = { url: fakeBrowser.runtime.getURL('/popup.html') };
    const card = { tab: { id: TAB }, frameId: 2, url: fakeBrowser.runtime.getURL('/overlay-card.html') };
    for (const message of [
      { type: GET_STORY_TYPE, id: STORY.id },
      { type: TAB_VIEW_TYPE, tabId: TAB },
      { type: RECHECK_TAB_TYPE, tabId: TAB },
      { type: EXAMINE_TAB_TYPE, tabId: TAB },
      { type: LOOK_UP_LINK_TYPE, windowId: 1, url: STORY.source.url },
    ]) {
      const refused = await ask(message, page);
      expect(refused.err?.message, message.type).toMatch(/extension pages only/);
      expect((await ask(message, { ...own, id: 'another-extension' })).err?.message, message.type).toMatch(
        /extension pages only/,
      );
    }
    expect(fetchSpy).not.toHaveBeenCalled();
    server.entries = [];
    const answer = await ask({ type: GET_STORY_TYPE, id: STORY.id }, own);
    expect(answer.err).toBeUndefined();
    expect(answer.res).toHaveProperty('ok'); // a StoryAnswer, whatever the API said
    expect(fetchSpy).toHaveBeenCalled(); // the popup's request went to the API
    expect((await ask({ type: GET_STORY_TYPE, id: STORY.id }, card)).err).toBeUndefined();
  });

  it('registers one runtime message listener, which leaves messages that are not ours unanswered', async () => {
    const add = vi.spyOn(fakeBrowser.runtime.onMessage, 'addListener');
    await boot();
    expect(add).toHaveBeenCalledTimes(1);
    for (const message of [null, 'prism:page', { type: 'getStory', data: STORY.id }, { type: GET_STORY_TYPE }]) {
      expect(await deliverRuntimeMessage(message, { url: fakeBrowser.runtime.getURL('/popup.html') })).toEqual([
        undefined,
      ]);
    }
  });

  it('rate-limits a page: 100 reports in a row make at most 20 lookups and at most 6 shard requests', async () => {
    const urls = Array.from({ length: 100 }, (_, i) => `https://www.scmp.com/news/article/${i}/churn`);
    const bg = await boot({ keySetOnDevice: true, extraUrls: urls }); // every one of them is a local hit
    getTabState = bg.getTabState;
    for (const url of urls) void send(TAB, report(url, { titles: [] }));
    await until(() => expect(lookups.calls.length).toBeGreaterThan(0));
    await until(async () => {
      const s = await getTabState(TAB);
      expect(s?.page?.url).toBe(lookups.calls.at(-1)?.page.url);
      expect(s?.status).not.toBe('looking');
    });
    await Promise.all(lookups.results);
    expect(lookups.calls.length).toBeLessThanOrEqual(20);
    expect(fetchSpy.mock.calls.length).toBeLessThanOrEqual(6);
    // Another tab has its own budget.
    const other = (await fakeBrowser.tabs.create({ url: 'https://www.scmp.com/' })).id!;
    await send(other, report(STORY.source.url));
    expect(await settled(other)).toMatchObject({ status: 'found' });
  });
});

describe('a story withdrawn after the key set on the device (the shard-miss guard, issue 19)', () => {
  it('the miss reads meta.json again: the newer set is used, the page is "none", and no miss is counted', async () => {
    const bg = await boot();
    getTabState = bg.getTabState;
    // PRISM withdraws the story: its shard no longer lists it, and meta.json names a set without it.
    const other = (await urlKey('https://www.scmp.com/news/world/article/3300001/another-story'))!;
    server.entries = [{ key: other, story: 'another', sites: ['scmp.com'], hosts: ['scmp.com'] }];
    const bytes = buildKeySet([other]);
    const hash = await sha256(bytes);
    server.keyset = bytes;
    server.meta = {
      ...server.meta!,
      keyset: { ...server.meta!.keyset, path: `keyset/${hash}.bin`, sha256: hash, keys: 1, bytes: bytes.length },
    };
    await send(TAB, report(STORY.source.url));
    expect(await settled()).toMatchObject({ status: 'none' });
    expect(requests()).toEqual([
      expect.stringMatching(/^\/v2\/lookup\/[0-9a-f]{5}\.json$/),
      '/v2/meta.json',
      `/v2/keyset/${hash}.bin`,
    ]);
    expect(lookups.calls).toHaveLength(2); // checked again with the new set
    const { shardMissLedgerItem } = await import('../../../../stores/storage-items');
    expect((await shardMissLedgerItem.getValue())?.misses ?? 0).toBe(0);
  });
});

describe('a private (incognito) window', () => {
  it('keeps nothing of its lookups on disk: the shard and the story opened are in memory only', async () => {
    const bg = await boot();
    getTabState = bg.getTabState;
    const { getDb } = await import('../../../../utils/storage/db');
    server.stories.set(STORY.id, makeStory({ id: STORY.id }));
    const incognito = new Set([TAB]);
    vi.spyOn(fakeBrowser.tabs, 'get').mockImplementation(
      async (id: number) => ({ id, incognito: incognito.has(id) }) as never,
    );
    await send(TAB, report(STORY.source.url));
    expect(await settled()).toMatchObject({ status: 'found', storyId: STORY.id });
    const { getStory } = await import('../../../../entrypoints/background/prism-service');
    expect(await getStory(STORY.id)).toMatchObject({ ok: true, story: { id: STORY.id } });
    expect(await getDb().apiShards.count()).toBe(0);
    expect(await getDb().apiStories.count()).toBe(0);
    // Asked again in the private window (and as the popup's one first read): from memory, no second request.
    const before = requests().length;
    expect(await getStory(STORY.id)).toMatchObject({ ok: true });
    const { tabView } = await import('../../../../entrypoints/background/prism-service');
    expect((await tabView(TAB)).story).toMatchObject({ ok: true, story: { id: STORY.id } });
    expect(requests().length).toBe(before);
    expect(await getDb().apiStories.count()).toBe(0);
    // The same page in a normal window is cached as before.
    await send(TAB + 1, report(STORY.source.url));
    await until(async () => expect((await getTabState(TAB + 1))?.status).toBe('found'));
    expect(await getDb().apiShards.count()).toBe(1);
  });
});

describe('a link looked up in a private window (the context menu, or the side panel)', () => {
  async function privateWindow() {
    const bg = await boot();
    const { getDb } = await import('../../../../utils/storage/db');
    server.stories.set(STORY.id, makeStory({ id: STORY.id }));
    const win = (await fakeBrowser.windows.create({ incognito: true } as never))!;
    vi.spyOn(fakeBrowser.windows, 'get').mockImplementation(
      async (id: number) => ({ id, incognito: id === win.id }) as never,
    );
    return { bg, db: getDb(), windowId: win.id! };
  }

  it('keeps nothing on disk: neither the shard nor the story opened from it', async () => {
    const { bg, db, windowId } = await privateWindow();
    await bg.lookUpLink(windowId, STORY.source.url);
    expect(await bg.getState(`session:link:${windowId}`)).toMatchObject({ status: 'found', storyId: STORY.id });
    const { getStory } = await import('../../../../entrypoints/background/prism-service');
    expect(await getStory(STORY.id)).toMatchObject({ ok: true, story: { id: STORY.id } });
    expect(await db.apiShards.count()).toBe(0);
    expect(await db.apiStories.count()).toBe(0);
  });

  it("forgets the window's link state when the last private window closes", async () => {
    const { bg, windowId } = await privateWindow();
    await bg.lookUpLink(windowId, STORY.source.url);
    expect(await bg.getState(`session:link:${windowId}`)).not.toBeNull();
    expect(await fakeBrowser.storage.session.get('privateStories')).toEqual({ privateStories: [STORY.id] });
    await fakeBrowser.windows.remove(windowId);
    await until(async () => expect(await bg.getState(`session:link:${windowId}`)).toBeNull());
    expect(await fakeBrowser.storage.session.get('privateStories')).toEqual({});
  });
});

describe('a page report without a key set on the device', () => {
  /** Holds the server's meta.json answer until `release()`. */
  function slowMeta() {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const real = fetchSpy.getMockImplementation()!;
    fetchSpy.mockImplementationOnce(async (input, init) => {
      await gate;
      return real(input, init);
    });
    return release;
  }

  it('is "no-catalogue", asks for the key set, and is checked again once it has come', async () => {
    const bg = await boot({ keySetOnDevice: false });
    getTabState = bg.getTabState;
    const release = slowMeta();
    await send(TAB, report(STORY.source.url));
    await until(async () => expect((await getTabState(TAB))?.status).toBe('no-catalogue'));
    expect(await lookups.results[0]).toEqual({ status: 'no-catalogue' });
    expect(requests()).toEqual(['/v2/meta.json']); // the lookup asked for the catalogue
    expect(await badge(TAB)).toBe('');
    release();
    // The key set comes; the tab is looked up again, locally, and confirmed with one shard.
    await until(async () => expect((await getTabState(TAB))?.status).toBe('found'));
    expect(lookups.calls).toHaveLength(2);
    expect(requests()).toEqual([
      '/v2/meta.json',
      `/v2/${server.meta!.keyset.path}`,
      expect.stringMatching(/^\/v2\/lookup\//),
    ]);
    expect(await badge(TAB)).toBe('◆');
  });

  // The recheck after the key set arrives skips a tab whose lookup is still running (status 'looking'); that
  // lookup read "no key set" before the set came, so it looks again itself before it answers.
  it('a tab whose lookup is still running when the key set comes is checked again too', async () => {
    const bg = await boot({ keySetOnDevice: false });
    getTabState = bg.getTabState;
    lookups.hold = true;
    await send(TAB, report(STORY.source.url));
    await until(() => expect(lookups.pending).toHaveLength(1)); // it has read "no key set" and is resolving
    await bg.keySetSync.refreshKeySet(); // the set comes meanwhile; tabs in 'no-catalogue' are rechecked
    lookups.hold = false;
    lookups.pending[0]!.resolve({ status: 'no-catalogue' });
    await vi.waitFor(async () => expect((await getTabState(TAB))?.status).toBe('found'), { timeout: 500 });
  });

  it('says why when the catalogue cannot be downloaded', async () => {
    const bg = await boot({ keySetOnDevice: false });
    getTabState = bg.getTabState;
    server.meta = null; // the server has no meta.json
    await bg.keySetSync.refreshKeySet();
    await send(TAB, report(STORY.source.url));
    expect(await settled()).toMatchObject({
      status: 'no-catalogue',
      fault: { kind: 'invalid', detail: expect.stringMatching(/not a PRISM v2 API/) },
    });
  });
});

describe('ordering (lookups held until the test answers them)', () => {
  async function answer(index: number, resolution: Resolution) {
    await until(() => expect(lookups.pending[index]).toBeDefined());
    lookups.pending[index]!.resolve(resolution);
    await tick();
    await tick();
  }
  const found: Resolution = {
    status: 'found',
    storyId: 's1',
    match: { by: 'address', site: 'news.example', pageSite: 'news.example' },
  };

  it('marks the toolbar icon once a story is found, and only then', async () => {
    const bg = await boot();
    getTabState = bg.getTabState;
    lookups.hold = true;
    const done = bg.lookUpTab(TAB, report('https://news.example/a'));
    await until(async () => expect((await getTabState(TAB))?.status).toBe('looking'));
    expect(await badge(TAB)).toBe('');
    await answer(0, found);
    await done;
    expect(await getTabState(TAB)).toMatchObject({ status: 'found', storyId: 's1' });
    expect(await badge(TAB)).toBe('◆');
  });

  it('does not clear the mark while the next page is being looked up (no flicker)', async () => {
    const bg = await boot();
    getTabState = bg.getTabState;
    lookups.hold = true;
    const first = bg.lookUpTab(TAB, report('https://news.example/a'));
    await answer(0, found);
    await first;
    const second = bg.lookUpTab(TAB, report('https://news.example/b'));
    await until(async () => expect((await getTabState(TAB))?.status).toBe('looking'));
    expect(await badge(TAB)).toBe('◆');
    await answer(1, { status: 'none' });
    await second;
    expect(await badge(TAB)).toBe('');
  });

  it('never lets a slow lookup of an earlier page overwrite the answer for a newer one', async () => {
    const bg = await boot();
    getTabState = bg.getTabState;
    lookups.hold = true;
    const slow = bg.lookUpTab(TAB, report('https://news.example/old'));
    await until(() => expect(lookups.pending).toHaveLength(1));
    const fast = bg.lookUpTab(TAB, report('https://news.example/new'));
    await answer(1, { status: 'none' });
    await fast;
    await answer(0, { ...found, storyId: 'old-story' });
    await slow;
    expect(await getTabState(TAB)).toMatchObject({ status: 'none', page: { url: 'https://news.example/new' } });
    expect(await badge(TAB)).toBe('');
  });

  it('a possible match never marks the icon', async () => {
    const bg = await boot();
    getTabState = bg.getTabState;
    lookups.hold = true;
    const done = bg.lookUpTab(TAB, report('https://copy.example/a'));
    await answer(0, {
      status: 'possible',
      storyId: 's1',
      match: { by: 'declared', site: 'news.example', pageSite: 'copy.example' },
    });
    await done;
    expect(await badge(TAB)).toBe('');
  });
});

describe('examining a tab (the reader opened the popup)', () => {
  it('runs the detector once and records what it found', async () => {
    const bg = await boot();
    getTabState = bg.getTabState;
    const detection: PageDetection = {
      isNews: false,
      score: 1,
      signals: ['og:type=website'],
      title: null,
      publisher: null,
      canonicalUrl: null,
    };
    const ask = vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockResolvedValue(detection as never);
    await send(TAB, report('https://shop.example/'));
    expect(await settled()).toMatchObject({ status: 'none' });
    expect(ask).not.toHaveBeenCalled(); // nothing runs in the page at load
    await bg.examineTab(TAB);
    expect(await getTabState(TAB)).toMatchObject({ status: 'not-news', page: { detection } });
    await bg.examineTab(TAB);
    expect(ask).toHaveBeenCalledTimes(1);
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('a page without our content script (no answer) is examined once too, and stays "none"', async () => {
    const bg = await boot();
    getTabState = bg.getTabState;
    const ask = vi
      .spyOn(fakeBrowser.tabs, 'sendMessage')
      .mockRejectedValue(new Error('Could not establish connection. Receiving end does not exist.'));
    await send(TAB, report('https://shop.example/'));
    await settled();
    await bg.examineTab(TAB);
    expect(await getTabState(TAB)).toMatchObject({ status: 'none', page: { detection: null } });
    await bg.examineTab(TAB);
    expect(ask).toHaveBeenCalledTimes(1);
  });

  it("finds the story by the headline the detector read, on the story's own site", async () => {
    const bg = await boot();
    getTabState = bg.getTabState;
    const detection: PageDetection = {
      isNews: true,
      score: 6,
      signals: ['jsonld:NewsArticle'],
      title: STORY.source.title,
      publisher: STORY.source.publisher,
      canonicalUrl: null,
    };
    vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockResolvedValue(detection as never);
    await send(TAB, report('https://www.scmp.com/news/live/9', { titles: ['SCMP'] }));
    await settled();
    await bg.examineTab(TAB);
    expect(await getTabState(TAB)).toMatchObject({ status: 'found', match: { by: 'headline', site: 'scmp.com' } });
    expect(await badge(TAB)).toBe('◆');
  });
});

describe('a link from the context menu', () => {
  it("is looked up by its URL and text into the window's link state, not a tab's", async () => {
    const bg = await boot();
    getTabState = bg.getTabState;
    await bg.lookUpLink(3, STORY.source.url, '  Linked headline text here  ');
    expect(lookups.calls[0]!.page).toMatchObject({ url: STORY.source.url, titles: ['Linked headline text here'] });
    expect(await bg.getState('session:link:3')).toMatchObject({ status: 'found', storyId: STORY.id });
    expect(await getTabState(TAB)).toBeNull();
    expect(await badge(TAB)).toBe('');
  });
});

describe('same-event matching (issue 23): the headline of a page with no exact match, on the device', () => {
  const today = new Date().toISOString();
  const edition = (title: string, summary: string, tags: string[]) => ({
    title,
    summary,
    body: [summary],
    insight: { title: 'PRISM Insight', body: ['An insight.'] },
    tags,
  });
  const catalogue: Story[] = [
    makeStory({
      id: STORY.id,
      publishedAt: today,
      source: STORY.source,
      editions: {
        en: edition(
          'Belarus frees prisoners as Washington lifts potash sanctions',
          'Lukashenko pardons 123 prisoners, including Ales Bialiatski, after the US eases sanctions on Belarusian potash.',
          ['Belarus', 'Sanctions', 'Potash'],
        ),
      },
    }),
    makeStory({
      id: 'fed-rates',
      publishedAt: today,
      source: {
        url: 'https://www.ft.com/content/fed-holds-rates',
        title: 'Federal Reserve holds interest rates steady as inflation cools',
        publisher: 'Financial Times',
      },
      editions: {
        en: edition(
          'Fed keeps rates on hold',
          'The Federal Reserve left its benchmark interest rate unchanged, citing cooling inflation and a firm labour market.',
          ['Federal Reserve', 'Inflation'],
        ),
      },
    }),
    makeStory({
      id: 'volcano-iceland',
      publishedAt: today,
      source: {
        url: 'https://www.bbc.com/news/iceland-volcano',
        title: 'Iceland volcano erupts near Grindavik for the tenth time',
        publisher: 'BBC',
      },
      editions: {
        en: edition(
          'Iceland eruption near Grindavik',
          'A volcano on the Reykjanes peninsula erupted again, forcing the evacuation of Grindavik and the Blue Lagoon.',
          ['Iceland', 'Volcano'],
        ),
      },
    }),
  ];
  const reuters = 'https://www.reuters.com/world/europe/belarus-releases-prisoners-2025-12-14/';
  const sameEventTitle = 'Belarus releases 123 prisoners including Bialiatski as US lifts potash sanctions';

  it('another outlet reporting the event: "same-event", the analysed site named, no request, no badge', async () => {
    const bg = await boot({ keySetOnDevice: true, events: catalogue });
    getTabState = bg.getTabState;
    await send(TAB, report(reuters, { titles: [`${sameEventTitle} | Reuters`] }));
    const state = await settled();
    expect(state).toMatchObject({ status: 'same-event', storyId: STORY.id, event: { site: 'scmp.com' } });
    expect(state.event!.score).toBeGreaterThanOrEqual(0.27);
    expect(fetchSpy).not.toHaveBeenCalled();
    expect(await badge(TAB)).toBe('');
  });

  it('a page about another event: "none", and no request', async () => {
    const bg = await boot({ keySetOnDevice: true, events: catalogue });
    getTabState = bg.getTabState;
    await send(
      TAB,
      report('https://www.reuters.com/world/asia/japan-earthquake/', {
        titles: ['Strong earthquake shakes northern Japan, tsunami warning lifted'],
      }),
    );
    expect(await settled()).toMatchObject({ status: 'none' });
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('a page with an exact match is "found", never "same-event", whatever its headline', async () => {
    const bg = await boot({ keySetOnDevice: true, events: catalogue });
    getTabState = bg.getTabState;
    await send(TAB, report(STORY.source.url, { titles: [sameEventTitle] }));
    expect(await settled()).toMatchObject({ status: 'found', storyId: STORY.id });
    expect(await badge(TAB)).toBe(BADGE_TEXT);
  });

  it('an event index damaged in storage matches nothing and is dropped (the next refresh fetches it again)', async () => {
    const bg = await boot({ keySetOnDevice: true, events: catalogue });
    getTabState = bg.getTabState;
    const { getDb } = await import('../../../../utils/storage/db');
    const row = (await getDb().keysets.get(BASE))!;
    const bytes = row.events!.bytes.slice();
    bytes[bytes.length - 1]! ^= 1;
    await getDb().keysets.put({ ...row, events: { ref: row.events!.ref, bytes } });
    await send(TAB, report(reuters, { titles: [sameEventTitle] }));
    expect(await settled()).toMatchObject({ status: 'none' });
    expect(fetchSpy).not.toHaveBeenCalled();
    expect((await getDb().keysets.get(BASE))!.events).toBeUndefined();
  });

  it('without an event index on the device, the same page is "none"', async () => {
    const bg = await boot({ keySetOnDevice: true });
    getTabState = bg.getTabState;
    await send(TAB, report(reuters, { titles: [sameEventTitle] }));
    expect(await settled()).toMatchObject({ status: 'none' });
    expect(fetchSpy).not.toHaveBeenCalled();
  });
});
