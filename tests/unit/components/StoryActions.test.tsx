// @vitest-environment happy-dom
/** The story's actions: the Markdown copied is the story as it would be saved, in the edition shown. */
import { cleanup, fireEvent, render, waitFor } from '@testing-library/preact';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SavedLibraryContext, type SavedLibrary } from '../../../components/saved-library';
import { StoryActions } from '../../../components/StoryActions';
import { storyMarkdown } from '../../../utils/storage/export-markdown';
import { newSavedStory } from '../../../utils/storage/saved-record';
import { makeStory } from '../../fixtures/story';

const story = makeStory();
const library: SavedLibrary = { useSaved: () => false, save: async () => undefined, unsave: async () => undefined };

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
});
