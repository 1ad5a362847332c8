/**
 * The sample catalogue (data/catalogue) as a library export, saved `gapHours` apart from `newest` backwards, the
 * newest with a note: what the screenshots and the tests import through the library's own Import; and the library
 * page opened on it.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { ROOT, type ExtensionBrowser } from './chromium';
import { toExport } from '../../utils/storage/export-json';
import { storyTags } from '../../utils/storage/saved-record';
import type { Story } from '../../utils/prism/schema';

export async function sampleLibraryExport(
  opts: { newest?: number; gapHours?: number; note?: string } = {},
): Promise<string> {
  const { newest = Date.UTC(2025, 11, 20, 9), gapHours = 3, note = '' } = opts;
  const dir = join(ROOT, 'data/catalogue');
  const files = (await readdir(dir)).filter((f) => f.endsWith('.json'));
  const stories = await Promise.all(files.map(async (f) => JSON.parse(await readFile(join(dir, f), 'utf8')) as Story));
  return JSON.stringify(
    toExport(
      stories.map((story, i) => ({
        id: story.id,
        story,
        savedAt: newest - i * gapHours * 3600_000,
        pageUrl: story.source.url,
        pageTitle: story.source.title,
        tags: storyTags(story),
        note: i === 0 ? note : '',
        category: story.category,
      })),
    ),
  );
}

/**
 * Opens the library page of `b` at `size` in `scheme`, imports `exportText` through its own Import, opens the
 * newest story and clears the import's status line: the library as the screenshots show it.
 */
export async function openLibraryWithSample(
  b: ExtensionBrowser,
  exportText: string,
  size: { width: number; height: number },
  scheme: 'light' | 'dark',
): Promise<Page> {
  const library = await b.ctx.newPage();
  await library.setViewportSize(size);
  await library.emulateMedia({ colorScheme: scheme });
  await library.goto(`chrome-extension://${b.extensionId}/library.html`);
  await library
    .getByTestId('import-file')
    .setInputFiles({ name: 'library.json', mimeType: 'application/json', buffer: Buffer.from(exportText) });
  await library.getByTestId('library-row').first().waitFor();
  await library.getByTestId('library-row').first().click();
  await library.getByTestId('disclaimer').waitFor();
  await library.getByTestId('library-status').evaluate((el) => (el.textContent = ''));
  return library;
}
