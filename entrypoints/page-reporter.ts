/**
 * The content script, on every http(s) page (registered in wxt.config.ts). It reads only what is cheap — the
 * location, the address the page declares (rel=canonical, og:url), the headline candidates (og:title, <title>),
 * og:site_name — and sends them in one message. The background tests them against the local key
 * set; nothing leaves the browser for a page PRISM has not analysed. The full news detector is not in this file:
 * it is loaded into the page (a web-accessible module, imported into this isolated world) only when the
 * background asks, for a page whose headline alone matched or that the reader opened the popup on. Nor is the
 * overlay (the pill and the reading card's frame): it is loaded the same way, when the background says the page is
 * a confirmed match.
 *
 * It is an unlisted script rather than a WXT content script on purpose: WXT's content-script context posts a
 * message on `window` (a page could see the extension) and follows navigation through a DOM event a page can
 * dispatch. This script adds nothing a page can observe: no element, attribute, event or message. It follows
 * single-page navigation with trusted events only (the Navigation API's `navigatesuccess`, `popstate`; a 1 s poll
 * of the address where there is no Navigation API), and reports only what changed.
 */
import { browser } from 'wxt/browser';
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { DETECTOR_GLOBAL, PAGE_DETECT_TYPE, PAGE_PING_TYPE, PAGE_REPORT_TYPE } from '@/utils/messages';
import { LINK_MARKS_GLOBAL, OVERLAY_GLOBAL, PAGE_LINK_MARKS_TYPE, PAGE_OVERLAY_TYPE } from '@/utils/messages';
import type { PageDetection, PageReport } from '@/utils/tab-state';

const MAX_TEXT = 1000;
const MAX_URL = 8192;
/**
 * After a load or a navigation, <head> is read again at these times (a story whose head is rendered late). Three
 * reads cost a page less than a MutationObserver: measured with the page-cost bench, creating one and its
 * callbacks cost more than the reads, and every DOM or URL interface this script touches costs the page its
 * bindings (which is also why it copies the declared addresses as written, and the background resolves them).
 */
const READ_AGAIN_MS = [1000, 3000, 10_000];

/**
 * What the page says about itself, as written (utils/page-report.ts validates and resolves it). The work is bounded
 * whatever the page holds (a page can make this run again at will, and time it): every text is cut before it is
 * normalised, and the title is read as its first 2,000 characters (`document.title` would strip and collapse the
 * whole text first). `<head>` comes from Document's own getter: `document.head` is a named property a page's
 * `<img name="head">` can take (Document overrides built-ins), and the content script would read the image.
 */
function readFacts(): PageReport {
  const head = Reflect.get(Document.prototype, 'head', document) as HTMLHeadElement | null;
  const get = (selector: string, attr: string) => head?.querySelector(selector)?.getAttribute(attr) ?? null;
  const text = (s: string | null | undefined) =>
    s
      ? s
          .slice(0, 2 * MAX_TEXT)
          .replace(/\s+/g, ' ')
          .trim()
          .slice(0, MAX_TEXT)
      : '';
  const declared = [get('link[rel~="canonical" i]', 'href'), get('meta[property="og:url"]', 'content')]
    .map((u) => (u ? u.slice(0, MAX_URL).trim() : ''))
    .filter(Boolean);
  const title = (head?.querySelector('title')?.firstChild as CharacterData | null)?.substringData(0, 2 * MAX_TEXT);
  const titles = [text(get('meta[property="og:title"]', 'content')), text(title)].filter(Boolean);
  return {
    url: location.href.slice(0, MAX_URL),
    declared: [...new Set(declared)],
    titles: [...new Set(titles)],
    publisher: text(get('meta[property="og:site_name"]', 'content')) || null,
    lang: null,
  };
}

export default defineUnlistedScript(() => {
  if (window.top !== window || !/^https?:$/.test(location.protocol)) return;
  let sent = '';
  let current: PageReport;
  // When this document's script started (ms since the epoch): the background tells a report of the tab's new
  // document from a late one of the document before it, and then need not ask the tab what its page is
  // (tab-lifecycle.ts).
  const since = Date.now();
  const report = () => {
    current = readFacts();
    const key = JSON.stringify(current);
    if (key === sent) return;
    sent = key;
    browser.runtime.sendMessage({ type: PAGE_REPORT_TYPE, report: current, since }).catch(() => {
      // The extension was reloaded or updated: this page's script is orphaned and has nobody to tell.
    });
  };

  let readsAgain: ReturnType<typeof setTimeout>[] = [];
  /** Reports now, and again at READ_AGAIN_MS if <head> has changed by then. */
  const reportAndWatch = () => {
    report();
    readsAgain.forEach(clearTimeout); // an earlier load's reads give way to this navigation's
    readsAgain = READ_AGAIN_MS.map((ms) => setTimeout(report, ms));
  };
  reportAndWatch();

  let lastUrl = location.href;
  const onNavigation = (event?: Event) => {
    if (event && !event.isTrusted) return; // dispatched by the page, not the browser
    if (location.href === lastUrl) return;
    lastUrl = location.href;
    reportAndWatch();
  };
  const nav = (window as { navigation?: EventTarget }).navigation;
  if (nav) nav.addEventListener('navigatesuccess', onNavigation);
  else setInterval(() => onNavigation(), 1000);
  window.addEventListener('popstate', onNavigation);

  browser.runtime.onMessage.addListener((message: unknown, _sender: unknown, sendResponse: (r: unknown) => void) => {
    const type = (message as { type?: unknown } | null)?.type;
    if (type === PAGE_PING_TYPE) {
      // The answer only says "this page has our script": the page itself is told again as a report, which the
      // background takes only from a frame the browser says is at that origin (a renderer's answer could name any).
      sent = '';
      report();
      sendResponse(true);
      return undefined;
    }
    if (type === PAGE_OVERLAY_TYPE) {
      // The overlay (entrypoints/overlay/index.ts) is loaded only when the background says "mount" (a confirmed match)
      // or the reader pressed the overlay's key; anything else for a page that never loaded it does nothing.
      const command = (message as { command?: unknown }).command;
      void run<boolean>('/overlay.js', OVERLAY_GLOBAL, message, command === 'mount' || command === 'toggle').then(
        sendResponse,
        () => sendResponse(false),
      );
      return true;
    }
    if (type === PAGE_LINK_MARKS_TYPE) {
      // Link marks (entrypoints/link-marks/): loaded on the first `start`, only where the background says they run.
      const load = (message as { command?: unknown }).command === 'start';
      void run<boolean>('/link-marks.js', LINK_MARKS_GLOBAL, message, load).then(sendResponse, () =>
        sendResponse(false),
      );
      return true;
    }
    if (type !== PAGE_DETECT_TYPE) return undefined;
    void run<PageDetection>('/detector.js', DETECTOR_GLOBAL).then(sendResponse, () => sendResponse(null));
    return true; // answered asynchronously
  });
});

/**
 * Loads a web-accessible module (once, and only if `load`) into this isolated world, and runs the function it
 * leaves under `name`: the detector on the live page, or the overlay with the background's command.
 */
async function run<T>(
  file: '/detector.js' | '/overlay.js' | '/link-marks.js',
  name: symbol,
  arg?: unknown,
  load = true,
): Promise<T | null> {
  const slot = globalThis as unknown as Record<symbol, ((arg: unknown) => T) | undefined>;
  if (!slot[name] && load) await import(/* @vite-ignore */ browser.runtime.getURL(file));
  return slot[name]?.(arg) ?? null;
}
