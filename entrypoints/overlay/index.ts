/**
 * The overlay module (pill.ts beside it): a web-accessible script the content script imports into its
 * isolated world only when the background says the page is a confirmed match (entrypoints/page-reporter.ts), the
 * way it imports the detector. Pages PRISM has nothing to say about never load it. Loading it leaves one function
 * where the content script finds it; the page cannot see it.
 */
import { browser } from 'wxt/browser';
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { OVERLAY_GLOBAL, type OverlayCommand } from '@/utils/messages';
import { createOverlay } from './pill';

export default defineUnlistedScript(() => {
  const slot = globalThis as unknown as Record<symbol, ((command: OverlayCommand) => boolean) | undefined>;
  if (slot[OVERLAY_GLOBAL]) return;
  slot[OVERLAY_GLOBAL] = createOverlay({
    document,
    cardUrl: () => (browser.runtime.getURL as (path: string) => string)('/overlay-card.html'),
    send: (message) => browser.runtime.sendMessage(message),
    location: () => location.href,
  });
});
