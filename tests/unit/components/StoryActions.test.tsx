// @vitest-environment happy-dom
/**
 * The story's actions: the Markdown copied is the story as it would be saved, in the edition shown; an unsave says
 * whether a note went with it and offers Undo, which puts the story (and its note) back.
 */
import { cleanup, fireEvent, render, waitFor } from '@testing-library/preact';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SavedLibraryContext, type SavedLibrary } from '../../../components/saved-library';
import { StoryActions } from '../../../components/StoryActions';
import { storyMarkdown } from '../../../utils/storage/export-markdown';
import { newSavedStory } from '../../../utils/storage/saved-record';
import { makeStory } from '../../fixtures/story';

const story = makeStory();
const library: SavedLibrary = {
  useSaved: () => false,
  save: async () => undefined,
  unsave: async () => ({ undo: null, hadNote: false }),
};

beforeEach(() => {
  vi.spyOn(fakeBrowser.i18n, 'getMessage').mockImplementation((key: string) => key);
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('the story actions', () => {
  it('copy the story as Markdown, as it would be saved from this page', async () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.UTC(2026, 0, 2));
    const writeText = vi.fn(async (_text: string) => undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    const page = { url: 'https://news.example/a', declared: [], titles: ['Page title'], publisher: null, lang: null };
    const { getByLabelText } = render(
      <SavedLibraryContext.Provider value={library}>
        <StoryActions story={story} page={page} lang="ko" inPopup={false} />
      </SavedLibraryContext.Provider>,
    );
    fireEvent.click(getByLabelText('copyMarkdown'));
    await waitFor(() => expect(writeText).toHaveBeenCalledTimes(1));
    const expected = newSavedStory(story, { pageUrl: page.url, pageTitle: 'Page title' });
    expect(writeText.mock.calls[0]![0]).toBe(storyMarkdown(expected, { primaryLang: 'ko' }));
    expect(writeText.mock.calls[0]![0]).toContain('2026-01-02T00:00:00.000Z');
  });

  it('unsaves with an Undo that puts the story back, and says when a note went with it', async () => {
    let saved = true;
    const undo = vi.fn(async () => {
      saved = true;
    });
    const withNote: SavedLibrary = {
      useSaved: () => saved,
      save: async () => undefined,
      unsave: vi.fn(async () => {
        saved = false;
        return { undo, hadNote: true };
      }),
    };
    const { getByTestId, findByTestId, findByText } = render(
      <SavedLibraryContext.Provider value={withNote}>
        <StoryActions story={story} lang="en" inPopup={false} />
      </SavedLibraryContext.Provider>,
    );
    fireEvent.click(getByTestId('save-button'));
    expect(await findByText('unsavedNoticeNote')).toBeTruthy();
    fireEvent.click(await findByTestId('undo-unsave'));
    await waitFor(() => expect(undo).toHaveBeenCalledTimes(1));
    expect(await findByText('restoredNotice')).toBeTruthy();
  });

  it('says a plain removal when there was no note', async () => {
    const plain: SavedLibrary = {
      useSaved: () => true,
      save: async () => undefined,
      unsave: async () => ({ undo: async () => undefined, hadNote: false }),
    };
    const { getByTestId, findByText } = render(
      <SavedLibraryContext.Provider value={plain}>
        <StoryActions story={story} lang="en" inPopup={false} />
      </SavedLibraryContext.Provider>,
    );
    fireEvent.click(getByTestId('save-button'));
    expect(await findByText('unsavedNotice')).toBeTruthy();
    expect(getByTestId('undo-unsave')).toBeTruthy();
  });
});
