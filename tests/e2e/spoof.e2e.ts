/**
 * A page cannot borrow another site's analysis: a page that declares a catalogue story's source address as its
 * canonical (and copies its headline) gets no mark on the icon, and its popup does not present the analysis as
 * this page's: it names the site the analysis is about, and shows it only when the reader asks, labelled.
 * Nor can a page drive the extension: forged navigation events change nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Story } from '../../utils/prism/schema';
import {
  SEED,
  catalogueStory,
  openWithPopup,
  serviceWorker,
  startSuite,
  tabIdOf,
  waitForTabStatus,
  type Suite,
} from '../../tools/harness';

let suite: Suite;
let seed: Story;

beforeAll(async () => {
  seed = await catalogueStory(SEED);
  suite = await startSuite();
});
afterAll(() => suite?.close());

const badge = async (tabId: number) =>
  (await serviceWorker(suite.browser)).evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tabId);

describe.each([
  ['on 127.0.0.1', () => `${suite.fixtures.url}/spoof-canonical.html`, '127.0.0.1'],
  ['on a site of its own', () => suite.servers.sites.urlOf('spoof-canonical.html'), 'evil.example'],
])('a page %s declaring the seed story as its canonical', (_, url, pageSite) => {
  it('gets no badge, and at most a labelled possible match naming scmp.com', async () => {
    const { servers, browser } = suite;
    servers.apiRequests.length = 0;
    const { popup, tabId } = await openWithPopup(browser, url());
    const state = await waitForTabStatus(browser, tabId, ['possible', 'found', 'none']);
    expect(state).toMatchObject({
      status: 'possible',
      storyId: SEED,
      match: { by: 'declared', site: 'scmp.com', pageSite },
    });
    expect(await badge(tabId)).toBe('');

    const possible = popup.getByTestId('state-possible');
    await possible.waitFor({ timeout: 15_000 });
    expect(await possible.textContent()).toContain('scmp.com');
    expect(await possible.textContent()).toContain(pageSite);
    // Nothing of the analysis until the reader asks for it, and the story was not fetched.
    expect(await popup.getByRole('heading', { name: seed.editions.en!.title }).count()).toBe(0);
    expect(servers.apiRequests.filter((l) => l.includes('/stories/'))).toEqual([]);

    await popup.getByRole('button', { name: /Show the analysis of the article on scmp\.com/ }).click();
    await popup.getByRole('heading', { name: seed.editions.en!.title }).waitFor({ timeout: 15_000 });
    expect(await popup.getByTestId('possible-banner').textContent()).toContain('scmp.com');
    expect(await popup.getByTestId('disclaimer').isVisible()).toBe(true);
    expect(await badge(tabId)).toBe('');
  });
});

describe('a page that tries to drive the extension', () => {
  it('cannot make it look up addresses by forging navigation events', async () => {
    const { servers, browser } = suite;
    const page = await browser.ctx.newPage();
    await page.goto(servers.sites.urlOf('unanalysed-news.html'));
    const tabId = await tabIdOf(browser, page.url());
    const before = await waitForTabStatus(browser, tabId, ['none']);
    servers.apiRequests.length = 0;
    await page.evaluate(() => {
      for (let i = 0; i < 50; i++) {
        window.dispatchEvent(new PopStateEvent('popstate'));
        window.dispatchEvent(new Event('wxt:locationchange'));
        (window as unknown as { navigation?: EventTarget }).navigation?.dispatchEvent(new Event('navigatesuccess'));
      }
    });
    await new Promise((r) => setTimeout(r, 1500));
    const after = await waitForTabStatus(browser, tabId, ['none']);
    expect(after.seq).toBe(before.seq); // not looked up again
    expect(servers.apiRequests).toEqual([]);
  });

  it('sees no trace of the extension on the page', async () => {
    const { servers, browser } = suite;
    const page = await browser.ctx.newPage();
    const messages: unknown[] = [];
    await page.addInitScript(() => {
      (window as unknown as { __seen: unknown[] }).__seen = [];
      window.addEventListener('message', (e) => (window as unknown as { __seen: unknown[] }).__seen.push(e.data));
    });
    await page.goto(servers.sites.urlOf(`${SEED}.html`));
    await waitForTabStatus(browser, await tabIdOf(browser, page.url()), ['found']);
    messages.push(...(await page.evaluate(() => (window as unknown as { __seen: unknown[] }).__seen)));
    expect(messages).toEqual([]);
    const attrs = await page.evaluate(() =>
      [...document.querySelectorAll('*')]
        .flatMap((el) => [...el.attributes].map((a) => a.name))
        .filter((n) => /prism|wxt/i.test(n)),
    );
    expect(attrs).toEqual([]);
  });
});
