/**
 * The card's library, kept by the background (entrypoints/background/card-library-proxy.ts): the card page has no
 * IndexedDB of ours, so its Save, unsave and Undo come here, with the tab's page saved beside the story.
 */
import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { TabState } from '../../../../utils/tab-state';
import { makeStory } from '../../../fixtures/story';

const story = makeStory({ id: 'seed-story' });
vi.mock('../../../../entrypoints/background/prism-service', () => ({
  getStory: async (id: string) =>
    id === 'seed-story'
      ? { ok: true, story: makeStory({ id: 'seed-story' }) }
      : { ok: false, kind: 'http', message: 'no such story', status: 404 },
}));

const URL_A = 'https://www.scmp.com/news/a';
const state = (status: TabState['status']): TabState => ({
  status,
  page: { url: URL_A, declared: [], titles: ['Headline A'], publisher: null, lang: 'en' },
  storyId: story.id,
  seq: Date.now(),
  updatedAt: Date.now(),
});
const setState = (tabId: number, s: TabState) => fakeBrowser.storage.session.set({ [`tab:${tabId}`]: s });

let bg: typeof import('../../../../entrypoints/background/card-library-proxy');
beforeEach(async () => {
  fakeBrowser.reset();
  vi.resetModules();
  bg = await import('../../../../entrypoints/background/card-library-proxy');
});

describe('the card page', () => {
  it("saves the story through the background (the card has no IndexedDB of ours), with the tab's page", async () => {
    await setState(13, state('found'));
    expect(await bg.libraryRequest(13, 'isSaved', story.id)).toEqual({ ok: true, saved: false });
    expect(await bg.libraryRequest(13, 'save', story.id)).toEqual({ ok: true, saved: true });
    expect(await bg.libraryRequest(13, 'isSaved', story.id)).toEqual({ ok: true, saved: true });
    const { getDb } = await import('../../../../utils/storage/db');
    const { getSaved } = await import('../../../../utils/storage/saved');
    expect(await getSaved(getDb(), story.id)).toMatchObject({ pageUrl: URL_A, pageTitle: 'Headline A' });
    expect(await bg.libraryRequest(13, 'unsave', story.id)).toEqual({ ok: true, saved: false, hadNote: false });
    expect(await bg.libraryRequest(13, 'save', 'unknown')).toEqual({ ok: false, message: 'no such story' });
  });

  it("undoes the card's unsave: the story comes back with the reader's note", async () => {
    await setState(13, state('found'));
    await bg.libraryRequest(13, 'save', story.id);
    const { getDb } = await import('../../../../utils/storage/db');
    const { getSaved, setNote } = await import('../../../../utils/storage/saved');
    await setNote(getDb(), story.id, 'ask the embassy');
    expect(await bg.libraryRequest(13, 'unsave', story.id)).toEqual({ ok: true, saved: false, hadNote: true });
    expect(await getSaved(getDb(), story.id)).toBeUndefined();
    expect(await bg.libraryRequest(13, 'restore', story.id)).toEqual({ ok: true, saved: true });
    expect(await getSaved(getDb(), story.id)).toMatchObject({ note: 'ask the embassy' });
    // Once: there is nothing left to undo.
    expect(await bg.libraryRequest(13, 'restore', story.id)).toEqual({ ok: false, message: 'Nothing to undo.' });
  });
});
