/**
 * npm run screenshots:firefox: the popup and the real sidebar in Firefox ESR on the seed story, light and dark,
 * written to docs/screenshots/ (popup-firefox-light.png, sidebar-firefox-dark.png, …). The npm script makes a test
 * build first (the sample API is on 127.0.0.1: npm run build:test:firefox); it needs Debian's firefox-esr.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { publishDir } from '../publisher/cli';
import { ROOT } from '../tools/browsers/chromium';
import { launchFirefox, openPopup, openWebPage, setApiBase, showSidebar } from '../tools/browsers/firefox';
import { startNewsSites } from '../tools/servers/news-sites';
import { apiCacheControl, startStaticServer } from '../tools/servers/static-server';

const OUT = join(ROOT, 'docs/screenshots');
const SEED = 'belarus-courts-us-pivot-from-moscow';

const apiDir = join(ROOT, '.demo/api-firefox');
if (!(await publishDir(join(ROOT, 'data/catalogue'), apiDir, () => undefined))) process.exit(1);
const api = await startStaticServer({ root: apiDir, cors: true, cacheControl: apiCacheControl });
const sites = await startNewsSites([join(ROOT, 'data/pages'), join(ROOT, 'tests/fixtures/pages')]);
const written: string[] = [];

for (const scheme of ['light', 'dark'] as const) {
  const fx = await launchFirefox({ colorScheme: scheme, proxyPort: sites.port });
  try {
    await setApiBase(fx, api.url);
    const { page, tabId } = await openWebPage(fx, `${sites.urlOf(`${SEED}.html`)}?utm_source=newsletter`);

    const popup = await openPopup(fx, tabId);
    await popup.waitForSelector('[data-testid="disclaimer"]', { visible: true, timeout: 20_000 });
    // The Save button once the library has answered (it is disabled until then).
    await popup.waitForSelector('[data-testid="save-button"]:not([disabled])', { timeout: 20_000 });
    const popupFile = join(OUT, `popup-firefox-${scheme}.png`);
    await popup.screenshot({ path: popupFile as `${string}.png` });
    written.push(popupFile);

    // The sidebar beside the article, as it opens: the PRISM Insight is in its first screen (no scrolling).
    await page.bringToFront();
    const sidebar = await showSidebar(fx, 360);
    const deadline = Date.now() + 20_000;
    while (!(await sidebar.has('disclaimer'))) {
      if (Date.now() > deadline) throw new Error('the sidebar did not show the story');
      await new Promise((r) => setTimeout(r, 100));
    }
    await new Promise((r) => setTimeout(r, 300)); // painted
    const sidebarFile = join(OUT, `sidebar-firefox-${scheme}.png`);
    await writeFile(sidebarFile, await sidebar.screenshot());
    written.push(sidebarFile);
    const errors = fx.output.takeExtensionErrors();
    if (errors.length) throw new Error(`the extension printed errors:\n${errors.join('\n')}`);
  } finally {
    await fx.close();
  }
}
await Promise.all([api.close(), sites.close()]);
console.log(`screenshots written:\n${written.join('\n')}`);
