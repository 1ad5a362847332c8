/**
 * The whole path in real Chromium, with each news page on its own site: a page (its address carrying tracking
 * parameters) → content script → the local key set → one shard to confirm → the toolbar mark; the popup fetches
 * the story when it opens and shows it; and the states around it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Story } from '../../utils/prism/schema';
import { apiCacheControl, startStaticServer } from '../../tools/servers/static-server';
import {
  SEED,
  catalogueStory,
  openPopupPage,
  openWithPopup,
  serviceWorker,
  setApiBase,
  startSuite,
  stopWorker,
  tabIdOf,
  waitForKeySet,
  waitForTabStatus,
  type Suite,
} from '../../tools/harness';

let suite: Suite;
let servers: Suite['servers'];
let browser: Suite['browser'];
let seed: Story;

beforeAll(async () => {
  seed = await catalogueStory(SEED);
  suite = await startSuite();
  ({ servers, browser } = suite);
});
afterAll(() => suite?.close());

const badge = async (tabId: number) =>
  (await serviceWorker(browser)).evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tabId);

describe('popup on a news page that PRISM has analysed', () => {
  it('shows both editions, the insight, the disclaimer, related articles, the source and the meta line', async () => {
    const url = `${servers.sites.urlOf(`${SEED}.html`)}?utm_source=twitter&utm_medium=social&fbclid=IwAR0abc`;
    const { popup, tabId } = await openWithPopup(browser, url);

    // English browser: the English edition first (its tab first too), the Korean analysis one tab away.
    const en = popup.getByTestId('edition-en');
    await en.getByRole('heading', { name: seed.editions.en!.title }).waitFor({ timeout: 15_000 });
    expect(await en.locator('.insight').textContent()).toContain(seed.editions.en!.insight!.body[0]);
    expect(await popup.getByRole('tab').allTextContents()).toEqual(['English', '한국어']);
    await popup.getByRole('tab', { name: '한국어' }).click();
    const ko = popup.getByTestId('edition-ko');
    await ko.getByRole('heading', { name: seed.editions.ko!.title }).waitFor();
    expect(await ko.getAttribute('lang')).toBe('ko');
    expect(await ko.locator('.insight').textContent()).toContain(seed.editions.ko!.insight!.title);
    await popup.getByRole('tab', { name: /English/ }).click(); // leave the preference as it was

    const disclaimer = popup.getByTestId('disclaimer');
    expect(await disclaimer.isVisible()).toBe(true);
    expect(await disclaimer.textContent()).toContain(seed.disclaimer.en);
    // Matched by this page's own address: nothing to explain, so no match note.
    expect(await popup.getByTestId('match-note').count()).toBe(0);
    // One meta line: site · localised category · published (older than a month: the date itself).
    expect(await popup.getByTestId('edition-en').getByTestId('story-meta').textContent()).toBe(
      `${seed.source.publisher} · Politics · December 14, 2025`,
    );

    expect(seed.related.length).toBeGreaterThan(0);
    for (const r of seed.related) {
      const link = popup.getByRole('link', { name: r.title, exact: true });
      expect(await link.count()).toBe(1);
      expect(await link.getAttribute('href')).toBe(r.url);
      expect(await link.getAttribute('target')).toBe('_blank');
    }
    const source = popup.getByRole('link', { name: new RegExp(seed.source.publisher) });
    expect(await source.getAttribute('href')).toBe(seed.source.url);

    // The toolbar icon is marked for this tab only: the neutral PRISM mark (not a check), with a title saying what
    // it means.
    expect(await badge(tabId)).toBe('◆');
    const sw = await serviceWorker(browser);
    expect(await sw.evaluate((id) => chrome.action.getTitle({ tabId: id }), tabId)).toBe(
      'PRISM has an analysis of this article',
    );
    expect(await sw.evaluate((id) => chrome.action.getBadgeBackgroundColor({ tabId: id }), tabId)).toEqual([
      0x3c, 0x40, 0x43, 255,
    ]);
    const state = await waitForTabStatus(browser, tabId, ['found']);
    expect(state).toMatchObject({ storyId: SEED, match: { by: 'address', site: 'scmp.com' } });
  });

  it('matches a page by the same-site address it declares (a syndication URL with its own canonical)', async () => {
    const story = await catalogueStory('ustr-china-chip-policy-tariff');
    const page = await browser.ctx.newPage();
    // The Reuters page at another address of its own site: its declared canonical is on the same site.
    await page.goto('http://mobile.reuters.com/article/china-chips-tariffs-idUS2025122301');
    const tabId = await tabIdOf(browser, page.url());
    const state = await waitForTabStatus(browser, tabId, ['found', 'possible', 'none']);
    expect(state).toMatchObject({ status: 'found', storyId: story.id, match: { by: 'declared', site: 'reuters.com' } });
    expect(await badge(tabId)).toBe('◆');
    // Not this page's own address: the popup says what matched, in plain words.
    const popup = await openPopupPage(browser.ctx, browser.extensionId, tabId);
    await popup.getByTestId('match-note').waitFor({ timeout: 15_000 });
    expect(await popup.getByTestId('match-note').textContent()).toBe(
      "PRISM analysed this article: found by the page's original address, on reuters.com.",
    );
  });
});

describe('a stopped service worker', () => {
  it("loses nothing: the popup still shows the tab's story, and new pages are still looked up", async () => {
    const { tabId } = await openWithPopup(browser, servers.sites.urlOf(`${SEED}.html`));
    await waitForTabStatus(browser, tabId, ['found']);
    await stopWorker(browser, true);
    const popup = await openPopupPage(browser.ctx, browser.extensionId, tabId);
    const heading = popup.getByTestId('edition-en').getByRole('heading', { name: seed.editions.en!.title });
    await heading.waitFor({ timeout: 15_000 });

    // The restarted worker reads its key set back from IndexedDB: no new download is needed.
    const other = await browser.ctx.newPage();
    await other.goto(servers.sites.urlOf('russia-strikes-ukraine-energy-grid.html'));
    await waitForTabStatus(browser, await tabIdOf(browser, other.url()), ['found']);
  });
});

describe('popup states', () => {
  it('says a page is not news once it has looked at it, with nothing sent to the API', async () => {
    servers.apiRequests.length = 0;
    const { popup } = await openWithPopup(browser, servers.sites.urlOf('not-news.html'));
    await popup.getByTestId('state-not-news').waitFor({ timeout: 15_000 });
    expect(await popup.getByRole('button', { name: /look it up anyway/i }).count()).toBe(0);
    expect(servers.apiRequests).toEqual([]);
  });

  it('says when a news article has no PRISM analysis yet', async () => {
    const { popup } = await openWithPopup(browser, servers.sites.urlOf('unanalysed-news.html'));
    await popup.getByTestId('state-none').waitFor({ timeout: 15_000 });
    expect(await popup.getByTestId('state-none').textContent()).toContain('City council approves new tram line');
  });

  it('says the catalogue is missing when the API of a new address cannot be reached, and recovers by itself', async () => {
    await setApiBase(browser, 'http://127.0.0.1:9'); // nothing listens on the discard port
    try {
      const { popup } = await openWithPopup(browser, servers.sites.urlOf('trump-greenland-envoy-denmark.html'));
      await popup.getByTestId('state-no-catalogue').waitFor({ timeout: 20_000 });
      expect(await popup.getByRole('button', { name: 'Try again' }).count()).toBe(1);
      // Back to a reachable API: its key set is in use again, and the open popup shows the story with no click.
      await setApiBase(browser, servers.api.url);
      await waitForKeySet(browser);
      await popup.getByTestId('disclaimer').waitFor({ timeout: 15_000 });
    } finally {
      await setApiBase(browser, servers.api.url);
    }
  });

  it('says the server cannot be reached when the API goes away after the key set came, and recovers by itself', async () => {
    const port = servers.api.port;
    await servers.api.close();
    try {
      const { popup } = await openWithPopup(browser, servers.sites.urlOf('belarus-potash-sanctions-relief.html'));
      const down = popup.locator('[data-testid="state-error"][data-fault="unreachable"]');
      await down.waitFor({ timeout: 20_000 });
      expect(await down.getByRole('heading').textContent()).toBe("PRISM's server cannot be reached");
      expect(await popup.getByRole('button', { name: 'Try again' }).count()).toBe(1);
      servers.api = await startStaticServer({
        root: servers.apiDir,
        port,
        cors: true,
        cacheControl: apiCacheControl,
        log: (line) => servers.apiRequests.push(line),
      });
      // No click: the open popup tries again by itself.
      await popup.getByTestId('disclaimer').waitFor({ timeout: 30_000 });
    } finally {
      if (!servers.api.server.listening) {
        servers.api = await startStaticServer({
          root: servers.apiDir,
          port,
          cors: true,
          cacheControl: apiCacheControl,
        });
      }
    }
  });
});
