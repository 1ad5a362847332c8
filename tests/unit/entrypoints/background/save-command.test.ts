/**
 * The Save shortcut (entrypoints/background/save-command.ts): the tab's confirmed analysis, fetched as the popup
 * fetches it, saved by the popup's own save; nothing for a possible match or a page without an analysis.
 */
import 'fake-indexeddb/auto';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { storage } from 'wxt/utils/storage';
import { tabStateKey, type TabState } from '../../../../utils/tab-state';
import { getDb } from '../../../../utils/storage/db';
import { getSaved, saveStory, unsaveAll } from '../../../../utils/storage/saved';
import { belarus } from '../../support/storage-fixtures';

const service = vi.hoisted(() => ({ getStory: vi.fn() }));
vi.mock('../../../../entrypoints/background/prism-service', () => service);
const { outcomeTitle, saveTabStory } = await import('../../../../entrypoints/background/save-command');

const page = {
  url: 'https://www.scmp.com/news/belarus',
  declared: [],
  titles: ['Belarus courts the US'],
  publisher: null,
  lang: 'en',
};
const state = (over: Partial<TabState>): TabState => ({
  status: 'found',
  storyId: belarus.id,
  page,
  seq: 1,
  updatedAt: 0,
  ...over,
});

beforeEach(async () => {
  fakeBrowser.reset();
  await unsaveAll(getDb());
  service.getStory.mockReset().mockResolvedValue({ ok: true, story: belarus });
});

describe('the Save shortcut', () => {
  it('saves the confirmed analysis of the tab, with the page it was read on', async () => {
    await storage.setItem(tabStateKey(7), state({}));
    expect(await saveTabStory(7)).toBe('saved');
    expect(service.getStory).toHaveBeenCalledWith(belarus.id);
    const saved = await getSaved(getDb(), belarus.id);
    expect(saved).toMatchObject({ pageUrl: page.url, pageTitle: 'Belarus courts the US' });
    expect(saved?.story.editions.en?.title).toBe(belarus.editions.en!.title);
  });

  it('says so when the story is saved already, without asking PRISM', async () => {
    await saveStory(getDb(), belarus, { pageUrl: '', pageTitle: '' });
    await storage.setItem(tabStateKey(7), state({}));
    expect(await saveTabStory(7)).toBe('already');
    expect(service.getStory).not.toHaveBeenCalled();
  });

  it('saves nothing for a possible match, a page without an analysis, or a tab it knows nothing of', async () => {
    await storage.setItem(tabStateKey(7), state({ status: 'possible' }));
    await storage.setItem(tabStateKey(8), state({ status: 'none', storyId: undefined }));
    expect(await saveTabStory(7)).toBe('none');
    expect(await saveTabStory(8)).toBe('none');
    expect(await saveTabStory(9)).toBe('none');
    expect(await getSaved(getDb(), belarus.id)).toBeUndefined();
  });

  it('reports why when the story cannot be fetched', async () => {
    service.getStory.mockResolvedValue({ ok: false, kind: 'unreachable', message: 'PRISM could not be reached' });
    await storage.setItem(tabStateKey(7), state({}));
    expect(await saveTabStory(7)).toEqual({ failed: { kind: 'unreachable', detail: 'PRISM could not be reached' } });
    expect(await getSaved(getDb(), belarus.id)).toBeUndefined();
  });

  it("says why in the reader's language: the cause's title, never the server's English words", async () => {
    // The catalogue stands in as "name(substitutions)": what is asserted is which messages the title is made of.
    vi.spyOn(fakeBrowser.i18n, 'getMessage').mockImplementation(
      (name: string, subs?: string | (string | number)[]) => `${name}(${[subs ?? []].flat().join(',')})`,
    );
    service.getStory.mockResolvedValue({ ok: false, kind: 'http', status: 503, message: 'PRISM answered 503' });
    await storage.setItem(tabStateKey(7), state({}));
    const title = await outcomeTitle(await saveTabStory(7));
    expect(title).toBe('saveShortcutFailed(faultHttpTitle())');
    expect(title).not.toMatch(/503|answered/);
  });
});
