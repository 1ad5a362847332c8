/**
 * Firefox: save in the popup, and the library page (already open) shows the story; find it by a Korean word
 * written with a particle in the text; export it (a real download), delete all, import the export, find it again.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ElementHandle, Page } from 'puppeteer-core';
import { openExtensionPage } from '../../../tools/browsers/firefox';
import type { Story } from '../../../utils/prism/schema';
import { clickByText, fill, testId, testIdText } from './dom';
import {
  SEED,
  catalogueStory,
  openWithPopup,
  startFirefoxSuite,
  useFirefoxSuite,
  waitUntil,
  type FirefoxSuite,
} from './suite';

let suite: FirefoxSuite;
let seed: Story;
beforeAll(async () => {
  seed = await catalogueStory(SEED);
  suite = await startFirefoxSuite();
});
useFirefoxSuite(() => suite);

const count = (library: Page) => testIdText(library, 'library-count');
const search = (library: Page, text: string) => fill(library, 'input[type="search"]', text);

/**
 * The JSON download, once finished: Firefox creates the file empty at once and writes it through a `.part` file,
 * so it is done when no `.part` is left and the file has content.
 */
async function downloadedJson(): Promise<{ path: string; text: string }> {
  const read = async () => {
    const names = await readdir(suite.downloads);
    const name = names.find((f) => f.endsWith('.json'));
    if (!name || names.some((f) => f.endsWith('.part'))) return null;
    const path = join(suite.downloads, name);
    const text = await readFile(path, 'utf8');
    return text.trim().endsWith('}') ? { path, text } : null;
  };
  return (await waitUntil(read, (file) => file !== null, 'the export to be downloaded'))!;
}

describe('the library, in Firefox', () => {
  it('finds a saved story by a Korean word, and survives export, delete all and import', async () => {
    const library = await openExtensionPage(suite.fx.browser, `${suite.fx.origin}/library.html`);
    await testId(library, 'library-empty');

    const { popup } = await openWithPopup(suite, suite.sites.urlOf(`${SEED}.html`));
    const save = await testId(popup, 'save-button');
    await waitUntil(() => save.evaluate((b) => !(b as HTMLButtonElement).disabled), Boolean, 'the save button');
    await save.click();
    await waitUntil(
      () => save.evaluate((b) => b.getAttribute('aria-pressed')),
      (v) => v === 'true',
      'saved',
    );
    await library.bringToFront();
    await testId(library, 'library-row'); // the open library follows at once

    // "크렘린" stands in the text only as "크렘린의"/"크렘린은": particles must not hide it.
    expect(seed.editions.ko!.body.join(' ')).not.toMatch(/크렘린(?![의은이을])/);
    await search(library, '크렘린');
    await waitUntil(
      () => count(library),
      (t) => t === '1 story',
      'one match for 크렘린',
    );
    await search(library, '크렘린궁전');
    await testId(library, 'library-empty');
    await search(library, '');
    await testId(library, 'library-row');

    // Export everything: a JSON file lands in the download folder.
    await (await testId(library, 'export-json')).click();
    const { path: exported, text } = await downloadedJson();
    expect(JSON.parse(text)).toMatchObject({
      format: 'prism-lens-library',
      items: [{ id: SEED }],
    });

    // Delete all: confirmed in the page's own dialog, which says how many and offers an undo after.
    await (await testId(library, 'delete-all')).click();
    const dialog = await testId(library, 'delete-all-dialog');
    await waitUntil(() => dialog.evaluate((d) => (d as HTMLDialogElement).open), Boolean, 'the confirmation');
    expect(await dialog.evaluate((d) => d.textContent)).toContain('Delete the one saved story?');
    await clickByText(library, 'button', 'Delete 1 story');
    await testId(library, 'library-empty');
    await waitUntil(
      () => library.evaluate(() => document.querySelector('.toast')?.textContent ?? ''),
      (t) => t.includes('1 story deleted.'),
      'the undo notice',
    );

    // Import the export: the story is back, findable by the same Korean word.
    const input = (await library.waitForSelector('[data-testid="import-file"]')) as ElementHandle<HTMLInputElement>;
    await input.uploadFile(exported);
    const status = () => testIdText(library, 'library-status');
    await waitUntil(status, (t) => t.includes('Imported 1 story.'), 'the import report');
    await search(library, '크렘린');
    await waitUntil(
      () => count(library),
      (t) => t === '1 story',
      'found again after the import',
    );
  });
});
