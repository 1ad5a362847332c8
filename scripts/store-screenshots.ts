/**
 * npm run store:screenshots: the stores' screenshots (1280×800 PNG, four a language) and the small promotional
 * tile (440×280), from the real extension (a test build: `npm run build:test`), into store/screenshots/. A real
 * article (the Los Angeles Times page of the corpus, "analysed" in a temporary catalogue as in
 * scripts/screenshots-overlay.ts) in English and Korean browsers:
 *   1 the page with its pill, the toolbar icon as the extension marked it (its badge text, colour and title read
 *     from the browser), and the popup open under it — a headless browser has no toolbar, so the toolbar strip is
 *     drawn, and the page and the popup are the extension's own pixels placed on it;
 *   2 the reading card open on the article;
 *   3 the side panel beside the article (the page and the panel side by side);
 *   4 the library, with the sample catalogue saved and a story open.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM, launchWithExtension, ROOT, serviceWorker, setApiBase, tabIdOf } from '../tools/browsers/chromium';
import {
  overlayCatalogue,
  overlayExtraPages,
  overlayScreenshotPages,
  removeCatalogue,
} from '../tools/corpus/overlay-catalogue';
import { cardFrame, clickPart, partShown } from '../tools/browsers/overlay-cdp';
import { openLibraryWithSample, sampleLibraryExport } from '../tools/browsers/sample-library';
import { attachSidePanel } from '../tools/browsers/side-panel-cdp';
import { siteArgs, startServers, waitForKeySet } from '../tools/harness';

const OUT = join(ROOT, 'store/screenshots');
const W = 1280;
const H = 800;
const TOOLBAR = 44;
const pages = overlayScreenshotPages();
const article = pages[0]!; // the Los Angeles Times

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`store-screenshots: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const png = (bytes: Buffer) => `data:image/png;base64,${bytes.toString('base64')}`;
const escapeHtml = (s: string) =>
  s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);

/** A plain Chromium (no extension) that lays out the composed pictures. */
const stage = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox'] });
async function render(html: string, width: number, height: number, path: string): Promise<void> {
  const page = await stage.newPage({ viewport: { width, height }, deviceScaleFactor: 1 });
  await page.setContent(html, { waitUntil: 'load' });
  await page.screenshot({ path });
  await page.close();
}

/** The browser's toolbar, drawn: the address, and the PRISM Lens button with the badge the extension set. */
function toolbarHtml(url: string, badge: { text: string; color: string }, icon: string, dark: boolean): string {
  const bg = dark ? '#202124' : '#f1f3f4';
  const field = dark ? '#35363a' : '#ffffff';
  const fg = dark ? '#e8eaed' : '#202124';
  return `<div style="position:absolute;left:0;top:0;width:${W}px;height:${TOOLBAR}px;background:${bg};display:flex;
    align-items:center;gap:12px;padding:0 14px;box-sizing:border-box;border-bottom:1px solid ${dark ? '#3c4043' : '#dadce0'}">
    <div style="flex:1;height:30px;border-radius:15px;background:${field};color:${fg};font:14px/30px system-ui,sans-serif;
      padding:0 16px;overflow:hidden;white-space:nowrap">${escapeHtml(url.replace(/^https?:\/\//, ''))}</div>
    <div style="position:relative;width:32px;height:32px;display:grid;place-items:center;border-radius:50%;
      background:${dark ? '#3c4043' : '#e2e5e8'}"><img src="${icon}" width="20" height="20">
      ${
        badge.text
          ? `<span style="position:absolute;right:-4px;bottom:-2px;min-width:16px;height:16px;border-radius:8px;padding:0 3px;
        background:${badge.color};color:#fff;font:bold 11px/16px system-ui,sans-serif;text-align:center">${escapeHtml(badge.text)}</span>`
          : ''
      }</div></div>`;
}

const frame = (dark: boolean) =>
  `margin:0;width:${W}px;height:${H}px;overflow:hidden;position:relative;background:${dark ? '#202124' : '#fff'}`;
const shadow = 'box-shadow:0 8px 28px rgba(0,0,0,.28),0 0 0 1px rgba(0,0,0,.08);border-radius:8px;overflow:hidden';

// The library to show: the sample catalogue, saved a few hours apart, imported through the library's own import.
const libraryExport = await sampleLibraryExport({
  newest: Date.UTC(2026, 10, 30, 9),
  note: 'Follow up: does the EU follow the US on potash?',
});

const icon = png(await readFile(join(ROOT, 'public/icon/48.png')));
const catalogue = await overlayCatalogue(pages);
const servers = await startServers(catalogue, undefined, overlayExtraPages(pages));
const written: string[] = [];
try {
  for (const [locale, scheme] of [
    ['en-US', 'light'],
    ['ko-KR', 'light'],
  ] as const) {
    const lang = locale.slice(0, 2);
    const dark = false;
    await mkdir(join(OUT, lang), { recursive: true });
    const b = await launchWithExtension({ locale, colorScheme: scheme, args: siteArgs(servers.sites), headless: true });
    try {
      await setApiBase(b.ctx, servers.api.url);
      await waitForKeySet(b);
      const page = b.ctx.pages()[0] ?? (await b.ctx.newPage());
      await page.setViewportSize({ width: W, height: H - TOOLBAR });
      await page.goto(servers.sites.urlOf(`${article.id}.html`), { waitUntil: 'load' });
      // The page's photos are on its own servers, which this machine does not reach: grey boxes instead of broken
      // images and their alt text (the page's text and layout are as served).
      await page.addStyleTag({ content: 'img { content: linear-gradient(#e4e6e9, #e4e6e9); }' });
      const tabId = await tabIdOf(b.ctx, page.url(), 15_000);
      await until(() => partShown(page, 'pill'), 'the pill');
      await page.mouse.move(10, 10);
      await page.waitForTimeout(300);
      const withPill = await page.screenshot();
      const worker = await serviceWorker(b.ctx);
      const badge = await worker.evaluate(async (tab) => {
        const [text, color] = await Promise.all([
          chrome.action.getBadgeText({ tabId: tab }),
          chrome.action.getBadgeBackgroundColor({ tabId: tab }),
        ]);
        return { text, color: `rgba(${color[0]},${color[1]},${color[2]},${(color[3] ?? 255) / 255})` };
      }, tabId);

      // 1: the mark and the popup on the article.
      const popup = await b.ctx.newPage();
      await popup.setViewportSize({ width: 400, height: 600 });
      await popup.emulateMedia({ colorScheme: scheme });
      await popup.goto(`chrome-extension://${b.extensionId}/popup.html?tab=${tabId}`);
      await popup.getByTestId('disclaimer').waitFor({ timeout: 15_000 });
      await until(() => popup.getByTestId('save-button').isEnabled(), 'the Save button');
      const popupShot = await popup.screenshot();
      await popup.close();
      await render(
        `<body style="${frame(dark)}">${toolbarHtml(article.url, badge, icon, dark)}
          <img src="${png(withPill)}" style="position:absolute;left:0;top:${TOOLBAR}px">
          <img src="${png(popupShot)}" style="position:absolute;right:14px;top:${TOOLBAR - 2}px;${shadow}"></body>`,
        W,
        H,
        join(OUT, lang, '1-article-popup.png'),
      );
      written.push(`${lang}/1-article-popup.png`);

      // 2: the reading card on the article.
      await page.bringToFront();
      await clickPart(page, 'open');
      const card = await cardFrame(page);
      await card.getByTestId('disclaimer').waitFor({ timeout: 15_000 });
      await until(() => card.getByTestId('save-button').isEnabled(), 'the card’s Save button');
      await page.mouse.move(10, 10);
      await page.waitForTimeout(400);
      const withCard = await page.screenshot();
      await render(
        `<body style="${frame(dark)}">${toolbarHtml(article.url, badge, icon, dark)}
          <img src="${png(withCard)}" style="position:absolute;left:0;top:${TOOLBAR}px"></body>`,
        W,
        H,
        join(OUT, lang, '2-article-card.png'),
      );
      written.push(`${lang}/2-article-card.png`);
      await page.keyboard.press('Escape');

      // 3: the side panel beside the article.
      const opener = await b.ctx.newPage();
      await opener.goto(`chrome-extension://${b.extensionId}/popup.html?tab=${tabId}`);
      await opener.getByTestId('open-side-panel').click();
      const panel = await attachSidePanel(b);
      await panel.emulateColorScheme(scheme);
      await opener.close();
      await page.bringToFront();
      await panel.evaluate(`new Promise((resolve) => {
        const ready = () => document.querySelector('[data-testid="disclaimer"]')
          && document.querySelector('[data-testid="save-button"]:not([disabled])');
        const check = () => ready() ? resolve(true) : setTimeout(check, 50);
        check();
      })`);
      const panelWidth = Number(await panel.evaluate('window.innerWidth'));
      const panelShot = await panel.screenshot();
      await panel.detach();
      await page.setViewportSize({ width: W - panelWidth, height: H - TOOLBAR });
      await page.waitForTimeout(300);
      const narrow = await page.screenshot();
      await render(
        `<body style="${frame(dark)}">${toolbarHtml(article.url, badge, icon, dark)}
          <img src="${png(narrow)}" style="position:absolute;left:0;top:${TOOLBAR}px">
          <img src="${png(panelShot)}" style="position:absolute;left:${W - panelWidth}px;top:${TOOLBAR}px;
            width:${panelWidth}px;height:${H - TOOLBAR}px;object-fit:none;object-position:left top;border-left:1px solid #dadce0"></body>`,
        W,
        H,
        join(OUT, lang, '3-side-panel.png'),
      );
      written.push(`${lang}/3-side-panel.png`);

      // 4: the library.
      const library = await openLibraryWithSample(b, libraryExport, { width: W, height: H }, scheme);
      await library.screenshot({ path: join(OUT, lang, '4-library.png') });
      written.push(`${lang}/4-library.png`);

      // The small promotional tile, in the listing's language.
      const name = 'PRISM Lens';
      const tagline =
        lang === 'ko'
          ? '읽고 있는 기사에 대한 PRISM의 분석을, 기사 바로 옆에서.'
          : 'PRISM’s analysis of the article you are reading, right beside it.';
      const logo = png(await readFile(join(ROOT, 'public/icon/128.png')));
      await render(
        `<body style="margin:0;width:440px;height:280px;display:flex;flex-direction:column;justify-content:center;
          gap:14px;padding:0 36px;box-sizing:border-box;background:linear-gradient(135deg,#0b6e4f,#08402f);color:#fff;
          font-family:system-ui,'Noto Sans CJK KR',sans-serif">
          <div style="display:flex;align-items:center;gap:14px"><img src="${logo}" width="56" height="56"
            style="background:#fff;border-radius:14px;padding:6px">
          <div style="font:700 34px/1.1 system-ui,sans-serif;letter-spacing:-.5px">${name}</div></div>
          <div lang="${lang}" style="font-size:19px;line-height:1.45;word-break:keep-all;text-wrap:balance;opacity:.95">${escapeHtml(tagline)}</div>
        </body>`,
        440,
        280,
        join(OUT, `promo-tile-440x280-${lang}.png`),
      );
      written.push(`promo-tile-440x280-${lang}.png`);
    } finally {
      await b.close();
    }
  }
} finally {
  await servers.close();
  await removeCatalogue(catalogue);
  await stage.close();
}
console.log(`store screenshots written to ${OUT}:\n  ${written.join('\n  ')}`);
