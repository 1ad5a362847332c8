/**
 * A private (incognito) window in real Chromium: the reader allowed PRISM Lens there (chrome://extensions, "Allow
 * in Incognito": here through the page's own `developerPrivate` API, which reloads the extension, and
 * `management.setEnabled` to turn it back on), opens an analysed article in a private window, opens its story,
 * and closes the window: nothing of it is left in the extension's storage (IndexedDB, storage.session). The same
 * steps in a normal window leave the shard and the story cached, so the check can see what it looks for.
 *
 * Playwright's persistent context cannot drive a page of the incognito profile, so an extension page of ours
 * (popup.html, opened as a page) creates the window (`windows.create({ incognito: true })`), reads the tab's
 * state, asks for the story as the popup does, and reads the extension's IndexedDB (same origin).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { SEED, startSuite, waitUntil, type Suite } from '../../tools/harness';

let suite: Suite;
let control: Page;

beforeAll(async () => {
  suite = await startSuite();
  const ext = await suite.browser.ctx.newPage();
  await ext.goto('chrome://extensions');
  const id = suite.browser.extensionId;
  await ext.evaluate(async (extensionId) => {
    const dp = (chrome as unknown as { developerPrivate: { updateExtensionConfiguration(c: object): Promise<void> } })
      .developerPrivate;
    await dp.updateExtensionConfiguration({ extensionId, incognitoAccess: true });
  }, id);
  // The change reloads the extension, which comes back disabled when it was loaded from the command line.
  await waitUntil(
    () =>
      ext.evaluate(async (extensionId) => {
        const m = chrome.management;
        const info = await m.get(extensionId).catch(() => null);
        if (info && !info.enabled) await m.setEnabled(extensionId, true);
        return Boolean(info?.enabled);
      }, id),
    Boolean,
    'the extension enabled again',
  );
  await ext.close();
  control = await suite.browser.ctx.newPage();
  await waitUntil(
    () =>
      control.goto(`chrome-extension://${id}/popup.html`).then(
        () => true,
        () => false,
      ),
    Boolean,
    'an extension page',
  );
}, 60_000);
afterAll(() => suite?.close());

/** What the extension keeps about lookups: cached shards and stories (IndexedDB), and storage.session's keys. */
const kept = () =>
  control.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const open = indexedDB.open('prism-lens');
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
    const count = (store: string) =>
      new Promise<number>((resolve) => {
        if (!db.objectStoreNames.contains(store)) return resolve(-1);
        const req = db.transaction(store).objectStore(store).count();
        req.onsuccess = () => resolve(req.result);
      });
    const counts = { apiShards: await count('apiShards'), apiStories: await count('apiStories') };
    db.close();
    return { ...counts, session: Object.keys(await chrome.storage.session.get(null)).sort() };
  });

/** Opens `url` in a new window (private or not) and waits for its tab's answer; returns the window and tab. */
const openIn = (url: string, incognito: boolean) =>
  control.evaluate(
    async ({ url, incognito }) => {
      const win = await chrome.windows.create({ incognito, url });
      const tabId = win!.tabs![0]!.id!;
      for (let i = 0; i < 150; i++) {
        const state = (await chrome.storage.session.get(`tab:${tabId}`))[`tab:${tabId}`] as
          { status: string; storyId?: string } | undefined;
        if (state && state.status !== 'looking') return { windowId: win!.id!, tabId, state };
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error('no answer for the tab');
    },
    { url, incognito },
  );

/** The story, asked for as the popup asks (the request of the message contract, utils/messages.ts). */
const openStory = (id: string) =>
  control.evaluate(
    async (storyId) => ({
      res: (await chrome.runtime.sendMessage({ type: 'prism:get-story', id: storyId })) as { ok: boolean } | undefined,
    }),
    id,
  );

describe('a private window', () => {
  it("leaves nothing of its lookups in the extension's storage once closed", async () => {
    const seedUrl = suite.servers.sites.urlOf(`${SEED}.html`);
    expect(await kept()).toMatchObject({ apiShards: 0, apiStories: 0 });

    const priv = await openIn(seedUrl, true);
    expect(priv.state).toMatchObject({ status: 'found', storyId: SEED });
    expect((await openStory(SEED)).res).toMatchObject({ ok: true });
    const during = await kept();
    expect(during).toMatchObject({ apiShards: 0, apiStories: 0 }); // in memory only, even while it is open
    expect(suite.servers.apiRequests.filter((r) => r.includes('/v2/lookup/')).length).toBe(1);
    await control.evaluate((windowId) => chrome.windows.remove(windowId), priv.windowId);
    await waitUntil(
      async () => (await kept()).session,
      (keys) => !keys.includes(`tab:${priv.tabId}`) && !keys.includes('privateStories'),
      'the private tab forgotten',
    );
    expect(await kept()).toMatchObject({ apiShards: 0, apiStories: 0 });

    // The same in a normal window is cached (what the check above would have seen).
    const normal = await openIn(seedUrl, false);
    expect(normal.state).toMatchObject({ status: 'found', storyId: SEED });
    expect((await openStory(SEED)).res).toMatchObject({ ok: true });
    await waitUntil(
      () => kept(),
      (k) => k.apiShards === 1 && k.apiStories === 1,
      'the normal window cached',
    );
  });
});
