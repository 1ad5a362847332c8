/**
 * `wxt/browser` for the scripts that run in pages (the content script, the detector and the overlay modules it
 * imports): wxt.config.ts points their builds' `wxt/browser` here. WXT's own takes `globalThis.browser` when
 * `browser.runtime.id` is set, else `chrome`, and a page's elements are globals too: `<form id="browser"><input
 * name="runtime" id="x">` made the content script take that form for the extension API. The real namespaces are
 * own properties of the isolated world's global; a page's element is a named property further up the chain. But
 * Chromium (156, checked) does not define `chrome` (or `browser`) in the isolated world at all when the page
 * already has an element of that name when the content script starts: so the first of the two that is an own
 * property is the one to use. A page that names elements after both switches the extension off on itself
 * (docs/threat-model.md). Firefox: `browser` (its `chrome` has no promises), defined by the content-script sandbox.
 */
import type { browser as WxtBrowser } from 'wxt/browser';

const world = globalThis as unknown as Record<string, typeof WxtBrowser>;
const names = import.meta.env.FIREFOX ? ['browser'] : ['chrome', 'browser'];
export const browser: typeof WxtBrowser = world[names.find((name) => Object.hasOwn(world, name)) ?? names[0]!]!;
