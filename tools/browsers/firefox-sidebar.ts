/**
 * The real Firefox sidebar (`sidebar_action`), for the e2e tests and the screenshots. It is opened from Firefox's
 * own window through chrome-scope WebDriver BiDi (`SidebarController.show`, as the sidebar menu does), read
 * through `extension.getViews({ type: 'sidebar' })` from an extension page, and captured with the chrome
 * window's `drawSnapshot` of the panel's browser (BiDi lists the sidebar's page as no browsing context of its own).
 */
import type { Browser, Page } from 'puppeteer-core';
import type { InExtensionPage } from './firefox-pages';

interface BidiConnection {
  send(method: string, params: object): Promise<{ result: unknown }>;
}
interface EvaluateResult {
  type: 'success' | 'exception';
  result?: { type: string; value?: unknown };
  exceptionDetails?: { text: string };
}

const connectionOf = (browser: Browser) => (browser as unknown as { connection: BidiConnection }).connection;

/** Firefox's id for an extension's sidebar: the add-on id made a widget id, then `-sidebar-action`. */
const sidebarIdOf = (geckoId: string) => `${geckoId.toLowerCase().replace(/[^a-z0-9_-]/g, '_')}-sidebar-action`;

async function chromeWindow(browser: Browser): Promise<string> {
  const { result } = await connectionOf(browser).send('browsingContext.getTree', { 'moz:scope': 'chrome' });
  const contexts = (result as { contexts: { context: string; url: string }[] }).contexts;
  const main = contexts.find((c) => c.url === 'chrome://browser/content/browser.xhtml');
  if (!main) throw new Error(`no browser window among ${contexts.map((c) => c.url).join(', ')}`);
  return main.context;
}

/** Evaluates `expression` (a string or a promise of one) in Firefox's browser window (chrome privileges). */
async function evaluateInChrome(browser: Browser, expression: string): Promise<string> {
  const context = await chromeWindow(browser);
  const { result } = await connectionOf(browser).send('script.evaluate', {
    expression,
    target: { context },
    awaitPromise: true,
    resultOwnership: 'none',
  });
  const r = result as EvaluateResult;
  if (r.type === 'exception') throw new Error(`chrome window: ${r.exceptionDetails?.text ?? 'exception'}`);
  const value = r.result?.value;
  return typeof value === 'string' ? value : JSON.stringify(value ?? '');
}

export interface FirefoxSidebar {
  /** The sidebar page's visible text ('' while it has none). */
  text(): Promise<string>;
  /** Whether an element with this `data-testid` is in the sidebar page. */
  has(testId: string): Promise<boolean>;
  /** Calls `fnOfDocument` (a function's source, `(doc) => …`) on the sidebar's document; its JSON-able answer. */
  evaluateOn<T>(fnOfDocument: string): Promise<T>;
  /** Scrolls the first element matching `selector` into the middle of the sidebar. */
  scrollTo(selector: string): Promise<void>;
  /** A PNG of the sidebar's page as the reader sees it. */
  screenshot(): Promise<Buffer>;
  hide(): Promise<void>;
}

interface SidebarHost {
  browser: Browser;
  probe: Page;
  geckoId: string;
}

/** Whether the extension's sidebar is open and its page loaded (asked from the probe page). */
export async function sidebarLoaded(fx: SidebarHost): Promise<boolean> {
  return fx.probe.evaluate(() => {
    const { browser } = globalThis as unknown as InExtensionPage;
    return browser.extension.getViews({ type: 'sidebar' })[0]?.document.readyState === 'complete';
  });
}

/** A handle on the open sidebar (see showSidebar, or open it the reader's way and wait with sidebarLoaded). */
export function sidebarHandle(fx: SidebarHost): FirefoxSidebar {
  const inSidebar = <T>(body: string) =>
    fx.probe.evaluate(`(() => {
      const doc = browser.extension.getViews({ type: 'sidebar' })[0]?.document;
      if (!doc) throw new Error('the sidebar is not open');
      ${body}
    })()`) as Promise<T>;
  return {
    text: () => inSidebar<string>(`return doc.body?.innerText ?? '';`),
    evaluateOn: <T>(fn: string) => inSidebar<T>(`return (${fn})(doc);`),
    has: (testId) => inSidebar<boolean>(`return !!doc.querySelector('[data-testid=${JSON.stringify(testId)}]');`),
    scrollTo: (selector) =>
      inSidebar<void>(`doc.querySelector(${JSON.stringify(selector)})?.scrollIntoView({ block: 'center' });`),
    async screenshot() {
      const url = await evaluateInChrome(
        fx.browser,
        `(async () => {
          const panel = SidebarController.browser.contentDocument.getElementById('webext-panels-browser');
          const bitmap = await panel.browsingContext.currentWindowGlobal.drawSnapshot(null, 1, 'white');
          const canvas = document.createElement('canvas');
          canvas.width = bitmap.width;
          canvas.height = bitmap.height;
          canvas.getContext('2d').drawImage(bitmap, 0, 0);
          return canvas.toDataURL('image/png');
        })()`,
      );
      return Buffer.from(url.replace(/^data:image\/png;base64,/, ''), 'base64');
    },
    async hide() {
      await evaluateInChrome(fx.browser, `(SidebarController.hide(), 'ok')`);
    },
  };
}

/** Opens the extension's sidebar the way Firefox's sidebar menu does, `width` pixels wide, and waits for it. */
export async function showSidebar(fx: SidebarHost, width = 360, timeoutMs = 10_000): Promise<FirefoxSidebar> {
  const id = sidebarIdOf(fx.geckoId);
  await evaluateInChrome(
    fx.browser,
    `(async () => {
      if (!SidebarController.sidebars.has(${JSON.stringify(id)})) throw new Error('no sidebar ${id}');
      await SidebarController.show(${JSON.stringify(id)});
      SidebarController._box.style.width = '${width}px';
      return SidebarController.currentID;
    })()`,
  );
  const deadline = Date.now() + timeoutMs;
  while (!(await sidebarLoaded(fx))) {
    if (Date.now() > deadline) throw new Error('the sidebar did not load');
    await new Promise((r) => setTimeout(r, 50));
  }
  return sidebarHandle(fx);
}
