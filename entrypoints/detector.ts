/**
 * The full news detector (utils/detect), as a module the content script imports into its isolated world only
 * when the background asks (entrypoints/page-reporter.ts): the pages PRISM has nothing to say about never load it.
 * Loading it leaves one function where the content script finds it; the page cannot see it.
 */
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { detectPage } from '@/utils/detect';
import { DETECTOR_GLOBAL } from '@/utils/messages';
import type { PageDetection } from '@/utils/tab-state';

export default defineUnlistedScript(() => {
  const run = (): PageDetection => {
    const d = detectPage(document, location.href);
    const { isNews, score, signals, title, publisher, canonicalUrl } = d;
    return { isNews, score, signals: signals.slice(0, 50), title, publisher, canonicalUrl };
  };
  (globalThis as unknown as Record<symbol, unknown>)[DETECTOR_GLOBAL] = run;
});
