/**
 * Same-event matching in real Chromium (issue 23): the sample catalogue published as of today (so that its stories
 * are inside the event index's 30-day window), pages of other outlets on their own hosts. A page whose headline
 * reports a catalogue story's event is matched on the device with no request; the popup, when it opens, fetches the
 * analysis and labels it with the analysed article's site and headline. A page about another event matches nothing;
 * an exact match still wins.
 */
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Story } from '../../utils/prism/schema';
import type { NewsSite } from '../../tools/servers/news-sites';
import { overlayHost } from '../../tools/browsers/overlay-cdp';
import {
  attachSidePanel,
  catalogueStory,
  launchBrowser,
  openPopupPage,
  ROOT,
  serviceWorker,
  setApiBase,
  siteArgs,
  startServers,
  tabIdOf,
  waitForKeySet,
  waitForTabStatus,
  waitUntil,
  type Browser,
  type Servers,
} from '../../tools/harness';

const GRID = 'russia-strikes-ukraine-energy-grid';
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const AXE_RUN = `axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => ({ id: v.id, nodes: v.nodes.map((n) => n.target) })))`;

/** A minimal article page of another outlet: its headline in og:title and <title>. */
const article = (headline: string, outlet: string) => `<!doctype html><html lang="en"><head>
<meta charset="utf-8"><title>${headline} - ${outlet}</title>
<meta property="og:title" content="${headline}"><meta property="og:type" content="article">
<meta property="og:site_name" content="${outlet}"></head>
<body><article><h1>${headline}</h1><p>${'Reporting from the scene. '.repeat(40)}</p></article></body></html>`;

const PAGES: NewsSite[] = [
  {
    file: 'bbc-grid.html',
    url: 'http://www.bbc.co.uk/news/articles/ukraine-power-cuts',
    prefix: false,
    dir: '',
    body: () =>
      article('Russian missiles and drones knock out power across Ukraine in massive overnight attack', 'BBC'),
  },
  {
    file: 'bbc-quake.html',
    url: 'http://www.bbc.co.uk/news/articles/japan-earthquake',
    prefix: false,
    dir: '',
    body: () => article('Strong earthquake shakes northern Japan, tsunami warning lifted', 'BBC'),
  },
];

let catalogueDir: string;
let servers: Servers;
let browser: Browser;
let grid: Story;

/** The event index the extension keeps beside the key set (keyset-sync.ts), once it is stored. */
const storedEvents = async () =>
  (await serviceWorker(browser)).evaluate(
    () =>
      new Promise<string | null>((resolve) => {
        const open = indexedDB.open('prism-lens');
        open.onsuccess = () => {
          const get = open.result.transaction('keysets').objectStore('keysets').getAll();
          get.onsuccess = () =>
            resolve((get.result as { events?: { ref: { sha256: string } } }[])[0]?.events?.ref.sha256 ?? null);
          get.onerror = () => resolve(null);
        };
        open.onerror = () => resolve(null);
      }),
  );

beforeAll(async () => {
  // The sample catalogue, published today: the event index holds the stories of the last 30 days.
  catalogueDir = await mkdtemp(join(tmpdir(), 'prism-catalogue-'));
  await cp(join(ROOT, 'data/catalogue'), catalogueDir, { recursive: true });
  const today = new Date().toISOString();
  for (const name of await readdir(catalogueDir)) {
    if (!name.endsWith('.json')) continue;
    const story = JSON.parse(await readFile(join(catalogueDir, name), 'utf8')) as Story;
    await writeFile(join(catalogueDir, name), JSON.stringify({ ...story, publishedAt: today }, null, 2));
  }
  grid = await catalogueStory(GRID);
  servers = await startServers(catalogueDir, undefined, PAGES);
  browser = await launchBrowser({ args: siteArgs(servers.sites) });
  await setApiBase(browser, servers.api.url);
  await waitForKeySet(browser);
  const meta = JSON.parse(await readFile(join(servers.apiDir, 'v2/meta.json'), 'utf8')) as {
    events: { sha256: string };
  };
  await waitUntil(storedEvents, (sha) => sha === meta.events.sha256, 'the event index to be stored', 15_000);
});
afterAll(async () => {
  await browser?.close();
  await servers?.close();
  if (catalogueDir) await rm(catalogueDir, { recursive: true, force: true });
});

const badge = async (tabId: number) =>
  (await serviceWorker(browser)).evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tabId);

describe('a page of another outlet about an event PRISM analysed', () => {
  it('is matched with no request; the popup then shows the analysis labelled with the analysed site', async () => {
    servers.apiRequests.length = 0;
    const page = await browser.ctx.newPage();
    await page.goto(servers.sites.urlOf('bbc-grid.html'));
    const tabId = await tabIdOf(browser, page.url());
    const state = await waitForTabStatus(browser, tabId, ['same-event', 'none', 'found', 'possible']);
    expect(state).toMatchObject({ status: 'same-event', storyId: GRID, event: { site: 'apnews.com' } });
    // Matching sent nothing, and it is never the exact mark.
    await new Promise((r) => setTimeout(r, 500));
    expect(servers.apiRequests).toEqual([]);
    expect(await badge(tabId)).toBe('');
    // The pill (the on-page overlay) is never mounted for a same-event match, nor asked for.
    expect(await overlayHost(page)).toBeNull();
    const sw = await serviceWorker(browser);
    expect(
      await sw.evaluate(async (key) => (await chrome.storage.session.get(key))[key] ?? null, `overlay:${tabId}`),
    ).toBeNull();

    // Opening the popup fetches the analysis, as for any match, and labels it.
    const popup = await openPopupPage(browser.ctx, browser.extensionId, tabId);
    const note = popup.getByTestId('same-event-note');
    await note.waitFor({ timeout: 15_000 });
    expect(await note.textContent()).toContain('PRISM analysed this story from apnews.com');
    expect(await note.textContent()).toContain(grid.source.title);
    await popup.getByTestId('edition-en').getByRole('heading', { name: grid.editions.en!.title }).waitFor();
    expect(servers.apiRequests).toEqual([expect.stringMatching(new RegExp(`^200 /v2/stories/${GRID}\\.json`))]);
    await popup.screenshot({ path: join(tmpdir(), 'same-event-popup.png') });

    // Saved from here, the library keeps the distinction: it names the analysed article's site.
    const save = popup.getByTestId('save-button');
    await waitUntil(() => save.isEnabled(), Boolean, 'the save button');
    await save.click();
    const library = await browser.ctx.newPage();
    await library.goto(`chrome-extension://${browser.extensionId}/library.html`);
    await library.getByTestId('library-row').first().click();
    const kept = library.getByTestId('same-event-saved');
    await kept.waitFor({ timeout: 10_000 });
    expect(await kept.textContent()).toContain('apnews.com');
    await Promise.all([library.close(), popup.close(), page.close()]);
  });

  it('the side panel says the same, and both views are axe clean light and dark', async () => {
    const page = await browser.ctx.newPage();
    await page.goto(servers.sites.urlOf('bbc-grid.html'));
    const tabId = await tabIdOf(browser, page.url());
    await waitForTabStatus(browser, tabId, ['same-event']);
    const popup = await openPopupPage(browser.ctx, browser.extensionId, tabId);
    await popup.getByTestId('same-event-note').waitFor({ timeout: 15_000 });
    await popup.evaluate(await readFile(AXE, 'utf8'));
    for (const scheme of ['light', 'dark'] as const) {
      await popup.emulateMedia({ colorScheme: scheme });
      expect(await popup.evaluate(AXE_RUN), `popup, ${scheme}`).toEqual([]);
    }
    await popup.getByTestId('open-side-panel').click();
    const panel = await attachSidePanel(browser);
    try {
      await page.bringToFront();
      await waitUntil(
        () => panel.text(),
        (t) => t.includes('PRISM analysed this story from apnews.com') && t.includes(grid.editions.en!.title),
        'the same-event note and the analysis in the side panel',
      );
      await panel.evaluate(await readFile(AXE, 'utf8'));
      for (const scheme of ['light', 'dark'] as const) {
        await panel.emulateColorScheme(scheme);
        expect(await panel.evaluate(AXE_RUN), `side panel, ${scheme}`).toEqual([]);
      }
    } finally {
      await panel.detach();
      await page.close();
    }
  });

  it('gets a quiet ◇ toolbar mark only once the reader turns it on in the options, never the exact ◆', async () => {
    const options = await browser.ctx.newPage();
    await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
    const box = options.getByRole('checkbox', { name: /Mark the toolbar icon when PRISM analysed the same event/ });
    expect(await box.isChecked()).toBe(false); // off by default
    await box.check();
    const page = await browser.ctx.newPage();
    await page.goto(servers.sites.urlOf('bbc-grid.html'));
    const tabId = await tabIdOf(browser, page.url());
    await waitForTabStatus(browser, tabId, ['same-event']);
    await waitUntil(
      () => badge(tabId),
      (b) => b === '◇',
      'the same-event mark',
    );
    await box.uncheck();
    await Promise.all([options.close(), page.close()]);
  });

  it('a page about another event matches nothing, and sends nothing', async () => {
    servers.apiRequests.length = 0;
    const page = await browser.ctx.newPage();
    await page.goto(servers.sites.urlOf('bbc-quake.html'));
    const tabId = await tabIdOf(browser, page.url());
    // "none", or "not-news" once the open side panel (the test before) has had the detector examine it.
    const state = await waitForTabStatus(browser, tabId, ['same-event', 'none', 'not-news', 'found', 'possible']);
    expect(['none', 'not-news']).toContain(state.status);
    expect(state.storyId).toBeUndefined();
    await new Promise((r) => setTimeout(r, 500));
    expect(servers.apiRequests).toEqual([]);
  });

  it('the analysed article itself is an exact match: "found", marked, never "same-event"', async () => {
    const page = await browser.ctx.newPage();
    await page.goto(servers.sites.urlOf(`${GRID}.html`));
    const tabId = await tabIdOf(browser, page.url());
    expect(await waitForTabStatus(browser, tabId, ['same-event', 'none', 'found', 'possible'])).toMatchObject({
      status: 'found',
      storyId: GRID,
    });
    expect(await badge(tabId)).toBe('◆');
  });

  it('says the same in Korean, for a Korean browser (light and dark)', async () => {
    const ko = await launchBrowser({ locale: 'ko-KR', colorScheme: 'dark', args: siteArgs(servers.sites) });
    try {
      await setApiBase(ko, servers.api.url);
      await waitForKeySet(ko);
      const page = await ko.ctx.newPage();
      await page.goto(servers.sites.urlOf('bbc-grid.html'));
      const tabId = await tabIdOf(ko, page.url());
      // The event index may still be on its way just after the key set: the page is reported again until it is in.
      await waitUntil(
        async () => {
          const s = await waitForTabStatus(ko, tabId, ['same-event', 'none']);
          if (s.status === 'none') await page.reload();
          return s.status;
        },
        (status) => status === 'same-event',
        'the same-event match in the Korean browser',
        20_000,
      );
      const popup = await openPopupPage(ko.ctx, ko.extensionId, tabId);
      const note = popup.getByTestId('same-event-note');
      await note.waitFor({ timeout: 15_000 });
      expect(await note.textContent()).toContain('PRISM이 이 소식을 apnews.com의 기사로 분석했습니다');
      expect(await note.textContent()).toContain('PRISM이 분석한 기사');
      await popup.screenshot({ path: join(tmpdir(), 'same-event-popup-ko-dark.png') });
      await popup.emulateMedia({ colorScheme: 'light' });
      await popup.screenshot({ path: join(tmpdir(), 'same-event-popup-ko-light.png') });
    } finally {
      await ko.close();
    }
  });
});
