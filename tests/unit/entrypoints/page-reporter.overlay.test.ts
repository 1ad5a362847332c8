// @vitest-environment happy-dom
/**
 * The one overlay handler of the always-on content script (entrypoints/page-reporter.ts): it passes the
 * background's command to the overlay module, loading that module (a web-accessible script, imported into the
 * content script's isolated world) only for "mount" or the keyboard's "toggle". Anything else for a page that never
 * loaded it does nothing at all: no import, no DOM.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import pageReporter from '../../../entrypoints/page-reporter';
import { OVERLAY_GLOBAL, PAGE_OVERLAY_TYPE } from '../../../utils/messages';

const slot = globalThis as Record<symbol, unknown>;
const ask = (message: unknown) =>
  new Promise<unknown>((resolve) => {
    void fakeBrowser.runtime.onMessage.trigger(message, {}, resolve);
  });

beforeEach(() => {
  vi.useFakeTimers();
  fakeBrowser.reset();
  (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM.setURL('https://www.scmp.com/news/a');
  vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockResolvedValue(undefined as never);
});
afterEach(async () => {
  await vi.advanceTimersByTimeAsync(60_000);
  vi.clearAllTimers();
  vi.useRealTimers();
  delete slot[OVERLAY_GLOBAL];
});

describe('the overlay message', () => {
  it('for a page that never loaded the overlay: unmount and close do nothing, and load nothing', async () => {
    const getURL = vi.spyOn(fakeBrowser.runtime, 'getURL');
    pageReporter.main();
    const before = document.documentElement.outerHTML;
    expect(await ask({ type: PAGE_OVERLAY_TYPE, command: 'unmount' })).toBeNull();
    expect(await ask({ type: PAGE_OVERLAY_TYPE, command: 'close' })).toBeNull();
    expect(getURL).not.toHaveBeenCalled();
    expect(document.documentElement.outerHTML).toBe(before);
  });

  it('"mount" loads /overlay.js (once) and hands it the command; later commands go to it', async () => {
    const overlay = vi.fn((_command: unknown) => true);
    const getURL = vi.spyOn(fakeBrowser.runtime, 'getURL');
    pageReporter.main();
    // happy-dom cannot import a chrome-extension:// module: the import fails, and the answer says so.
    expect(await ask({ type: PAGE_OVERLAY_TYPE, command: 'mount' })).toBe(false);
    expect(getURL).toHaveBeenCalledWith('/overlay.js');
    slot[OVERLAY_GLOBAL] = overlay; // as if overlay.js were loaded
    const mount = { type: PAGE_OVERLAY_TYPE, command: 'mount', labels: {}, side: 'right', lang: 'en' };
    expect(await ask(mount)).toBe(true);
    expect(await ask({ type: PAGE_OVERLAY_TYPE, command: 'unmount' })).toBe(true);
    expect(overlay.mock.calls.map(([c]) => c)).toEqual([mount, { type: PAGE_OVERLAY_TYPE, command: 'unmount' }]);
    expect(getURL).toHaveBeenCalledTimes(1);
  });
});
