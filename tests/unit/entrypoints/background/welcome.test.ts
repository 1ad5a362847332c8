/** The first-run page (entrypoints/background/welcome.ts): opened on install only. */
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { beforeEach, describe, expect, it } from 'vitest';
import { registerWelcome, WELCOME_PATH } from '../../../../entrypoints/background/welcome';

beforeEach(() => {
  fakeBrowser.reset();
  registerWelcome();
});

const welcomeTabs = async () =>
  (await fakeBrowser.tabs.query({})).filter((t) => t.url?.endsWith(WELCOME_PATH.slice(1)));

describe('the welcome page', () => {
  it('opens once on install', async () => {
    await fakeBrowser.runtime.onInstalled.trigger({ reason: 'install', temporary: false } as never);
    expect(await welcomeTabs()).toHaveLength(1);
  });

  it('does not open on an update, a reload of the extension (also "update"), or a browser update', async () => {
    for (const reason of ['update', 'chrome_update', 'browser_update', 'shared_module_update']) {
      await fakeBrowser.runtime.onInstalled.trigger({ reason, temporary: false } as never);
    }
    expect(await welcomeTabs()).toHaveLength(0);
  });
});
