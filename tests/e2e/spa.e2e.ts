/**
 * Pages that change under the content script: a single-page app on www.scmp.com that navigates with pushState
 * (to its own story, to another site's story it only links to, and back), and an article whose head arrives after
 * the page loaded. The tab's state, the badge and an open popup follow.
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
} from '../../tools/harness';

const story = catalogueStory;
let suite: Suite;
let servers: Suite['servers'];
let browser: Suite['browser'];

beforeAll(async () => {
  suite = await startSuite();
  ({ servers, browser } = suite);
});
afterAll(() => suite?.close());

async function badge(tabId: number) {
  const sw = await serviceWorker(browser);
  return sw.evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tabId);
}

describe('single-page navigation', () => {
  it('detects again when the URL changes without a reload; the state, the badge and the popup follow', async () => {
    const [a, b] = await Promise.all([
      story('belarus-courts-us-pivot-from-moscow'),
      story('ustr-china-chip-policy-tariff'),
    ]);
    const page = await browser.ctx.newPage();
    await page.goto(`${servers.sites.urlOf('spa-news.html')}home`);
    const tabId = await tabIdOf(browser, page.url());
    await waitForTabStatus(browser, tabId, ['none']);
    const popup = await openPopupPage(browser.ctx, browser.extensionId, tabId);
    await popup.getByTestId('state-not-news').waitFor({ timeout: 10_000 }); // examined when the popup opened

    await page.getByRole('navigation').getByRole('link', { name: 'Belarus' }).click();
    expect(page.url()).toMatch(/\/spa\/story-a$/);
    expect(await waitForTabStatus(browser, tabId, ['found'], 15_000)).toMatchObject({ storyId: a.id });
    await waitUntil(
      () => badge(tabId),
      (t) => t === '◆',
      'the badge',
    );
    // The popup that was already open shows the story, without being reopened.
    await popup.getByRole('heading', { name: a.editions.en!.title }).waitFor({ timeout: 10_000 });

    // The second view declares a Reuters article as its canonical address: another site's, so at most a possible
    // match, named as such, and no mark on the icon.
    await page.getByRole('navigation').getByRole('link', { name: 'Chips' }).click();
    await waitUntil(
      async () => (await waitForTabStatus(browser, tabId, ['possible', 'found'], 15_000)).storyId,
      (id) => id === b.id,
      'the second story',
      15_000,
    );
    expect(await waitForTabStatus(browser, tabId, ['possible'])).toMatchObject({ match: { site: 'reuters.com' } });
    await waitUntil(
      () => badge(tabId),
      (t) => t === '',
      'the badge to clear',
    );
    await popup.getByTestId('state-possible').waitFor({ timeout: 10_000 });
    expect(await popup.getByTestId('state-possible').textContent()).toContain('reuters.com');
    expect(await popup.getByRole('heading', { name: b.editions.en!.title }).count()).toBe(0);

    await page.goBack(); // popstate: back to story A
    await popup.getByRole('heading', { name: a.editions.en!.title }).waitFor({ timeout: 15_000 });

    await page.getByRole('navigation').getByRole('link', { name: 'Home' }).click();
    await waitForTabStatus(browser, tabId, ['none', 'not-news'], 15_000);
    await waitUntil(
      () => badge(tabId),
      (t) => t === '',
      'the badge to clear',
    );
    await popup.getByTestId('state-not-news').waitFor({ timeout: 10_000 });
  });
});

describe('a story rendered after load', () => {
  it('is found once its markup appears', async () => {
    const russia = await story('russia-strikes-ukraine-energy-grid');
    const page = await browser.ctx.newPage();
    await page.goto(servers.sites.urlOf('late-article.html'));
    const tabId = await tabIdOf(browser, page.url());
    expect((await waitForTabStatus(browser, tabId, ['none', 'found'])).status).toBe('none');
    expect(await waitForTabStatus(browser, tabId, ['found'], 15_000)).toMatchObject({ storyId: russia.id });
    expect(await badge(tabId)).toBe('◆');
  });
});

describe('a tab that moves to a page the extension cannot see', () => {
  it("drops the previous page's mark and answer", async () => {
    const page = await browser.ctx.newPage();
    await page.goto(servers.sites.urlOf('belarus-courts-us-pivot-from-moscow.html'));
    const tabId = await tabIdOf(browser, page.url());
    await waitForTabStatus(browser, tabId, ['found']);
    await waitUntil(
      () => badge(tabId),
      (t) => t === '◆',
      'the badge',
    );
    await page.goto('about:blank');
    await waitForTabStatus(browser, tabId, ['unknown'], 10_000);
    expect(await badge(tabId)).toBe('');
  });
});
