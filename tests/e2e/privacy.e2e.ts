/**
 * What leaves the browser, recorded by the API server: real pages of ../shared/corpus that PRISM has not analysed
 * cause no request at all (only the key-set download, which is the same for every reader and made before any page
 * is visited); a page PRISM has analysed gets its mark with one shard request and no story request; opening the
 * popup fetches the story and shows it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  SEED,
  catalogueStory,
  corpusSample,
  corpusSites,
  openPopupPage,
  startSuite,
  tabIdOf,
  waitForTabStatus,
  type Suite,
} from '../../tools/harness';

const pages = corpusSample(30);

let suite: Suite;
beforeAll(async () => {
  suite = await startSuite({ extraPages: corpusSites(pages) });
});
afterAll(() => suite?.close());

describe('privacy', () => {
  it(`sends nothing for ${pages.length} real pages PRISM has not analysed`, async () => {
    expect(pages.length).toBe(30);
    const { servers, browser } = suite;
    // Before any page: meta.json, the key set and the event index (same-event matching), the same for every reader.
    const catalogueFiles = /^200 \/v2\/(meta\.json|keyset\/[0-9a-f]{64}\.bin|events\/[0-9a-f]{64}\.bin)$/;
    expect(servers.apiRequests.every((l) => catalogueFiles.test(l))).toBe(true);
    servers.apiRequests.length = 0;
    const tab = await browser.ctx.newPage();
    for (const label of pages) {
      const url = servers.sites.urlOf(`${label.id}.html`);
      await tab.goto(url, { waitUntil: 'load' });
      const state = await waitForTabStatus(browser, await tabIdOf(browser, tab.url()), ['none', 'found', 'possible']);
      expect(state.status, label.id).toBe('none');
    }
    // Nothing that depends on a page: at most a check of the catalogue, the same for every reader (a refresh
    // started with the suite may end during the walk).
    expect(servers.apiRequests.filter((l) => !catalogueFiles.test(l))).toEqual([]);
    expect(servers.apiRequests.length).toBeLessThanOrEqual(3);
  });

  it('marks an analysed page with one shard request and no story request; the popup then fetches the story', async () => {
    const { servers, browser } = suite;
    const seed = await catalogueStory(SEED);
    servers.apiRequests.length = 0;
    const page = await browser.ctx.newPage();
    await page.goto(`${servers.sites.urlOf(`${SEED}.html`)}?utm_source=newsletter&fbclid=x`);
    const tabId = await tabIdOf(browser, page.url());
    await waitForTabStatus(browser, tabId, ['found']);
    await new Promise((r) => setTimeout(r, 500)); // anything late would show now
    expect(servers.apiRequests).toHaveLength(1);
    expect(servers.apiRequests[0]).toMatch(/^200 \/v2\/lookup\/([0-9a-f]{1,5}|all)\.json$/);

    const popup = await openPopupPage(browser.ctx, browser.extensionId, tabId);
    await popup.getByRole('heading', { name: seed.editions.en!.title }).waitFor({ timeout: 15_000 });
    expect(servers.apiRequests.slice(1)).toEqual([`200 /v2/stories/${SEED}.json`]);
    const sent = servers.apiRequests.join(' ');
    expect(sent).not.toContain('utm_source');
    expect(sent).not.toContain('scmp');
  });
});
