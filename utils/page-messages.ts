/**
 * The names of the messages between the content script and the background (their shapes and validation are in
 * page-report.ts). A file of its own so that the content script, which runs on every page, imports three strings
 * and not the validation library.
 */

/** Content script → background: the page's cheap facts. */
export const PAGE_REPORT_TYPE = 'prism:page';
/** Background → content script: "what is your page now?" (answered with the current report). */
export const PAGE_PING_TYPE = 'prism:ping';
/** Background → content script: "run the full news detector" (answered with a PageDetection). */
export const PAGE_DETECT_TYPE = 'prism:detect';
/**
 * Where the detector module, once loaded into the content script's isolated world, leaves its function: a symbol,
 * because a string-named global is one a page's element can take (`<div id="prism-lens.detect">` is a named
 * property of the window in every world), and the content script would then call the page's element.
 */
export const DETECTOR_GLOBAL: unique symbol = Symbol.for('prism-lens.detect');
