// @vitest-environment happy-dom
import { cleanup, fireEvent, render } from '@testing-library/preact';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SearchBox } from '../../../../components/library/SearchBox';

beforeEach(() => {
  vi.useFakeTimers();
  // The fake browser has no message catalogue: a string is its key.
  vi.spyOn(fakeBrowser.i18n, 'getMessage').mockImplementation((key: string) => key);
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('the library search box', () => {
  it('searches as the reader types, once the typing pauses', () => {
    const onSearch = vi.fn();
    const { getByRole } = render(<SearchBox onSearch={onSearch} />);
    const box = getByRole('searchbox') as HTMLInputElement;
    for (const text of ['s', 'sa', 'san']) {
      box.value = text;
      fireEvent.input(box);
      vi.advanceTimersByTime(50);
    }
    expect(onSearch).not.toHaveBeenCalled();
    vi.advanceTimersByTime(200);
    expect(onSearch.mock.calls).toEqual([['san']]);
  });

  it('does not search half-composed Korean; searches the word when the composition ends', () => {
    const onSearch = vi.fn();
    const { getByRole } = render(<SearchBox onSearch={onSearch} />);
    const box = getByRole('searchbox') as HTMLInputElement;
    fireEvent.compositionStart(box);
    for (const text of ['ㅂ', '베', '벨', '벨라', '벨라루', '벨라룻']) {
      box.value = text;
      fireEvent.input(box);
      vi.advanceTimersByTime(500);
    }
    expect(onSearch).not.toHaveBeenCalled();
    box.value = '벨라루스';
    fireEvent.compositionEnd(box);
    vi.advanceTimersByTime(200);
    expect(onSearch.mock.calls).toEqual([['벨라루스']]);
  });

  it('is a labelled search field', () => {
    const { getByRole } = render(<SearchBox onSearch={() => undefined} />);
    expect(getByRole('search')).toBeTruthy();
    const box = getByRole('searchbox');
    expect(document.querySelector(`label[for="${box.id}"]`)).not.toBeNull();
  });
});
