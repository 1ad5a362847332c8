/**
 * The toolbar badge in both shapes of the toolbar API: Chrome's MV3 `action` and Firefox's MV2 `browserAction`
 * (where `action` does not exist), a browser with neither, and a tab that closed while its answer came.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import {
  BADGE_TEXT,
  SAME_EVENT_BADGE_TEXT,
  showTabBadge,
  toolbarButton,
  type ToolbarApis,
} from '../../../../entrypoints/background/toolbar-badge';
import type { TabState } from '../../../../utils/tab-state';
import { sameEventMarkSetting } from '../../../../stores/storage-items';

const found = { status: 'found', storyId: 's1', seq: 1, updatedAt: 0 } as unknown as TabState;
const none = { status: 'none', seq: 2, updatedAt: 0 } as unknown as TabState;
const looking = { status: 'looking', seq: 3, updatedAt: 0 } as unknown as TabState;
const sameEvent = {
  status: 'same-event',
  storyId: 's1',
  event: { score: 0.5, site: 'scmp.com' },
  seq: 4,
  updatedAt: 0,
} as unknown as TabState;

/** The fake browser's toolbar button (it implements `action`; its `browserAction` is not mocked). */
const fakeButton = () => fakeBrowser.action as unknown as NonNullable<ToolbarApis['action']>;
const mv3 = (): ToolbarApis => ({ action: fakeButton(), tabs: fakeBrowser.tabs });
const mv2 = (): ToolbarApis => ({ browserAction: fakeButton(), tabs: fakeBrowser.tabs });
const badge = (tabId: number) => fakeBrowser.action.getBadgeText({ tabId });

let tabId: number;
beforeEach(async () => {
  fakeBrowser.reset();
  // The fake browser has no i18n messages: the title is the message's name.
  vi.spyOn(fakeBrowser.i18n, 'getMessage').mockImplementation((name: string) => name);
  tabId = (await fakeBrowser.tabs.create({ url: 'https://news.example/a' })).id!;
});

describe.each([
  ['Chrome MV3 (action)', mv3],
  ['Firefox MV2 (browserAction, no action)', mv2],
])('%s', (_name, apis) => {
  it('never gives a same-event match the exact mark; a quiet other mark only when the reader turned it on', async () => {
    await showTabBadge(tabId, sameEvent, apis());
    expect(await badge(tabId)).toBe('');
    expect(await fakeBrowser.action.getTitle({ tabId })).toBe('actionTitle');
    await sameEventMarkSetting.setValue(true);
    await showTabBadge(tabId, sameEvent, apis());
    expect(await badge(tabId)).toBe(SAME_EVENT_BADGE_TEXT);
    expect(SAME_EVENT_BADGE_TEXT).not.toBe(BADGE_TEXT);
    expect(await fakeBrowser.action.getTitle({ tabId })).toBe('actionTitleSameEvent');
    await showTabBadge(tabId, found, apis()); // the exact mark is the exact match's alone
    expect(await badge(tabId)).toBe(BADGE_TEXT);
  });

  it('marks a tab whose story was found, with the found title, and clears the mark for anything else', async () => {
    await showTabBadge(tabId, found, apis());
    expect(await badge(tabId)).toBe(BADGE_TEXT);
    expect(await fakeBrowser.action.getTitle({ tabId })).toBe('actionTitleFound');

    await showTabBadge(tabId, looking, apis());
    expect(await badge(tabId)).toBe(BADGE_TEXT); // a lookup in progress changes nothing

    await showTabBadge(tabId, none, apis());
    expect(await badge(tabId)).toBe('');
    expect(await fakeBrowser.action.getTitle({ tabId })).toBe('actionTitle');
  });

  it('says nothing when the tab closed before its answer came', async () => {
    const closed = tabId + 100;
    vi.spyOn(fakeButton(), 'setBadgeText').mockRejectedValue(new Error(`Invalid tab ID: ${closed}`));
    await expect(showTabBadge(closed, found, apis())).resolves.toBeUndefined();
  });

  it('lets any other failure through (it is a bug, not a closed tab)', async () => {
    vi.spyOn(fakeButton(), 'setBadgeText').mockRejectedValue(new Error('badge text too long'));
    await expect(showTabBadge(tabId, found, apis())).rejects.toThrow('badge text too long');
  });
});

describe('choosing the toolbar API', () => {
  it('takes action when the browser has it, browserAction when it has only that, and nothing otherwise', () => {
    const a = fakeButton();
    const b = { ...fakeButton() };
    expect(toolbarButton({ action: a, browserAction: b, tabs: fakeBrowser.tabs })).toBe(a);
    expect(toolbarButton({ browserAction: b, tabs: fakeBrowser.tabs })).toBe(b);
    expect(toolbarButton({ tabs: fakeBrowser.tabs })).toBeNull();
  });

  it('a browser with no toolbar button API gets no mark and no error', async () => {
    await expect(showTabBadge(tabId, found, { tabs: fakeBrowser.tabs })).resolves.toBeUndefined();
    expect(await badge(tabId)).toBe('');
  });

  it('the default is the real browser object (the fake one here, which has action)', async () => {
    await showTabBadge(tabId, found);
    expect(await badge(tabId)).toBe(BADGE_TEXT);
  });
});
