/**
 * Detection as pages change under the content script: a single-page app that navigates with pushState, and an
 * article rendered after the page loaded. The tab's state, the badge and an open popup follow.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  catalogueStory,
  openPopupPage,
  serviceWorker,
  startSuite,
  tabIdOf,
  waitForTabStatus,
  waitUntil,
  type Suite,
} from './harness';

const story = catalogueStory;
let suite: Suite;
let servers: Suite['servers'];
let fixtures: Suite['fixtures'];
let browser: Suite['browser'];

beforeAll(async () => {
  suite = await startSuite();
  ({ servers, fixtures, browser } = suite);
});
afterAll(() => suite?.close());

async function badge(tabId: number) {
  const sw = await serviceWorker(browser);
  return sw.evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tabId);
}

describe('single-page navigation', () => {
  it('detects again when the URL changes without a reload; the state, the badge and the popup follow', async () => {
    const [a, b] = await Promise.all([story('belarus-courts-us-pivot-from-moscow'), story('ustr-china-chip-policy-tariff')]);
    const page = await browser.ctx.newPage();
    await page.goto(`${fixtures.url}/spa-news.html`);
    const tabId = await tabIdOf(browser, page.url());
    await waitForTabStatus(browser, tabId, ['not-news']);
    const popup = await openPopupPage(browser.ctx, browser.extensionId, tabId);
    await popup.getByTestId('state-not-news').waitFor({ timeout: 10_000 });

    await page.getByRole('navigation').getByRole('link', { name: 'Belarus' }).click();
    expect(page.url()).toMatch(/\/spa\/story-a$/);
    expect(await waitForTabStatus(browser, tabId, ['found'], 15_000)).toMatchObject({ storyId: a.id });
    await waitUntil(() => badge(tabId), (t) => t === '✓', 'the badge');
    // The popup that was already open shows the story, without being reopened.
    await popup.getByRole('heading', { name: a.editions.en!.title }).waitFor({ timeout: 10_000 });

    await page.getByRole('navigation').getByRole('link', { name: 'Chips' }).click();
    await waitUntil(
      async () => (await waitForTabStatus(browser, tabId, ['found'], 15_000)).storyId,
      (id) => id === b.id,
      'the second story',
      15_000,
    );
    await popup.getByRole('heading', { name: b.editions.en!.title }).waitFor({ timeout: 10_000 });

    await page.goBack(); // popstate: back to story A
    await popup.getByRole('heading', { name: a.editions.en!.title }).waitFor({ timeout: 15_000 });

    await page.getByRole('navigation').getByRole('link', { name: 'Home' }).click();
    await waitForTabStatus(browser, tabId, ['not-news'], 15_000);
    await waitUntil(() => badge(tabId), (t) => t === '', 'the badge to clear');
    await popup.getByTestId('state-not-news').waitFor({ timeout: 10_000 });
  });
});

describe('a story rendered after load', () => {
  it('is found once its markup appears', async () => {
    const russia = await story('russia-strikes-ukraine-energy-grid');
    const page = await browser.ctx.newPage();
    await page.goto(`${fixtures.url}/late-article.html`);
    const tabId = await tabIdOf(browser, page.url());
    expect((await waitForTabStatus(browser, tabId, ['not-news', 'found'])).status).toBe('not-news');
    expect(await waitForTabStatus(browser, tabId, ['found'], 15_000)).toMatchObject({ storyId: russia.id });
    expect(await badge(tabId)).toBe('✓');
  });
});

describe('a tab that moves to a page the extension cannot see', () => {
  it('drops the previous page\'s mark and answer', async () => {
    const page = await browser.ctx.newPage();
    await page.goto(`${servers.pages.url}/belarus-courts-us-pivot-from-moscow.html`);
    const tabId = await tabIdOf(browser, page.url());
    await waitForTabStatus(browser, tabId, ['found']);
    await waitUntil(() => badge(tabId), (t) => t === '✓', 'the badge');
    await page.goto('about:blank');
    await waitForTabStatus(browser, tabId, ['unknown'], 10_000);
    expect(await badge(tabId)).toBe('');
  });
});
