// @vitest-environment happy-dom
import { cleanup, fireEvent, render } from '@testing-library/preact';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { StoryRow } from '../../../../components/library/StoryRow';
import type { SavedRecord } from '../../../../utils/storage/library-rows';
import { belarus, cafe, makeStory } from '../../support/storage-fixtures';

// The fake browser has no message catalogue: a string is its key.
beforeEach(() => {
  vi.spyOn(fakeBrowser.i18n, 'getMessage').mockImplementation((key: string) => key);
});
afterEach(cleanup);

const record = (story = belarus, extra: Partial<SavedRecord> = {}): SavedRecord => ({
  key: 1,
  id: story.id,
  story,
  savedAt: Date.UTC(2025, 11, 20, 9),
  pageUrl: '',
  pageTitle: '',
  tags: ['벨라루스', 'Sanctions'],
  note: '',
  category: story.category,
  ...extra,
});

describe('a library row', () => {
  it('shows the title in the reader’s language, the other edition’s small, and category, source, tags', () => {
    const { getByTestId } = render(
      <StoryRow record={record()} lang="ko" selected={false} focused onOpen={() => undefined} />,
    );
    const row = getByTestId('library-row');
    expect(row.querySelector('.row-title')?.textContent).toBe(belarus.editions.ko!.title);
    expect(row.querySelector('.row-title')?.getAttribute('lang')).toBe('ko');
    expect(row.querySelector('.row-subtitle')?.textContent).toBe(belarus.editions.en!.title);
    expect(row.textContent).toContain('Politics');
    expect(row.textContent).toContain('Example Times');
    expect(row.querySelector('.row-tags')?.textContent).toContain('#Sanctions');

    const en = render(<StoryRow record={record()} lang="en" selected={false} focused onOpen={() => undefined} />);
    expect(en.container.querySelector('.row-title')?.textContent).toBe(belarus.editions.en!.title);
  });

  it('falls back to the edition there is, without an empty subtitle', () => {
    const { container } = render(
      <StoryRow record={record(cafe, { tags: [] })} lang="ko" selected={false} focused onOpen={() => undefined} />,
    );
    expect(container.querySelector('.row-title')?.textContent).toBe(cafe.editions.en!.title);
    expect(container.querySelector('.row-subtitle')).toBeNull();
    expect(container.querySelector('.row-tags')).toBeNull();
  });

  it('renders story text as text, never as HTML', () => {
    const story = makeStory('html-title', {
      en: { title: '<img src=x onerror=alert(1)> <b>Bold</b>', summary: 'S', body: ['B'], tags: [] },
    });
    const { container } = render(
      <StoryRow
        record={record(story, { tags: ['<script>x</script>'] })}
        lang="en"
        selected={false}
        focused
        onOpen={() => undefined}
      />,
    );
    expect(container.querySelector('img, b, script')).toBeNull();
    expect(container.querySelector('.row-title')?.textContent).toBe('<img src=x onerror=alert(1)> <b>Bold</b>');
  });

  it('opens on click, and only the focused row is in the tab order', () => {
    const onOpen = vi.fn();
    const { getByTestId, rerender } = render(
      <StoryRow record={record()} lang="en" selected={false} focused onOpen={onOpen} />,
    );
    fireEvent.click(getByTestId('library-row'));
    expect(onOpen).toHaveBeenCalledOnce();
    expect(getByTestId('library-row').tabIndex).toBe(0);
    rerender(<StoryRow record={record()} lang="en" selected focused={false} onOpen={onOpen} />);
    expect(getByTestId('library-row').tabIndex).toBe(-1);
    expect(getByTestId('library-row').getAttribute('aria-current')).toBe('true');
  });
});
