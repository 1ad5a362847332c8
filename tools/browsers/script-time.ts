/**
 * How the page-cost benches measure what a content script costs a page: a tab whose only request is its own page
 * (every sub-request aborted), and that document's main-thread script time from CDP, in all worlds.
 */
import type { CDPSession, Page } from 'playwright-core';
import type { ExtensionBrowser } from './chromium';

/** The floor's content script: it sends one runtime message with the page's address and title. */
export const FLOOR_CONTENT_SCRIPT = `chrome.runtime.sendMessage({ type: 'floor:page', href: location.href, title: document.title })
  .catch(() => {});\n`;

/** A new tab of `browser` that loads only pages of `serverUrl`, with CDP performance metrics on. */
export async function openMeasuredTab(
  browser: ExtensionBrowser,
  serverUrl: string,
): Promise<{ page: Page; cdp: CDPSession }> {
  const page = await browser.ctx.newPage();
  // Only the page itself reaches the server; everything else is blocked (the server answers the rest empty too).
  await page.route('**/*', (route) => {
    const req = route.request();
    const own = req.isNavigationRequest() && req.frame() === page.mainFrame() && req.url().startsWith(`${serverUrl}/`);
    return own ? route.continue() : route.abort();
  });
  const cdp = await browser.ctx.newCDPSession(page);
  await cdp.send('Performance.enable');
  return { page, cdp };
}

/** ScriptDuration of the current document in ms (it counts from the document's commit: a new frame each load). */
export async function scriptMs(cdp: CDPSession): Promise<number> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const m = metrics.find((x) => x.name === 'ScriptDuration');
  if (!m) throw new Error('no ScriptDuration metric');
  return m.value * 1000;
}
