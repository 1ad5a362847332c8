/**
 * npx tsx scripts/screenshots-overlay.ts: the on-page overlay (the pill, and the open reading card) on three real
 * corpus pages with strong styles of their own (the Los Angeles Times, Fandom, VnExpress), light and dark, English
 * and Korean browsers, written to docs/screenshots/overlay-*.png (shown in the README). Each page is "analysed" in
 * a temporary catalogue (tools/corpus/overlay-catalogue.ts) and served at its own address with its scripts off.
 * Needs a test build (`npm run build:test`, or WXT_OUT_DIR=… for another folder).
 */
import { join } from 'node:path';
import { launchWithExtension, ROOT, setApiBase, tabIdOf } from '../tools/browsers/chromium';
import {
  overlayCatalogue,
  overlayExtraPages,
  overlayScreenshotPages,
  removeCatalogue,
} from '../tools/corpus/overlay-catalogue';
import { cardFrame, clickPart, partShown } from '../tools/browsers/overlay-cdp';
import { siteArgs, startServers, waitForKeySet } from '../tools/harness';

const OUT = join(ROOT, 'docs/screenshots');
const pages = overlayScreenshotPages();
const NAMES = ['latimes', 'fandom', 'vnexpress'];
const SHOTS: { page: number; locale: 'en-US' | 'ko-KR'; scheme: 'light' | 'dark' }[] = [
  { page: 0, locale: 'en-US', scheme: 'light' },
  { page: 1, locale: 'en-US', scheme: 'dark' },
  { page: 2, locale: 'ko-KR', scheme: 'light' },
  { page: 2, locale: 'ko-KR', scheme: 'dark' },
];

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`screenshots-overlay: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const catalogue = await overlayCatalogue(pages);
const servers = await startServers(catalogue, undefined, overlayExtraPages(pages));
const written: string[] = [];
try {
  for (const shot of SHOTS) {
    const b = await launchWithExtension({
      locale: shot.locale,
      colorScheme: shot.scheme,
      args: siteArgs(servers.sites),
    });
    try {
      await setApiBase(b.ctx, servers.api.url);
      await waitForKeySet(b);
      const page = b.ctx.pages()[0] ?? (await b.ctx.newPage());
      const p = pages[shot.page]!;
      await page.goto(servers.sites.urlOf(`${p.id}.html`), { waitUntil: 'load' });
      await tabIdOf(b.ctx, page.url(), 15_000);
      await until(() => partShown(page, 'pill'), 'the pill');
      await page.waitForTimeout(300);
      const name = `overlay-${NAMES[shot.page]}-${shot.locale.slice(0, 2)}-${shot.scheme}`;
      await page.screenshot({ path: join(OUT, `${name}-pill.png`) });
      written.push(`${name}-pill.png`);
      await clickPart(page, 'open');
      const card = await cardFrame(page);
      await card.getByTestId('disclaimer').waitFor({ timeout: 15_000 });
      await until(() => card.getByTestId('save-button').isEnabled(), 'the Save button (the library answered)');
      await page.mouse.move(600, 400); // off the pill (no hover colour in the picture)
      await page.waitForTimeout(400);
      await page.screenshot({ path: join(OUT, `${name}-card.png`) });
      written.push(`${name}-card.png`);
    } finally {
      await b.close();
    }
  }
} finally {
  await servers.close();
  await removeCatalogue(catalogue);
}
console.log(`screenshots written to ${OUT}:\n  ${written.join('\n  ')}`);
