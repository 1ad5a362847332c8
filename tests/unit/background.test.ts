import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { PageReport } from '../../utils/tab-state';
import type { Resolution } from '../../utils/lookup/resolve-page';

// The lookup itself is tested in resolve-page.test.ts; here it is held in our hands to test ordering.
const pending: { page: PageReport; resolve: (r: Resolution) => void }[] = [];
vi.mock('../../utils/lookup/resolve-page', () => ({
  resolvePage: (page: PageReport) => new Promise<Resolution>((resolve) => pending.push({ page, resolve })),
}));

const { lookUpLink, lookUpTab } = await import('../../entrypoints/background/page-lookup');
const { getTabState, getState } = await import('../../entrypoints/background/tab-states');
const { BADGE_TEXT } = await import('../../entrypoints/background/toolbar-badge');

const TAB = 7;
const report = (url: string, isNews = true): PageReport => ({
  url,
  canonicalUrl: null,
  title: 'A headline long enough to be a key',
  publisher: null,
  publishedAt: null,
  lang: 'en',
  isNews,
  score: isNews ? 1 : 0,
  signals: [],
});
const badge = () => fakeBrowser.action.getBadgeText({ tabId: TAB });
const settle = () => new Promise((r) => setTimeout(r, 0));
async function answer(index: number, resolution: Resolution) {
  while (!pending[index]) await settle();
  pending[index]!.resolve(resolution);
  await settle();
  await settle();
}

beforeEach(() => {
  fakeBrowser.reset();
  pending.length = 0;
});

describe('a tab report', () => {
  it('marks the toolbar icon once a story is found, and only then', async () => {
    const done = lookUpTab(TAB, report('https://news.example/a'));
    await settle();
    expect((await getTabState(TAB))?.status).toBe('looking');
    expect(await badge()).toBe('');
    await answer(0, { status: 'found', storyId: 's1', matchedBy: 'url' });
    await done;
    expect(await getTabState(TAB)).toMatchObject({ status: 'found', storyId: 's1' });
    expect(await badge()).toBe(BADGE_TEXT);
  });

  it('does not clear the mark while the next page is being looked up (no flicker)', async () => {
    const first = lookUpTab(TAB, report('https://news.example/a'));
    await answer(0, { status: 'found', storyId: 's1', matchedBy: 'url' });
    await first;
    const second = lookUpTab(TAB, report('https://news.example/b'));
    await settle();
    expect(await badge()).toBe(BADGE_TEXT);
    await answer(1, { status: 'none' });
    await second;
    expect(await badge()).toBe('');
  });

  it('never lets a slow lookup of an earlier page overwrite the answer for a newer one', async () => {
    const slow = lookUpTab(TAB, report('https://news.example/old'));
    const fast = lookUpTab(TAB, report('https://news.example/new'));
    await answer(1, { status: 'none' });
    await fast;
    await answer(0, { status: 'found', storyId: 'old-story', matchedBy: 'url' });
    await slow;
    expect(await getTabState(TAB)).toMatchObject({ status: 'none', page: { url: 'https://news.example/new' } });
    expect(await badge()).toBe('');
  });

  it('does not look up a page that is not news', async () => {
    await lookUpTab(TAB, report('https://shop.example/', false));
    expect(pending).toHaveLength(0);
    expect((await getTabState(TAB))?.status).toBe('not-news');
  });
});

describe('a link from the context menu', () => {
  it('is looked up by its URL and text into the window\'s link state, not a tab\'s', async () => {
    const done = lookUpLink(3, 'https://news.example/linked', 'Linked headline text here');
    await answer(0, { status: 'found', storyId: 's2', matchedBy: 'title' });
    await done;
    expect(pending[0]!.page).toMatchObject({ url: 'https://news.example/linked', title: 'Linked headline text here', forced: true });
    expect(await getState('session:link:3')).toMatchObject({ status: 'found', storyId: 's2' });
    expect(await fakeBrowser.action.getBadgeText({})).toBe('');
  });
});
