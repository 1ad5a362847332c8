/**
 * The whole path in real Chromium: a news page (its address carrying tracking parameters) → content script →
 * background lookup by hash prefix → the popup showing the PRISM story; and the states around it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Story } from '../../utils/prism/schema';
import {
  SEED,
  catalogueStory,
  openPopupPage,
  openWithPopup,
  serviceWorker,
  setApiBase,
  startSuite,
  tabIdOf,
  waitForTabStatus,
  waitUntil,
  type Suite,
} from './harness';

let suite: Suite;
let servers: Suite['servers'];
let fixtures: Suite['fixtures'];
let browser: Suite['browser'];
let seed: Story;

beforeAll(async () => {
  seed = await catalogueStory(SEED);
  suite = await startSuite();
  ({ servers, fixtures, browser } = suite);
});
afterAll(() => suite?.close());

describe('popup on a news page that PRISM has analysed', () => {
  it('shows both editions, the insight, the disclaimer, related articles and the source', async () => {
    const url = `${servers.pages.url}/${SEED}.html?utm_source=twitter&utm_medium=social&fbclid=IwAR0abc`;
    const { popup, tabId } = await openWithPopup(browser, url);

    // English browser: the English edition first, the Korean analysis one tab away.
    const en = popup.getByTestId('edition-en');
    await en.getByRole('heading', { name: seed.editions.en!.title }).waitFor({ timeout: 15_000 });
    expect(await en.locator('.insight').textContent()).toContain(seed.editions.en!.insight!.body[0]);
    await popup.getByRole('tab', { name: /Korean/ }).click();
    const ko = popup.getByTestId('edition-ko');
    await ko.getByRole('heading', { name: seed.editions.ko!.title }).waitFor();
    expect(await ko.getAttribute('lang')).toBe('ko');
    expect(await ko.locator('.insight').textContent()).toContain(seed.editions.ko!.insight!.title);
    await popup.getByRole('tab', { name: /English/ }).click(); // leave the preference as it was

    const disclaimer = popup.getByTestId('disclaimer');
    expect(await disclaimer.isVisible()).toBe(true);
    expect(await disclaimer.textContent()).toContain(seed.disclaimer.en);

    expect(seed.related.length).toBeGreaterThan(0);
    for (const r of seed.related) {
      const link = popup.getByRole('link', { name: r.title, exact: true });
      expect(await link.count()).toBe(1);
      expect(await link.getAttribute('href')).toBe(r.url);
      expect(await link.getAttribute('target')).toBe('_blank');
    }
    const source = popup.getByRole('link', { name: new RegExp(seed.source.publisher) });
    expect(await source.getAttribute('href')).toBe(seed.source.url);

    // The toolbar icon is marked for this tab only.
    const sw = await serviceWorker(browser);
    expect(await sw.evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tabId)).toBe('✓');
    const state = await waitForTabStatus(browser, tabId, ['found']);
    expect(state).toMatchObject({ storyId: SEED, matchedBy: 'url' });
  });

  it('never sends the page address or title to the API, only 5-hex-digit prefixes', async () => {
    servers.apiRequests.length = 0;
    const story = await catalogueStory('ustr-china-chip-policy-tariff');
    const url = `${servers.pages.url}/${story.id}.html?utm_campaign=x`;
    const { popup, tabId } = await openWithPopup(browser, url);
    await waitForTabStatus(browser, tabId, ['found']);
    await popup.getByTestId('disclaimer').waitFor();
    expect(servers.apiRequests.length).toBeGreaterThan(0);
    for (const line of servers.apiRequests) {
      const path = line.split(' ')[1]!;
      expect(path).toMatch(/^\/v1\/(lookup\/[0-9a-f]{5}|stories\/[a-z0-9-]+)\.json$/);
    }
    const sent = servers.apiRequests.join(' ');
    expect(sent).not.toContain('utm_campaign');
    expect(sent).not.toContain(new URL(story.source.url).pathname);
    expect(sent).toContain(`/v1/stories/${story.id}.json`);
  });
});

describe('a stopped service worker', () => {
  it('loses nothing: the popup still shows the tab\'s story, and new pages are still looked up', async () => {
    const { page, tabId } = await openWithPopup(browser, `${servers.pages.url}/${SEED}.html`);
    await waitForTabStatus(browser, tabId, ['found']);
    const cdp = await browser.ctx.newCDPSession(page);
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    await waitUntil(async () => browser.ctx.serviceWorkers().length, (n) => n === 0, 'the worker to stop', 5_000).catch(
      () => undefined, // Playwright may keep the handle; the popup below is what matters
    );
    const popup = await openPopupPage(browser.ctx, browser.extensionId, tabId);
    await popup.getByTestId('edition-en').getByRole('heading', { name: seed.editions.en!.title }).waitFor({ timeout: 15_000 });

    const other = await browser.ctx.newPage();
    await other.goto(`${servers.pages.url}/russia-strikes-ukraine-energy-grid.html`);
    await waitForTabStatus(browser, await tabIdOf(browser, other.url()), ['found']);
  });
});

describe('popup states', () => {
  it('says a page is not news, and offers to look it up anyway', async () => {
    const { popup, tabId } = await openWithPopup(browser, `${servers.pages.url}/not-news.html`);
    await popup.getByTestId('state-not-news').waitFor({ timeout: 15_000 });
    await popup.getByRole('button', { name: 'Look it up anyway' }).click();
    await waitForTabStatus(browser, tabId, ['none']);
    await popup.getByTestId('state-none').waitFor();
  });

  it('says when a news article has no PRISM analysis yet', async () => {
    const { popup } = await openWithPopup(browser, `${fixtures.url}/unanalysed-news.html`);
    await popup.getByTestId('state-none').waitFor({ timeout: 15_000 });
    expect(await popup.getByTestId('state-none').textContent()).toContain('City council approves new tram line');
  });

  it('shows an error with a retry when the API is unreachable', async () => {
    await setApiBase(browser, 'http://127.0.0.1:9'); // nothing listens on the discard port
    try {
      const { popup } = await openWithPopup(browser, `${servers.pages.url}/trump-greenland-envoy-denmark.html`);
      await popup.getByTestId('state-offline').waitFor({ timeout: 20_000 });
      await setApiBase(browser, servers.api.url);
      await popup.getByRole('button', { name: 'Try again' }).click();
      await popup.getByTestId('disclaimer').waitFor({ timeout: 15_000 });
    } finally {
      await setApiBase(browser, servers.api.url);
    }
  });
});
