/**
 * Screenshots of the library's states (the delete-all confirmation, the undo notice, the empty library), the options
 * page and the first-run page (and its sample analysis), for scripts/screenshots.ts. Called with a browser whose
 * library already holds the sample stories; leaves the library as it found it (the deletion is undone).
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { ExtensionBrowser } from '../../tools/browsers/chromium';

export interface PageShotOptions {
  lang: string;
  scheme: 'light' | 'dark';
  out: string;
}

async function open(b: ExtensionBrowser, path: string, scheme: 'light' | 'dark', height = 800): Promise<Page> {
  const page = await b.ctx.newPage();
  await page.setViewportSize({ width: 1280, height });
  await page.emulateMedia({ colorScheme: scheme });
  await page.goto(`chrome-extension://${b.extensionId}/${path}`);
  return page;
}

/** The library's delete-all confirmation, the undo notice after it, and the empty library; then undone. */
export async function shootLibraryStates(b: ExtensionBrowser, o: PageShotOptions): Promise<void> {
  const library = await open(b, 'library.html', o.scheme);
  await library.getByTestId('library-row').first().waitFor();
  await library.getByTestId('delete-all').click();
  await library.getByTestId('delete-all-dialog').waitFor();
  await library.screenshot({ path: join(o.out, `library-delete-all-${o.lang}-${o.scheme}.png`) });
  await library.getByTestId('delete-all-confirm').click();
  await library.getByTestId('undo').waitFor();
  await library.getByTestId('library-empty').waitFor();
  await library.screenshot({ path: join(o.out, `library-undo-${o.lang}-${o.scheme}.png`) });
  await library.getByTestId('undo').click();
  await library.getByTestId('library-row').first().waitFor();
  await library.close();
}

/** The library before anything is saved (run before the sample stories are imported). */
export async function shootEmptyLibrary(b: ExtensionBrowser, o: PageShotOptions): Promise<void> {
  const library = await open(b, 'library.html', o.scheme);
  await library.getByTestId('library-empty').waitFor();
  await library.screenshot({ path: join(o.out, `library-empty-${o.lang}-${o.scheme}.png`) });
  await library.close();
}

export async function shootOptions(b: ExtensionBrowser, o: PageShotOptions): Promise<void> {
  const options = await open(b, 'options.html', o.scheme, 1100);
  await options.getByTestId('shortcuts').waitFor();
  await options.getByTestId('overlay-settings').waitFor();
  await options.screenshot({ path: join(o.out, `options-${o.lang}-${o.scheme}.png`), fullPage: true });
  await options.close();
}

/** The first-run page as it opens, and its sample analysis. */
export async function shootWelcome(b: ExtensionBrowser, o: PageShotOptions): Promise<void> {
  const welcome = await open(b, 'welcome.html', o.scheme);
  await welcome.getByTestId('shortcuts').waitFor();
  await welcome.screenshot({ path: join(o.out, `welcome-${o.lang}-${o.scheme}.png`) });
  await welcome.getByTestId('welcome-sample').click();
  await welcome.getByTestId('sample-dialog').getByTestId('disclaimer').waitFor();
  await welcome.screenshot({ path: join(o.out, `welcome-sample-${o.lang}-${o.scheme}.png`) });
  await welcome.close();
}
