/**
 * npm run screenshots: the popup and the side panel on the seed story, every other state of the reading surfaces
 * (readingStates: a possible match, not news, no analysis yet, no catalogue, loading, PRISM's server failing with
 * and without a saved copy, the unsave Undo, the pill's menu, the card with its menu open), the library (and its
 * empty, delete-all and undo states, the options and first-run pages: scripts/lib/screenshots-pages.ts), light
 * and dark, English and Korean browsers, written to docs/screenshots/ (shown in the README). Needs a test build (npm run build:test: it talks
 * to the sample API on 127.0.0.1). The seed page is served on its own site (www.scmp.com), as a reader sees it.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { publishDir } from '../publisher/cli';
import type { Page } from 'playwright-core';
import {
  launchWithExtension,
  newsSiteArgs,
  ROOT,
  serviceWorker,
  setApiBase,
  tabIdOf,
  waitForKeySet,
  type ExtensionBrowser,
} from '../tools/browsers/chromium';
import { cardFrame, clickPart, partShown } from '../tools/browsers/overlay-cdp';
import { startNewsSites } from '../tools/servers/news-sites';
import { apiCacheControl, startStaticServer } from '../tools/servers/static-server';
import { createFaultController } from '../tools/servers/fault-server';
import { openLibraryWithSample, sampleLibraryExport } from '../tools/browsers/sample-library';
import { attachSidePanel } from '../tools/browsers/side-panel-cdp';
import { shootEmptyLibrary, shootLibraryStates, shootOptions, shootWelcome } from './lib/screenshots-pages';

const OUT = join(ROOT, 'docs/screenshots');
const SEED = 'belarus-courts-us-pivot-from-moscow';

const apiDir = join(ROOT, '.demo/api');
if (!(await publishDir(join(ROOT, 'data/catalogue'), apiDir, () => undefined))) process.exit(1);
const faults = createFaultController();
const api = await startStaticServer({ root: apiDir, cors: true, cacheControl: apiCacheControl, faults });
// The sample pages, and the test pages that give the other states (a possible match, no analysis yet).
const pages = await startNewsSites([join(ROOT, 'data/pages'), join(ROOT, 'tests/fixtures/pages')]);

// A library to show: the sample catalogue, saved a few hours apart, imported through the library's own import.
const libraryExport = await sampleLibraryExport({ note: 'Follow up: does the EU follow the US on potash?' });

for (const locale of ['en-US', 'ko-KR']) {
  for (const scheme of ['light', 'dark'] as const) {
    const lang = locale.slice(0, 2);
    const b = await launchWithExtension({ locale, colorScheme: scheme, args: newsSiteArgs(pages.hostResolverRules) });
    await setApiBase(b.ctx, api.url);
    await waitForKeySet(b.ctx);
    const pageShots = { lang, scheme, out: OUT };
    await shootEmptyLibrary(b, pageShots); // before the sample library is imported below
    const page = b.ctx.pages()[0] ?? (await b.ctx.newPage());
    await page.goto(`${pages.urlOf(`${SEED}.html`)}?utm_source=newsletter`);
    const tabId = await tabIdOf(b.ctx, page.url());

    const popup = await b.ctx.newPage();
    await popup.setViewportSize({ width: 400, height: 600 });
    await popup.goto(`chrome-extension://${b.extensionId}/popup.html?tab=${tabId}`);
    await popup.getByTestId('disclaimer').waitFor({ timeout: 15_000 });
    await popup.screenshot({ path: join(OUT, `popup-${lang}-${scheme}.png`) });

    // The side panel beside the article, opened the way a reader does (a click in the popup).
    await popup.getByTestId('open-side-panel').click();
    const panel = await attachSidePanel(b);
    await panel.emulateColorScheme(scheme);
    await page.bringToFront();
    await panel.evaluate(`new Promise((resolve) => {
      // The story, and the Save button once the library has answered (it is disabled until then).
      const ready = () => document.querySelector('[data-testid="disclaimer"]') && document.querySelector('.insight')
        && document.querySelector('[data-testid="save-button"]:not([disabled])');
      const check = () => ready() ? resolve(true) : setTimeout(check, 50);
      check();
    })`);
    // As it opens: the PRISM Insight, the part readers come for, is in the first screen (no scrolling).
    await new Promise((r) => setTimeout(r, 200)); // painted
    await writeFile(join(OUT, `sidepanel-${lang}-${scheme}.png`), await panel.screenshot());
    await panel.detach();

    await readingStates(b, page, `${lang}-${scheme}`);

    const library = await openLibraryWithSample(b, libraryExport, { width: 1280, height: 800 }, scheme);
    await library.screenshot({ path: join(OUT, `library-${lang}-${scheme}.png`) });
    await shootLibraryStates(b, pageShots);
    await shootOptions(b, pageShots);
    await shootWelcome(b, pageShots);

    await b.close();
  }
}
await Promise.all([api.close(), pages.close()]);
console.log(`screenshots written to ${OUT}`);

// The reading surfaces' other states (issue 18): each in the popup (400×600) unless said, `<name>-<lang>-<scheme>.png`.

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`screenshots: no ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function popupFor(b: ExtensionBrowser, url: string): Promise<{ tab: Page; popup: Page }> {
  const tab = await b.ctx.newPage();
  await tab.goto(url);
  const popup = await b.ctx.newPage();
  await popup.setViewportSize({ width: 400, height: 600 });
  await popup.goto(`chrome-extension://${b.extensionId}/popup.html?tab=${await tabIdOf(b.ctx, tab.url())}`);
  return { tab, popup };
}

/** The popup on `url` once `testId` shows, as `<name>-<suffix>.png`. */
async function popupState(b: ExtensionBrowser, url: string, testId: string, name: string, suffix: string) {
  const { tab, popup } = await popupFor(b, url);
  await popup.getByTestId(testId).waitFor({ timeout: 20_000 });
  await new Promise((r) => setTimeout(r, 150)); // painted
  // The popup as the browser sizes it: as tall as what it shows.
  await popup.locator('.app').screenshot({ path: join(OUT, `${name}-${suffix}.png`) });
  await Promise.all([popup.close(), tab.close()]);
}

/** Forgets the API answers the extension cached (so a story is asked of the server again). */
async function clearApiCache(b: ExtensionBrowser) {
  const sw = await serviceWorker(b.ctx);
  await sw.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('prism-lens');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction(['apiShards', 'apiStories'], 'readwrite');
          tx.objectStore('apiShards').clear();
          tx.objectStore('apiStories').clear();
          tx.oncomplete = () => (open.result.close(), resolve());
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
}

async function readingStates(b: ExtensionBrowser, article: Page, suffix: string) {
  await popupState(b, pages.urlOf('spoof-canonical.html'), 'state-possible', 'popup-possible', suffix);
  await popupState(b, pages.urlOf('not-news.html'), 'state-not-news', 'popup-not-news', suffix);
  await popupState(b, pages.urlOf('unanalysed-news.html'), 'state-none', 'popup-none', suffix);

  // Loading: a story the server is slow to give (not asked before in this profile).
  faults.set('story:slow:12s');
  await popupState(b, pages.urlOf('aleppo-clashes-government-sdf.html'), 'state-loading', 'popup-loading', suffix);
  faults.clear();

  // PRISM's server failing on a story the reader has not saved: the cause in plain words, the detail folded.
  faults.set('story:503:1000');
  await popupState(b, pages.urlOf('trump-greenland-envoy-denmark.html'), 'state-error', 'popup-error', suffix);
  faults.clear();

  // … and on one they saved: the copy at once, under one line naming the cause. Then unsave: the Undo notice.
  const saved = await popupFor(b, pages.urlOf('russia-strikes-ukraine-energy-grid.html'));
  const save = saved.popup.getByTestId('save-button');
  await until('the save button', () => save.isEnabled());
  await save.click();
  await until('saved', async () => (await save.getAttribute('aria-pressed')) === 'true');
  await Promise.all([saved.popup.close(), saved.tab.close()]);
  await clearApiCache(b);
  faults.set('story:503:1000');
  const failing = await popupFor(b, pages.urlOf('russia-strikes-ukraine-energy-grid.html'));
  await failing.popup.getByTestId('saved-copy-note').waitFor({ timeout: 20_000 });
  await failing.popup.screenshot({ path: join(OUT, `popup-saved-copy-${suffix}.png`) });
  const again = failing.popup.getByTestId('save-button');
  await until('shown as saved', async () => (await again.getAttribute('aria-pressed')) === 'true');
  await again.click();
  await failing.popup.getByTestId('undo-unsave').waitFor();
  await failing.popup.screenshot({ path: join(OUT, `popup-undo-${suffix}.png`) });
  await failing.popup.getByTestId('undo-unsave').click();
  await Promise.all([failing.popup.close(), failing.tab.close()]);
  faults.clear();

  // The catalogue not downloaded yet: an API address with nothing behind it.
  await setApiBase(b.ctx, 'http://127.0.0.1:9');
  await popupState(
    b,
    pages.urlOf('trump-greenland-envoy-denmark.html'),
    'state-no-catalogue',
    'popup-no-catalogue',
    suffix,
  );
  await setApiBase(b.ctx, api.url);
  await waitForKeySet(b.ctx);

  // On the article: the pill with its menu open, then the card with its header menu open.
  await article.bringToFront();
  await article.reload();
  await until('the pill', () => partShown(article, 'pill'));
  await clickPart(article, 'more');
  await until('the pill menu', () => partShown(article, 'menu'));
  const viewport = article.viewportSize() ?? { width: 1280, height: 720 };
  await article.screenshot({
    path: join(OUT, `pill-menu-${suffix}.png`),
    clip: { x: viewport.width - 480, y: viewport.height - 320, width: 480, height: 320 },
  });
  await article.keyboard.press('Escape');
  await clickPart(article, 'open');
  const card = await cardFrame(article);
  await card.getByTestId('disclaimer').waitFor({ timeout: 15_000 });
  await card.getByTestId('card-menu').click();
  await card.getByTestId('card-snooze').waitFor();
  await article.screenshot({ path: join(OUT, `card-menu-${suffix}.png`) });
  await card.getByTestId('card-menu').press('Escape');
}
