/**
 * Runs on every http(s) page: says what the page is (news or not, its canonical URL, title, publisher) to the
 * background, and changes nothing on the page. It is built without the webextension polyfill (wxt.config.ts):
 * every kilobyte here runs on every page.
 *
 * When it detects: at document_idle; again when a single-page app changes the URL; and, while a page does not
 * look like news yet, after the DOM settles (a story rendered late), for at most LATE_WINDOW_MS.
 */
import { browser } from 'wxt/browser';
import { defineContentScript } from 'wxt/utils/define-content-script';
import { detectPage } from '@/utils/detect';
import { PAGE_PING_TYPE, PAGE_REPORT_TYPE } from '@/utils/page-report';
import type { PageReport } from '@/utils/tab-state';

const LATE_WINDOW_MS = 10_000;
const SETTLE_MS = 400;
const MAX_LATE_RUNS = 8;

export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  runAt: 'document_idle',
  main(ctx) {
    let last = '';
    let lastPage: PageReport | undefined;
    /** Detects and reports, unless the answer is the one already reported for this URL. Returns isNews. */
    const report = (): boolean => {
      const d = detectPage(document, location.href);
      const page: PageReport = {
        url: location.href,
        canonicalUrl: d.canonicalUrl,
        title: d.title,
        publisher: d.publisher,
        publishedAt: d.publishedAt,
        lang: d.lang,
        isNews: d.isNews,
        score: d.score,
        signals: d.signals,
      };
      lastPage = page;
      const key = `${page.url}\n${page.isNews}\n${page.canonicalUrl}\n${page.title}`;
      if (key !== last) {
        last = key;
        browser.runtime.sendMessage({ type: PAGE_REPORT_TYPE, report: page }).catch(() => {
          // The extension was reloaded or updated: this page's script is orphaned and has nobody to tell.
        });
      }
      return d.isNews;
    };

    let stopWatching = () => {};
    /** While the page is not news, look again when the DOM has settled; bounded in time and in runs. */
    const watchForLateStory = () => {
      stopWatching();
      let runs = 0;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const observer = new MutationObserver(() => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          if (report() || ++runs >= MAX_LATE_RUNS) stopWatching();
        }, SETTLE_MS);
      });
      const deadline = setTimeout(() => stopWatching(), LATE_WINDOW_MS);
      stopWatching = () => {
        observer.disconnect();
        clearTimeout(timer);
        clearTimeout(deadline);
      };
      observer.observe(document.documentElement, { childList: true, subtree: true });
    };

    const detect = () => {
      if (!report()) watchForLateStory();
      else stopWatching();
    };
    detect();
    ctx.addEventListener(window, 'wxt:locationchange', detect);
    // The background checks, after a tab loads, that the page it knows is the one shown (tab-lifecycle.ts).
    browser.runtime.onMessage.addListener((message: unknown) => {
      if ((message as { type?: unknown } | null)?.type !== PAGE_PING_TYPE) return undefined;
      if (location.href !== lastPage?.url) report();
      return Promise.resolve(lastPage);
    });
    ctx.onInvalidated(() => stopWatching());
  },
});
