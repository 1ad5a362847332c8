/**
 * End-to-end harness: the built extension in Debian's Chromium (headless), the sample catalogue published and
 * served on 127.0.0.1, and the sample news pages served beside it.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import type { Story } from '../../utils/prism/schema';
import { publishDir } from '../../scripts/prism-publish';
import { apiCacheControl, startStaticServer, type RunningServer } from '../../scripts/lib/static-server';
import {
  launchWithExtension,
  ROOT,
  serviceWorker as liveWorker,
  setApiBase as setBase,
  tabIdOf as findTab,
  type ExtensionBrowser,
  type LaunchOptions,
} from '../../scripts/lib/chromium';

export { ROOT };

/** The seed story: the one the PRISM seed pages show. */
export const SEED = 'belarus-courts-us-pivot-from-moscow';

export async function catalogueStory(id: string): Promise<Story> {
  return JSON.parse(await readFile(join(ROOT, `data/catalogue/${id}.json`), 'utf8')) as Story;
}
export { attachSidePanel, type SidePanelHandle } from '../../scripts/lib/side-panel-cdp';

export interface Servers {
  api: RunningServer;
  pages: RunningServer;
  /** Every request the API server received, as `<status> <path>`. */
  apiRequests: string[];
  close(): Promise<void>;
}

/** Publishes `catalogueDir` (default: data/catalogue) and serves it and the sample pages on free ports. */
export async function startServers(
  catalogueDir = join(ROOT, 'data/catalogue'),
  delayMs?: (path: string) => number,
): Promise<Servers & { apiDir: string }> {
  const out = await mkdtemp(join(tmpdir(), 'prism-api-'));
  if (!(await publishDir(catalogueDir, out, () => undefined))) throw new Error(`could not publish ${catalogueDir}`);
  const apiRequests: string[] = [];
  const api = await startStaticServer({
    root: out,
    cors: true,
    cacheControl: apiCacheControl,
    log: (line) => apiRequests.push(line),
    delayMs,
  });
  const pages = await startStaticServer({ root: join(ROOT, 'data/pages') });
  return {
    api,
    pages,
    apiRequests,
    apiDir: out,
    async close() {
      await Promise.all([api.close(), pages.close()]);
      await rm(out, { recursive: true, force: true });
    },
  };
}

export type Browser = ExtensionBrowser;
export const launchBrowser = (opts: LaunchOptions = {}) => launchWithExtension({ ...opts, headless: true });
export const serviceWorker = (b: Browser) => liveWorker(b.ctx);
export const setApiBase = (b: Browser, base: string) => setBase(b.ctx, base);
export const tabIdOf = (b: Browser, url: string) => findTab(b.ctx, url);

/** Opens `url` in a tab and the extension's popup for that tab (as a page, `popup.html?tab=<id>`). */
export async function openWithPopup(b: Browser, url: string): Promise<{ page: Page; popup: Page; tabId: number }> {
  const page = await b.ctx.newPage();
  await page.goto(url);
  const tabId = await tabIdOf(b, page.url());
  const popup = await openPopupPage(b.ctx, b.extensionId, tabId);
  return { page, popup, tabId };
}

export async function openPopupPage(ctx: BrowserContext, extensionId: string, tabId: number): Promise<Page> {
  const popup = await ctx.newPage();
  await popup.setViewportSize({ width: 400, height: 600 });
  await popup.goto(`chrome-extension://${extensionId}/popup.html?tab=${tabId}`);
  return popup;
}

/** Waits for the tab's state in storage.session to reach one of `statuses`. */
export async function waitForTabStatus(b: Browser, tabId: number, statuses: string[], timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    const sw = await serviceWorker(b);
    last = await sw.evaluate(async (id) => (await chrome.storage.session.get(`tab:${id}`))[`tab:${id}`], tabId);
    if (last && statuses.includes((last as { status: string }).status)) return last as Record<string, unknown>;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`tab ${tabId} did not reach ${statuses.join('|')}; last state: ${JSON.stringify(last)}`);
}

/** Polls `read` until `accept` holds; fails with the last value read. */
export async function waitUntil<T>(read: () => Promise<T>, accept: (v: T) => boolean, what: string, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await read();
    if (accept(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}; last: ${String(last).slice(0, 500)}`);
}

export interface Suite {
  servers: Servers;
  /** tests/fixtures/pages, served on its own port. */
  fixtures: RunningServer;
  browser: Browser;
  close(): Promise<void>;
}

/** What most e2e files need: the API and pages served, the fixtures served, a browser pointed at the API. */
export async function startSuite(opts: LaunchOptions = {}): Promise<Suite> {
  const servers = await startServers();
  const fixtures = await startStaticServer({ root: join(ROOT, 'tests/fixtures/pages') });
  const browser = await launchBrowser(opts);
  await setApiBase(browser, servers.api.url);
  return {
    servers,
    fixtures,
    browser,
    async close() {
      await browser.close();
      await Promise.all([servers.close(), fixtures.close()]);
    },
  };
}
