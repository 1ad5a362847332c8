/**
 * Extension pages in Firefox over WebDriver BiDi, and the extension APIs reached through them. BiDi reports no
 * navigation for moz-extension:// pages (`page.goto` never resolves), so pages are navigated with
 * `browsingContext.navigate(url, 'none')` and polled until loaded. The MV2 background is a persistent page that
 * BiDi does not list; it is reached from an extension page with `runtime.getBackgroundPage()`.
 */
import type { Browser, Page } from 'puppeteer-core';

/** The slice of Firefox's `browser.*` the helpers use (the `chrome` typings have no promise-based MV2 calls). */
interface FirefoxExtensionApi {
  browserAction: { getBadgeText(details: { tabId: number }): Promise<string> };
  tabs: {
    query(q: { active?: boolean; currentWindow?: boolean }): Promise<{ id?: number; url?: string }[]>;
  };
  storage: {
    local: {
      set(items: Record<string, unknown>): Promise<void>;
      get(key: string | null): Promise<Record<string, unknown>>;
    };
  };
  runtime: { getBackgroundPage(): Promise<BackgroundWindow> };
  extension: { getViews(q: { type: 'sidebar' | 'tab' | 'popup' }): Window[] };
  i18n: { getUILanguage(): string };
}
/** The background page's window: its globals, and the extension API as the background sees it. */
export type BackgroundWindow = Window & { browser: FirefoxExtensionApi & Record<string, unknown> };

/**
 * An extension page's globals, for page.evaluate callbacks: `(globalThis as unknown as InExtensionPage).browser`
 * (the callback is sent to the page as source, so it cannot call helpers of this module).
 */
export interface InExtensionPage {
  browser: FirefoxExtensionApi;
}

interface BidiFrame {
  browsingContext: { navigate(url: string, wait: 'none'): Promise<unknown> };
}

/** Loads `url` (a moz-extension:// page) in `page`, or in a new tab, and waits until its document is complete. */
export async function openExtensionPage(browser: Browser, url: string, page?: Page, timeoutMs = 15_000): Promise<Page> {
  const tab = page ?? (await browser.newPage());
  await (tab.mainFrame() as unknown as BidiFrame).browsingContext.navigate(url, 'none');
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    // While the document is being replaced, evaluating may fail: that is the wait, not an error.
    last = await tab.evaluate(() => [location.href, document.readyState]).catch((err: Error) => err.message);
    if (Array.isArray(last) && last[0] === url && last[1] === 'complete') return tab;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`${url} did not load; last: ${JSON.stringify(last)}`);
}

interface Probed {
  probe: Page;
}

/** Runs `fn` in the background page (it gets the background's window) and returns its JSON-serialisable value. */
export async function inBackground<A, R>(fx: Probed, fn: (bg: BackgroundWindow, arg: A) => R | Promise<R>, arg: A) {
  const source = `(async () => {
    const bg = await browser.runtime.getBackgroundPage();
    if (!bg) throw new Error('no background page');
    return (${fn.toString()})(bg, ${JSON.stringify(arg) ?? 'undefined'});
  })()`;
  return (await fx.probe.evaluate(source)) as Awaited<R>;
}

/** The toolbar button's badge for a tab (Firefox MV2: `browserAction`). */
export const badgeText = (fx: Probed, tabId: number) =>
  fx.probe.evaluate((id) => {
    const { browser } = globalThis as unknown as InExtensionPage;
    return browser.browserAction.getBadgeText({ tabId: id });
  }, tabId);

export async function setApiBase(fx: Probed, base: string): Promise<void> {
  await fx.probe.evaluate((value) => {
    const { browser } = globalThis as unknown as InExtensionPage;
    return browser.storage.local.set({ apiBase: value });
  }, base);
}

/**
 * The extension's tab id of `page`: the extension has no `tabs` permission, so `tabs.query` does not tell web
 * pages' addresses; the page is brought to the front and the window's active tab is asked for.
 */
async function tabIdOf(fx: Probed & { origin: string }, page: Page, timeoutMs = 5_000): Promise<number> {
  await page.bringToFront();
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const [tab] = await fx.probe.evaluate(() => {
      const { browser } = globalThis as unknown as InExtensionPage;
      return browser.tabs.query({ active: true, currentWindow: true });
    });
    // Extension pages show their own address; the page asked about is a web page.
    if (tab?.id !== undefined && !tab.url?.startsWith(fx.origin)) return tab.id;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`no active web page tab for ${page.url()}`);
}

/** Opens `url` (a web page) in a new tab; returns the page and its extension tab id. */
export async function openWebPage(fx: Probed & { origin: string; browser: Browser }, url: string) {
  const page = await fx.browser.newPage();
  await page.goto(url);
  return { page, tabId: await tabIdOf(fx, page) };
}

/** The popup as a page (`popup.html?tab=<id>`), popup-sized. */
export async function openPopup(fx: { browser: Browser; origin: string }, tabId: number): Promise<Page> {
  const page = await fx.browser.newPage();
  await page.setViewport({ width: 400, height: 600 });
  return openExtensionPage(fx.browser, `${fx.origin}/popup.html?tab=${tabId}`, page);
}
