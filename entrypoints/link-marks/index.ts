/**
 * The link-marks module (entrypoints/link-marks/marks.ts): a web-accessible script the content script imports into
 * its isolated world only when the background says this page gets marks (entrypoints/background/link-marks.ts), the
 * way it imports the overlay and the detector. Pages where marks do not run never load it. Loading it leaves one
 * function where the content script finds it; the page cannot see it.
 */
import { browser } from 'wxt/browser';
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { LINK_MARKS_GLOBAL, type LinkMarksCommand } from '@/utils/messages';
import { createLinkMarks } from '@/entrypoints/link-marks/marks';

export default defineUnlistedScript(() => {
  const slot = globalThis as unknown as Record<symbol, ((command: LinkMarksCommand) => boolean) | undefined>;
  if (slot[LINK_MARKS_GLOBAL]) return;
  slot[LINK_MARKS_GLOBAL] = createLinkMarks({
    document,
    send: (message) => browser.runtime.sendMessage(message),
  });
});
