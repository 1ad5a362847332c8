/**
 * npm run screenshots: the popup and the side panel on the seed story, the library (and its empty, delete-all and
 * undo states, the options and first-run pages: scripts/lib/screenshots-pages.ts), and the popup when PRISM's
 * server fails (a 503 on every story, with the reader's saved copy offered), light and dark, English and Korean
 * browsers, written to docs/screenshots/ (shown in the README). Needs a test build (npm run build:test: it talks
 * to the sample API on 127.0.0.1). The seed page is served on its own site (www.scmp.com), as a reader sees it.
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { publishDir } from './prism-publish';
import { launchWithExtension, newsSiteArgs, ROOT, setApiBase, tabIdOf, waitForKeySet } from './lib/chromium';
import { startNewsSites } from './lib/news-sites';
import { apiCacheControl, startStaticServer } from './lib/static-server';
import { createFaultController } from './lib/fault-server';
import { attachSidePanel } from './lib/side-panel-cdp';
import { shootEmptyLibrary, shootLibraryStates, shootOptions, shootWelcome } from './lib/screenshots-pages';
import { toExport } from '../utils/storage/export-json';
import { storyTags } from '../utils/storage/saved-record';
import type { Story } from '../utils/prism/schema';

const OUT = join(ROOT, 'docs/screenshots');
const SEED = 'belarus-courts-us-pivot-from-moscow';

const apiDir = join(ROOT, '.demo/api');
if (!(await publishDir(join(ROOT, 'data/catalogue'), apiDir, () => undefined))) process.exit(1);
const faults = createFaultController();
const api = await startStaticServer({ root: apiDir, cors: true, cacheControl: apiCacheControl, faults });
const pages = await startNewsSites([join(ROOT, 'data/pages')]);

// A library to show: the sample catalogue, saved a few hours apart, imported through the library's own import.
const catalogue = await Promise.all(
  (await readdir(join(ROOT, 'data/catalogue')))
    .filter((f) => f.endsWith('.json'))
    .map(async (f) => JSON.parse(await readFile(join(ROOT, 'data/catalogue', f), 'utf8')) as Story),
);
const libraryExport = JSON.stringify(
  toExport(
    catalogue.map((story, i) => ({
      id: story.id,
      story,
      savedAt: Date.UTC(2025, 11, 20, 9) - i * 3 * 3600_000,
      pageUrl: story.source.url,
      pageTitle: story.source.title,
      tags: storyTags(story),
      note: i === 0 ? 'Follow up: does the EU follow the US on potash?' : '',
      category: story.category,
    })),
  ),
);

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
    // Scroll to the PRISM Insight, the part readers come for.
    await panel.evaluate(`document.querySelector('.insight')?.scrollIntoView({ block: 'center' }); true`);
    await new Promise((r) => setTimeout(r, 200)); // the scroll painted
    await writeFile(join(OUT, `sidepanel-${lang}-${scheme}.png`), await panel.screenshot());
    await panel.detach();

    const library = await b.ctx.newPage();
    await library.setViewportSize({ width: 1280, height: 800 });
    await library.emulateMedia({ colorScheme: scheme });
    await library.goto(`chrome-extension://${b.extensionId}/library.html`);
    await library
      .getByTestId('import-file')
      .setInputFiles({ name: 'library.json', mimeType: 'application/json', buffer: Buffer.from(libraryExport) });
    await library.getByTestId('library-row').first().waitFor();
    await library.getByTestId('library-row').first().click();
    await library.getByTestId('disclaimer').waitFor();
    await library.getByTestId('library-status').evaluate((el) => (el.textContent = ''));
    await library.screenshot({ path: join(OUT, `library-${lang}-${scheme}.png`) });
    await shootLibraryStates(b, pageShots);
    await shootOptions(b, pageShots);
    await shootWelcome(b, pageShots);

    // PRISM's server failing on a story the reader saved (the library above holds them all): the cause in the
    // reader's language, the saved copy and the library offered.
    faults.set('story:503:1000');
    const other = await b.ctx.newPage();
    await other.goto(pages.urlOf('trump-greenland-envoy-denmark.html'));
    const failing = await b.ctx.newPage();
    await failing.setViewportSize({ width: 400, height: 600 });
    await failing.emulateMedia({ colorScheme: scheme });
    await failing.goto(`chrome-extension://${b.extensionId}/popup.html?tab=${await tabIdOf(b.ctx, other.url())}`);
    await failing.getByTestId('show-saved').waitFor({ timeout: 20_000 });
    await failing.screenshot({ path: join(OUT, `popup-error-${lang}-${scheme}.png`) });
    faults.clear();
    await b.close();
  }
}
await Promise.all([api.close(), pages.close()]);
console.log(`screenshots written to ${OUT}`);
