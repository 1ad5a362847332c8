/**
 * The Firefox set-up itself, so the other files can trust it: the build is installed as a temporary add-on at the
 * fixed moz-extension address, its background is MV2's persistent page with `browserAction` and no `action` (the
 * branch entrypoints/background/toolbar-badge.ts takes), and an error in the extension does reach the check that
 * fails every test.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { EXTENSION_UUID, inBackground } from '../../../tools/browsers/firefox';
import { startFirefoxSuite, useFirefoxSuite, waitUntil, type FirefoxSuite } from './suite';

let suite: FirefoxSuite;
beforeAll(async () => {
  suite = await startFirefoxSuite();
});
useFirefoxSuite(() => suite);

describe('the Firefox build in Firefox ESR', () => {
  it('runs as MV2: a persistent background page with browserAction, and no action', async () => {
    expect(suite.fx.origin).toBe(`moz-extension://${EXTENSION_UUID}`);
    const shape = await inBackground(
      suite.fx,
      (bg) => ({
        page: bg.location.href,
        action: typeof bg.browser.action,
        browserAction: typeof bg.browser.browserAction,
        sidebarAction: typeof bg.browser.sidebarAction,
        sidePanel: typeof bg.browser.sidePanel,
      }),
      null,
    );
    expect(shape).toEqual({
      page: `${suite.fx.origin}/_generated_background_page.html`,
      action: 'undefined',
      browserAction: 'object',
      sidebarAction: 'object',
      sidePanel: 'undefined',
    });
  });

  it('sees an error thrown in the extension (what fails every Firefox test)', async () => {
    const plant = (bg: Window) => {
      bg.setTimeout(() => {
        throw new Error('planted by launcher.e2e.ts');
      });
    };
    await inBackground(suite.fx, plant, null);
    const seen = await waitUntil(
      async () => suite.fx.output.takeExtensionErrors(),
      (errors) => errors.length > 0,
      "the planted error in Firefox's output",
    );
    expect(seen).toEqual([expect.stringMatching(/^JavaScript error: moz-extension:.*planted by launcher\.e2e\.ts/)]);
  });
});
