/**
 * Opening the side panel in each browser's shape: Firefox's `sidebarAction`, Chrome's `sidePanel`, a browser with
 * neither, and a tab that closed before the panel could open for it.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { openPanel, type PanelApis } from '../../../adapters/side-panel-opener';

let tabId: number;
beforeEach(async () => {
  fakeBrowser.reset();
  tabId = (await fakeBrowser.tabs.create({ url: 'https://news.example/a' })).id!;
});

describe('opening the side panel', () => {
  it("uses Firefox's sidebarAction when the browser has it", async () => {
    const open = vi.fn(async () => undefined);
    await openPanel({ tabId }, { sidebarAction: { open }, tabs: fakeBrowser.tabs });
    expect(open).toHaveBeenCalledOnce();
  });

  it("uses Chrome's sidePanel for the tab, or for the window when no tab is known", async () => {
    const open = vi.fn(async (_target: { tabId: number } | { windowId: number }) => undefined);
    const apis: PanelApis = { sidePanel: { open }, tabs: fakeBrowser.tabs };
    await openPanel({ tabId, windowId: 3 }, apis);
    await openPanel({ windowId: 3 }, apis);
    expect(open.mock.calls.map(([target]) => target)).toEqual([{ tabId }, { windowId: 3 }]);
  });

  it('asks the browser at once, inside the gesture, before anything is awaited', () => {
    const open = vi.fn(async () => undefined);
    void openPanel({ tabId }, { sidebarAction: { open }, tabs: fakeBrowser.tabs });
    expect(open).toHaveBeenCalledOnce();
  });

  it('fails clearly in a browser with no side panel at all', async () => {
    await expect(openPanel({ tabId }, { tabs: fakeBrowser.tabs })).rejects.toThrow(/no side panel/);
  });

  it('is no error when the tab closed meanwhile, and is one otherwise', async () => {
    const refuse = vi.fn(async () => Promise.reject(new Error('No tab with id')));
    await expect(
      openPanel({ tabId: tabId + 100 }, { sidePanel: { open: refuse }, tabs: fakeBrowser.tabs }),
    ).resolves.toBeUndefined();
    const gesture = vi.fn(async () => Promise.reject(new Error('may only be called in response to a user gesture')));
    await expect(openPanel({ tabId }, { sidePanel: { open: gesture }, tabs: fakeBrowser.tabs })).rejects.toThrow(
      /user gesture/,
    );
  });
});
