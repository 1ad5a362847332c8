/**
 * Link marks (issue 21) in real Chromium: real listing pages of the labelled corpus, each served at its own address,
 * with a catalogue whose stories are articles those pages link to. Exactly the links to analysed articles get a
 * mark, beside the link, named for PRISM, while the API receives nothing; a trusted click opens that story's
 * analysis (and only then is anything fetched); pages where marks do not run, or with no analysed link, are left
 * exactly as they are without the extension; a Google-style results page gets marks through its redirect links, and
 * turning marks off for the site removes them at once and after a reload.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { launchWithExtension, type ExtensionBrowser } from '../../tools/browsers/chromium';
import { corpusLabels, readCorpusPage, type CorpusLabel } from '../../tools/corpus/corpus';
import {
  articleLinksOf,
  clickMark,
  pageLinks,
  readMarks,
  scrollThrough,
  searchPage,
  storyFor,
} from '../../tools/browsers/link-marks-cdp';
import { canonical, domTree } from '../../tools/browsers/overlay-cdp';
import { stripPageScripts } from '../../tools/corpus/strip-scripts';
import { writeStories } from '../unit/support/publish-fixtures';
import { linkCanonical } from '../../utils/link-marks/link-url';
import { toCanonicalUrl } from '../../utils/url/canonical';
import {
  attachSidePanel,
  corpusSites,
  openPopupPage,
  tabIdOf,
  launchBrowser,
  serviceWorker,
  setApiBase,
  siteArgs,
  startServers,
  waitForKeySet,
  waitUntil,
  type Browser,
  type Servers,
} from '../../tools/harness';

/** Listing pages (home and section fronts) of news sites in the corpus, each with links to its articles. */
const LISTING_IDS = [
  'metascraper-logo-favicon--theverge',
  'newspaper4k-cnn_main_site',
  'readability-nytimes-5',
  'metascraper-uol--folha',
];
/** A listing page on a site of the catalogue none of whose links is analysed (a story of its site it does not link). */
const NO_ANALYSED_LINK_ID = 'htmldate-austria.info';
/** A listing page on a site that is neither the catalogue's nor an engine's: marks do not run there. */
const MARKS_OFF_ID = 'htmldate-deutschland.de.en';

const labelOf = (id: string): CorpusLabel => {
  const label = corpusLabels().find((l) => l.id === id);
  if (!label?.url) throw new Error(`corpus page ${id} is missing or has no address`);
  return label;
};
const htmlOf = (id: string) => stripPageScripts(readCorpusPage(id).text);

const SEARCH_URL = 'http://www.google.com/search';
let servers: Servers;
let browser: Browser;
let catalogueDir: string;
/** Canonical URLs of the catalogue's articles, per listing page. */
const analysed = new Map<string, string[]>();
const allAnalysed = new Set<string>();

beforeAll(async () => {
  catalogueDir = await mkdtemp(join(tmpdir(), 'link-marks-catalogue-'));
  const stories = [];
  let n = 0;
  for (const id of LISTING_IDS) {
    const label = labelOf(id);
    const links = articleLinksOf(htmlOf(id), label.url!, 4);
    expect(links.length, id).toBeGreaterThanOrEqual(3);
    analysed.set(id, links);
    for (const url of links) {
      allAnalysed.add(url);
      stories.push(storyFor(url, n++));
    }
  }
  // A story of austria.info that its home page does not link to: marks run there, and find nothing.
  stories.push(storyFor('https://www.austria.info/en/a-story-the-home-page-does-not-link', n++));
  await writeStories(catalogueDir, stories);
  const theVerge = analysed.get(LISTING_IDS[0]!)![0]!;
  const pages = corpusSites([...LISTING_IDS, NO_ANALYSED_LINK_ID, MARKS_OFF_ID].map(labelOf));
  pages.push({
    file: 'google-search.html',
    url: SEARCH_URL,
    prefix: false,
    dir: '',
    body: () => searchPage(theVerge, 'https://www.example-news.com/world/2025/12/01/not-analysed'),
  });
  servers = await startServers(catalogueDir, undefined, pages);
  browser = await launchBrowser({ args: siteArgs(servers.sites) });
  await setApiBase(browser, servers.api.url);
  await waitForKeySet(browser);
  // The catalogue's sites (meta.json `sites`) are kept with the key set.
  const sw = await serviceWorker(browser);
  await waitUntil(
    () => sw.evaluate(async () => JSON.stringify((await chrome.storage.local.get('catalogueSites')).catalogueSites)),
    (v) => (v ?? '').includes('theverge.com'),
    'the catalogue sites',
  );
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await servers?.close();
  await rm(catalogueDir, { recursive: true, force: true });
});

const urlOf = (id: string) => servers.sites.urlOf(`${id}.html`);

/** The indexes of the page's rendered links whose target is an analysed article (what must be marked). */
async function expectedIndexes(page: Page): Promise<number[]> {
  const own = toCanonicalUrl(page.url());
  return (await pageLinks(page)).flatMap((l, i) => {
    const c = linkCanonical(l.href, own);
    return l.rendered && c !== null && allAnalysed.has(c) ? [i] : [];
  });
}

async function marksSettled(page: Page, want: number) {
  return waitUntil(
    () => readMarks(page),
    (m) => m.length >= want,
    `${want} marks on ${page.url()}`,
  );
}

describe('link marks on real listing pages', () => {
  it('marks exactly the links to analysed articles, beside them, named for PRISM, sending nothing', async () => {
    for (const id of LISTING_IDS) {
      const page = await browser.ctx.newPage();
      servers.apiRequests.length = 0;
      await page.goto(urlOf(id), { waitUntil: 'load' });
      await scrollThrough(page);
      const want = await expectedIndexes(page);
      expect(want.length, `${id}: analysed links rendered on the page`).toBeGreaterThan(0);
      const marks = await marksSettled(page, want.length);
      await new Promise((r) => setTimeout(r, 500)); // no late extra mark
      const again = await readMarks(page);
      expect(again.length, id).toBe(marks.length);
      expect(
        again.map((m) => m.index).sort((a, b) => a - b),
        id,
      ).toEqual(want);
      for (const m of again) {
        expect(m.name, id).toBe('PRISM analysis');
        expect(m.distance, `${id}: mark of ${m.href} is beside its link`).toBeLessThanOrEqual(6);
        expect(m.box.width, id).toBeGreaterThanOrEqual(16);
      }
      // One mark per link element, and no request to the API while marking.
      expect(new Set(again.map((m) => m.index)).size, id).toBe(again.length);
      expect(servers.apiRequests, id).toEqual([]);
      await page.close();
    }
  }, 180_000);

  it("opens that story's analysis on a trusted click, and only then fetches", async () => {
    const id = LISTING_IDS[0]!;
    const page = await browser.ctx.newPage();
    await page.goto(urlOf(id), { waitUntil: 'load' });
    const [mark] = await marksSettled(page, 1);
    await page.evaluate((y) => window.scrollTo(0, y - 200), mark!.box.y + (await page.evaluate(() => window.scrollY)));
    const [visible] = await marksSettled(page, 1);
    // Nothing was sent while the page was marked and scrolled; what follows is the reader's click.
    servers.apiRequests.length = 0;
    const canonicalUrl = linkCanonical(visible!.href!, null)!;
    const n = [...allAnalysed].indexOf(canonicalUrl);
    await clickMark(page, visible!);
    const panel = await attachSidePanel(browser);
    await waitUntil(
      () => panel.text(),
      (t) => t.includes(`Analysis of linked article ${n}`),
      'the analysis in the panel',
    );
    expect(servers.apiRequests.some((r) => /\/v2\/lookup\//.test(r))).toBe(true);
    expect(servers.apiRequests.some((r) => r.includes(`/v2/stories/linked-${n}.json`))).toBe(true);
    // Once known, the mark is named for its headline.
    await waitUntil(
      () => readMarks(page),
      (m) => m.some((x) => x.name === `PRISM analysis: Analysis of linked article ${n}`),
      'the mark named for its story',
    );
    await panel.detach();
    await page.close();
  }, 60_000);

  it('leaves a page where marks are off, and a page with no analysed link, exactly as without the extension', async () => {
    const plain: ExtensionBrowser = await launchWithExtension({ extensionDir: null, args: siteArgs(servers.sites) });
    try {
      for (const id of [MARKS_OFF_ID, NO_ANALYSED_LINK_ID]) {
        const withExt = await browser.ctx.newPage();
        const without = await plain.ctx.newPage();
        await withExt.goto(urlOf(id), { waitUntil: 'load' });
        await without.goto(urlOf(id), { waitUntil: 'load' });
        await scrollThrough(withExt);
        await scrollThrough(without);
        await new Promise((r) => setTimeout(r, 800));
        const [a, b] = await Promise.all([domTree(withExt), domTree(without)]);
        expect(JSON.stringify(canonical(a)), id).toBe(JSON.stringify(canonical(b)));
        await withExt.close();
        await without.close();
      }
    } finally {
      await plain.close();
    }
  }, 90_000);
});

describe('link marks on a search results page', () => {
  it('marks redirect links to analysed articles; off for this site removes them at once and after a reload', async () => {
    const page = await browser.ctx.newPage();
    servers.apiRequests.length = 0;
    await page.goto(`${SEARCH_URL}?q=belarus`, { waitUntil: 'load' });
    const marks = await marksSettled(page, 2);
    await new Promise((r) => setTimeout(r, 300));
    expect((await readMarks(page)).map((m) => m.index)).toEqual([0, 2]); // the redirect and the direct link
    expect(marks.every((m) => m.name === 'PRISM analysis' && m.distance <= 6)).toBe(true);
    expect(servers.apiRequests).toEqual([]);

    // The reader turns marks off for this site in the popup: they go at once, and stay off after a reload.
    const tabId = await tabIdOf(browser, page.url());
    const popup = await openPopupPage(browser.ctx, browser.extensionId, tabId);
    const control = () => popup.getByLabel('Marks on google.com');
    await waitUntil(
      () => control().inputValue(),
      (v) => v === 'default',
      'the popup control',
    );
    await control().selectOption('off');
    await waitUntil(
      () => readMarks(page),
      (m) => m.length === 0,
      'the marks to go',
      2000,
    );
    await page.reload({ waitUntil: 'load' });
    await new Promise((r) => setTimeout(r, 1000));
    expect(await readMarks(page)).toEqual([]);
    expect(await control().inputValue()).toBe('off');

    // Back to the default: the marks return without a reload.
    await control().selectOption('default');
    await marksSettled(page, 2);
    await popup.close();
    await page.close();
  }, 60_000);
});
