/**
 * End-to-end harness: the built extension in Debian's Chromium (headless), the sample catalogue published and
 * served on 127.0.0.1, and the sample news pages each on its own site (tools/servers/news-sites.ts: Chromium's host
 * resolver sends every host name but loopback to one local server), as a reader sees them.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import type { Story } from '../utils/prism/schema';
import { publishDir } from '../publisher/cli';
import { apiCacheControl, startStaticServer, type RunningServer } from './servers/static-server';
import { createFaultController, type FaultController } from './servers/fault-server';
import { startNewsSites, type NewsSite, type NewsSites } from './servers/news-sites';
import { corpusLabels, readCorpusPage, type CorpusLabel } from './corpus/corpus';
import { stripPageScripts } from './corpus/strip-scripts';
import {
  launchWithExtension,
  newsSiteArgs,
  ROOT,
  waitForKeySet as waitForKeySetIn,
  serviceWorker as liveWorker,
  setApiBase as setBase,
  tabIdOf as findTab,
  type ExtensionBrowser,
  type LaunchOptions,
} from './browsers/chromium';

export { ROOT };

/** The seed story: the one the PRISM seed pages show. */
export const SEED = 'belarus-courts-us-pivot-from-moscow';

export async function catalogueStory(id: string): Promise<Story> {
  return JSON.parse(await readFile(join(ROOT, `data/catalogue/${id}.json`), 'utf8')) as Story;
}
export { attachSidePanel } from './browsers/side-panel-cdp';

export interface Servers {
  api: RunningServer;
  /** data/pages and tests/fixtures/pages, each page on its own site (`sites.urlOf(file)`). */
  sites: NewsSites;
  /** Every request the API server received, as `<status> <path>` (a faulted one: `… (fault <fault>)`). */
  apiRequests: string[];
  /** The API server's faults (docs/faults.md): none unless asked for; `faults.set('story:503-once')` while it runs. */
  faults: FaultController;
  /** The published API folder. */
  apiDir: string;
  close(): Promise<void>;
}

export const PAGE_DIRS = [join(ROOT, 'data/pages'), join(ROOT, 'tests/fixtures/pages')];

/**
 * Publishes `catalogueDir` (default: data/catalogue) and serves it and the sample pages on free ports; the API with
 * the fault spec `faultSpec` in force from the start (none by default; `servers.faults` changes them later).
 */
export async function startServers(
  catalogueDir = join(ROOT, 'data/catalogue'),
  delayMs?: (path: string) => number,
  extraPages: NewsSite[] = [],
  faultSpec?: string,
): Promise<Servers> {
  const faults = createFaultController(faultSpec);
  const out = await mkdtemp(join(tmpdir(), 'prism-api-'));
  if (!(await publishDir(catalogueDir, out, () => undefined))) throw new Error(`could not publish ${catalogueDir}`);
  const apiRequests: string[] = [];
  const api = await startStaticServer({
    root: out,
    cors: true,
    cacheControl: apiCacheControl,
    log: (line) => apiRequests.push(line),
    delayMs,
    faults,
  });
  const sites = await startNewsSites(PAGE_DIRS, { extra: extraPages });
  return {
    api,
    sites,
    apiRequests,
    faults,
    apiDir: out,
    async close() {
      await Promise.all([api.close(), sites.close()]);
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
export async function waitUntil<T>(
  read: () => Promise<T>,
  accept: (v: T) => boolean,
  what: string,
  timeoutMs = 10_000,
) {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  while (Date.now() < deadline) {
    last = await read();
    if (accept(last)) return last;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}; last: ${String(last).slice(0, 500)}`);
}

/**
 * Stops the extension's service worker, as MV3 does whenever it likes (its memory goes with it; the next event
 * starts it again from storage). `settle`: wait (up to 5 s) until the browser no longer lists it; Playwright may
 * keep the handle, so a test goes on either way: what it checks next is what matters.
 */
export async function stopWorker(b: Browser, settle = false): Promise<void> {
  const page = await b.ctx.newPage();
  const cdp = await b.ctx.newCDPSession(page);
  try {
    await cdp.send('ServiceWorker.enable');
    await cdp.send('ServiceWorker.stopAllWorkers');
    if (settle)
      await waitUntil(
        async () => b.ctx.serviceWorkers().length,
        (n) => n === 0,
        'the worker to stop',
        5_000,
      ).catch(() => undefined);
  } finally {
    await cdp.detach();
    await page.close();
  }
}

export interface Suite {
  servers: Servers;
  /** tests/fixtures/pages on 127.0.0.1 itself (a page on a site of its own that claims to be another). */
  fixtures: RunningServer;
  browser: Browser;
  close(): Promise<void>;
}

/** Chromium's switch that puts every news site on the local page server. */
export const siteArgs = (sites: NewsSites) => newsSiteArgs(sites.hostResolverRules);

/**
 * What most e2e files need: the API and the news sites served, the fixtures also on 127.0.0.1, and a browser
 * pointed at the API that has downloaded its key set.
 */
export async function startSuite(opts: LaunchOptions & { extraPages?: NewsSite[] } = {}): Promise<Suite> {
  const servers = await startServers(undefined, undefined, opts.extraPages);
  const fixtures = await startStaticServer({ root: join(ROOT, 'tests/fixtures/pages') });
  const browser = await launchBrowser({ ...opts, args: [...(opts.args ?? []), ...siteArgs(servers.sites)] });
  await setApiBase(browser, servers.api.url);
  await waitForKeySet(browser);
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

/** Waits until the extension holds a key set for its current API base (downloaded after setApiBase). */
export const waitForKeySet = (b: Browser, timeoutMs = 15_000) => waitForKeySetIn(b.ctx, timeoutMs);

/**
 * `count` real corpus pages with a known address, of every label, spread over the corpus (every n-th from
 * `offset`), held-out pages excluded; none of them has a story in the sample catalogue.
 */
export function corpusSample(count: number, offset = 0): CorpusLabel[] {
  const known = corpusLabels().filter((l) => l.url && /^https?:\/\//.test(l.url));
  const step = Math.max(1, Math.floor(known.length / count));
  return known.filter((_, i) => i % step === offset % step).slice(0, count);
}

/** Corpus pages served at their own addresses (over http: the canonical URL rules upgrade to https for the keys). */
export const corpusSites = (labels: CorpusLabel[]): NewsSite[] =>
  labels.map((l) => ({
    file: `${l.id}.html`,
    url: l.url!.replace(/^https:/, 'http:').replace(/#.*$/, ''),
    prefix: false,
    dir: '',
    body: () => stripPageScripts(readCorpusPage(l.id).text),
  }));
