// @vitest-environment happy-dom
import 'fake-indexeddb/auto';
import { cleanup, fireEvent, render, waitFor } from '@testing-library/preact';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LibraryApp } from '../../../../components/library/LibraryApp';
import { getDb } from '../../../../utils/storage/db';
import { saveStory, unsaveAll } from '../../../../utils/storage/saved';
import { belarus, cafe, chips } from '../../support/storage-fixtures';

const page = { pageUrl: 'https://news.example/a', pageTitle: 'Page' };

beforeEach(async () => {
  // The fake browser has no message catalogue: a string is its key (with its substitutions).
  vi.spyOn(fakeBrowser.i18n, 'getMessage').mockImplementation((key: string, subs?: string | (string | number)[]) =>
    [key, ...[subs ?? []].flat()].join(' '),
  );
  await unsaveAll(getDb());
});
afterEach(cleanup);

const titles = (c: Element) => [...c.querySelectorAll('.row-title')].map((e) => e.textContent);
const count = (c: Element) => c.querySelector('[data-testid="library-count"]')?.textContent;

describe('the library page', () => {
  it('explains how to save when empty, then shows a story saved elsewhere at once', async () => {
    const { container, findByTestId } = render(<LibraryApp />);
    expect((await findByTestId('library-empty')).textContent).toContain('libraryEmptyDetail');
    await saveStory(getDb(), belarus, { ...page, now: 1000 }); // e.g. in the popup
    await waitFor(() => expect(titles(container)).toEqual([belarus.editions.en!.title]));
    expect(count(container)).toBe('libraryCount 1');
  });

  it('lists newest first, searches in Korean (past particles) and English, and says when nothing matches', async () => {
    await saveStory(getDb(), belarus, { ...page, now: 1000 });
    await saveStory(getDb(), chips, { ...page, now: 2000 });
    await saveStory(getDb(), cafe, { ...page, now: 3000 });
    const { container, getByRole, findByTestId } = render(<LibraryApp />);
    await waitFor(() => expect(titles(container)).toHaveLength(3));
    expect(titles(container)[0]).toBe(cafe.editions.en!.title);
    expect(count(container)).toBe('libraryCount 3');

    const box = getByRole('searchbox') as HTMLInputElement;
    box.value = '크렘린'; // in the text only as 크렘린은
    fireEvent.input(box);
    await waitFor(() => expect(titles(container)).toEqual([belarus.editions.en!.title]));
    box.value = 'semiconductor';
    fireEvent.input(box);
    await waitFor(() => expect(titles(container)).toEqual([chips.editions.en!.title]));
    box.value = 'nothing-like-this';
    fireEvent.input(box);
    expect((await findByTestId('library-empty')).textContent).toContain('libraryNoResults');
  });

  it('filters by tag with counts, and deletes with undo', async () => {
    await saveStory(getDb(), belarus, { ...page, now: 1000 });
    await saveStory(getDb(), chips, { ...page, now: 2000 });
    const { container, getByLabelText, findByTestId, getAllByTestId } = render(<LibraryApp />);
    await waitFor(() => expect(titles(container)).toHaveLength(2));
    const tag = getByLabelText(/libraryTag/) as HTMLSelectElement;
    // The fixture's English and Korean tags pair by place: "Sanctions" with "러시아", one facet, English first.
    await waitFor(() => expect([...tag.options].map((o) => o.textContent)).toContain('Sanctions · 러시아 (1)'));
    tag.value = [...tag.options].find((o) => o.textContent === 'Sanctions · 러시아 (1)')!.value;
    fireEvent.change(tag);
    await waitFor(() => expect(titles(container)).toEqual([belarus.editions.en!.title]));

    fireEvent.click(getAllByTestId('library-row')[0]!);
    expect((await findByTestId('disclaimer')).textContent).toBeTruthy(); // the story opens with its disclaimer
    fireEvent.click(await findByTestId('delete-story'));
    await findByTestId('library-empty');
    fireEvent.click(await findByTestId('undo'));
    await waitFor(() => expect(titles(container)).toEqual([belarus.editions.en!.title]));
  });

  it('deletes everything only after a confirmation, with undo', async () => {
    await saveStory(getDb(), belarus, { ...page, now: 1000 });
    await saveStory(getDb(), chips, { ...page, now: 2000 });
    const { container, findByTestId, getByTestId } = render(<LibraryApp />);
    await waitFor(() => expect(titles(container)).toHaveLength(2));
    const dialog = getByTestId('delete-all-dialog') as HTMLDialogElement;
    dialog.showModal = vi.fn(() => dialog.setAttribute('open', '')); // happy-dom's dialog is not modal
    fireEvent.click(await findByTestId('delete-all'));
    expect(dialog.showModal).toHaveBeenCalled();
    expect(dialog.textContent).toContain('libraryDeleteAllConfirm 2');
    expect(titles(container)).toHaveLength(2); // nothing deleted yet
    fireEvent.click(getByTestId('delete-all-confirm'));
    await findByTestId('library-empty');
    expect((await findByTestId('undo')).parentElement!.textContent).toContain('libraryDeletedAll 2');
    fireEvent.click(await findByTestId('undo'));
    await waitFor(() => expect(titles(container)).toHaveLength(2));
  });
});
