/**
 * The library in real Chromium: save in the popup, find the story by a Korean word (written with a particle in
 * the text), export, delete all, import the export, and find it again; plus the live update from the popup.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Story } from '../../utils/prism/schema';
import {
  SEED,
  catalogueStory,
  launchBrowser,
  openWithPopup,
  serviceWorker,
  setApiBase,
  siteArgs,
  waitForKeySet,
  startServers,
  stopWorker,
  waitUntil,
  type Browser,
  type Servers,
} from '../../tools/harness';

let servers: Servers;
let browser: Browser;
let seed: Story;

beforeAll(async () => {
  seed = await catalogueStory(SEED);
  servers = await startServers();
  browser = await launchBrowser({ args: siteArgs(servers.sites) });
  await setApiBase(browser, servers.api.url);
  await waitForKeySet(browser);
});
afterAll(async () => {
  await browser?.close();
  await servers?.close();
});

async function openLibrary(): Promise<Page> {
  const library = await browser.ctx.newPage();
  await library.goto(`chrome-extension://${browser.extensionId}/library.html`);
  return library;
}
const rows = (library: Page) => library.getByTestId('library-row');
async function search(library: Page, text: string) {
  await library.getByRole('searchbox').fill(text);
}

describe('library', () => {
  it('finds a saved story by a Korean word, and survives export, delete all and import', async () => {
    const library = await openLibrary();
    await library.getByTestId('library-empty').waitFor();

    // Save in the popup; the open library shows it at once (live query across extension pages).
    const { popup } = await openWithPopup(browser, servers.sites.urlOf(`${SEED}.html`));
    const save = popup.getByTestId('save-button');
    await waitUntil(() => save.isEnabled(), Boolean, 'the save button');
    await save.click();
    await rows(library).first().waitFor({ timeout: 10_000 });

    // "크렘린" stands in the text only as "크렘린의"/"크렘린은": particles must not hide it.
    expect(seed.editions.ko!.body.join(' ')).not.toMatch(/크렘린(?![의은이을])/);
    await search(library, '크렘린');
    await waitUntil(
      () => library.getByTestId('library-count').textContent(),
      (t) => t === '1 story',
      'one match',
    );
    await search(library, '크렘린궁전');
    await library.getByTestId('library-empty').waitFor();
    await search(library, 'sanction'); // English prefix of "sanctions"
    await waitUntil(
      () => library.getByTestId('library-count').textContent(),
      (t) => t === '1 story',
      'english match',
    );

    // Open it: the story as saved, with its disclaimer.
    await rows(library).first().click();
    await library.getByTestId('disclaimer').waitFor();

    // Export everything as JSON.
    await search(library, '');
    const [file] = await Promise.all([library.waitForEvent('download'), library.getByTestId('export-json').click()]);
    const exported = await file.path();
    const text = await readFile(exported, 'utf8');
    expect(JSON.parse(text)).toMatchObject({ format: 'prism-lens-library', items: [{ id: SEED }] });

    // Delete all, apart from Export and confirmed in a dialog: Cancel (the default) deletes nothing.
    await library.getByTestId('delete-all').click();
    const confirm = library.getByRole('dialog', { name: 'Delete every saved story?' });
    await confirm.waitFor();
    expect(await confirm.textContent()).toContain('Delete the one saved story?');
    await confirm.getByRole('button', { name: 'Cancel' }).click();
    await confirm.waitFor({ state: 'hidden' });
    expect(await rows(library).count()).toBe(1);
    await library.getByTestId('delete-all').click();
    await library.getByRole('button', { name: 'Delete 1 story' }).click();
    await library.getByTestId('library-empty').waitFor();
    expect(await library.locator('.toast').textContent()).toContain('1 story deleted.');

    // Import the export: the story is back, findable by the same Korean word.
    await library.getByTestId('import-file').setInputFiles(exported);
    await waitUntil(
      () => library.getByTestId('library-status').textContent(),
      (t) => !!t?.includes('Imported 1 story.'),
      'the import report',
    );
    await search(library, '크렘린');
    await waitUntil(
      () => library.getByTestId('library-count').textContent(),
      (t) => t === '1 story',
      'found again',
    );

    // Importing the same file again adds nothing and says why.
    await library.getByTestId('import-file').setInputFiles(exported);
    await waitUntil(
      () => library.getByTestId('library-status').textContent(),
      (t) => !!t?.includes('already in the library'),
      'duplicates reported',
    );
  });

  it('deletes with undo, and rejects a broken import with a clear message, losing nothing', async () => {
    const library = await openLibrary();
    await rows(library).first().waitFor({ timeout: 10_000 });
    await rows(library).first().click();
    await library.getByTestId('delete-story').click();
    await library.getByTestId('library-empty').waitFor();
    await library.getByTestId('undo').click();
    await rows(library).first().waitFor();

    await library.getByTestId('import-file').setInputFiles({
      name: 'broken.json',
      mimeType: 'application/json',
      buffer: Buffer.from('{ "format": "prism-lens-library", '),
    });
    await waitUntil(
      () => library.getByRole('alert').textContent(),
      (t) => /not|JSON/i.test(t ?? ''),
      'an import error',
    );
    await waitUntil(
      () => library.getByTestId('library-count').textContent(),
      (t) => t === '1 story',
      'nothing lost',
    );
  });

  it('keeps a saved story that PRISM withdraws, marked as withdrawn', async () => {
    // The seed story is saved (previous test). PRISM withdraws it: its file becomes a tombstone.
    const file = join(servers.apiDir, `v2/stories/${SEED}.json`);
    const original = await readFile(file, 'utf8');
    await writeFile(file, JSON.stringify({ v: 1, id: SEED, withdrawn: true, withdrawnAt: '2026-12-01T09:00:00Z' }));
    try {
      // The popup's cached copy is a day fresh: a new browser profile would fetch; here the cache is cleared.
      const sw = await serviceWorker(browser);
      await sw.evaluate(
        () =>
          new Promise<void>((resolve) => {
            const open = indexedDB.open('prism-lens');
            open.onsuccess = () => {
              const tx = open.result.transaction('apiStories', 'readwrite');
              tx.objectStore('apiStories').clear();
              tx.oncomplete = () => {
                open.result.close();
                resolve();
              };
            };
          }),
      );
      // The worker also holds the fresh stories it has read in memory until they expire (utils/storage/cache.ts):
      // stopped, it starts again with only what IndexedDB has, as a new profile would.
      await stopWorker(browser, true);
      const { popup } = await openWithPopup(browser, servers.sites.urlOf(`${SEED}.html`));
      // The popup shows the reader's copy at once, under one line saying PRISM withdrew it; no retry.
      const banner = popup.locator('[data-testid="saved-copy-note"][data-fault="withdrawn"]');
      await banner.waitFor({ timeout: 15_000 });
      expect(await banner.locator('p').textContent()).toBe(
        'PRISM has withdrawn this analysis. Showing the copy you saved.',
      );
      expect(await popup.getByRole('button', { name: 'Try again' }).count()).toBe(0);
      expect(await popup.getByRole('heading', { name: seed.editions.en!.title }).count()).toBe(1);

      const library = await openLibrary();
      await library.getByTestId('withdrawn-badge').waitFor({ timeout: 10_000 });
      await rows(library).first().click();
      await library.getByTestId('withdrawn-note').waitFor();
      await library.getByTestId('disclaimer').waitFor(); // the saved copy still opens, whole
    } finally {
      await writeFile(file, original);
    }
  });
});
