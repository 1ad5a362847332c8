/**
 * Runs on every http(s) page: says what the page is (news or not, its canonical URL, title, publisher) to the
 * background, and changes nothing on the page. Single-page apps: detect again when the URL changes.
 */
import { defineContentScript } from 'wxt/utils/define-content-script';
import { detectPage } from '@/utils/detect';
import { sendMessage } from '@/utils/messaging';
import type { PageReport } from '@/utils/tab-state';

export default defineContentScript({
  matches: ['http://*/*', 'https://*/*'],
  runAt: 'document_idle',
  main(ctx) {
    const report = () => {
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
      sendMessage('pageDetected', page).catch(() => {
        // The extension was reloaded or updated: this page's script is orphaned and has nobody to tell.
      });
    };
    report();
    ctx.addEventListener(window, 'wxt:locationchange', report);
  },
});
