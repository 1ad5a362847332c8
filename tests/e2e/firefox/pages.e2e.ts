/**
 * Firefox: the welcome page opens on install; the library (empty, then with a story open), options and welcome
 * pages have legible type (no paragraph under 14 px, no text under 12 px, computed styles), in English and Korean.
 */
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ElementHandle, Page } from 'puppeteer-core';
import { openExtensionPage } from '../../../tools/browsers/firefox';
import type { Story } from '../../../utils/prism/schema';
import { toExport } from '../../../utils/storage/export-json';
import { storyTags } from '../../../utils/storage/saved-record';
import { ROOT } from '../../../tools/harness';
import { ROW_GAPS, TEXT_AUDIT, type TextAudit } from '../text-audit';
import { testId } from './dom';
import { startFirefoxSuite, useFirefoxSuite, waitUntil, type FirefoxSuite } from './suite';

let dir: string;
let libraryFile: string;
beforeAll(async () => {
  const catalogue = join(ROOT, 'data/catalogue');
  const files = (await readdir(catalogue)).filter((f) => f.endsWith('.json'));
  const stories = await Promise.all(
    files.map(async (f) => JSON.parse(await readFile(join(catalogue, f), 'utf8')) as Story),
  );
  const items = stories.map((story, i) => ({
    id: story.id,
    story,
    savedAt: Date.UTC(2025, 11, 20, 9) - i * 3_600_000,
    pageUrl: story.source.url,
    pageTitle: story.source.title,
    tags: storyTags(story),
    note: '',
    category: story.category,
  }));
  dir = await mkdtemp(join(tmpdir(), 'prism-ff-library-'));
  libraryFile = join(dir, 'library.json');
  await writeFile(libraryFile, JSON.stringify(toExport(items)));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function audit(page: Page, what: string): Promise<void> {
  const result = (await page.evaluate(TEXT_AUDIT)) as TextAudit;
  expect(result.checked, `${what}: text was found to check`).toBeGreaterThan(5);
  expect(result.findings, `${what}: text under 14 px (paragraphs) or 12 px`).toEqual([]);
}

for (const locale of ['en-US', 'ko'] as const) {
  describe(`the library, options and welcome pages in Firefox, ${locale}`, () => {
    let suite: FirefoxSuite;
    beforeAll(async () => {
      suite = await startFirefoxSuite({ locale, keepWelcome: true }); // the install's welcome tab is tested
    });
    useFirefoxSuite(() => suite);

    it('opens the welcome page on install', async () => {
      const url = `${suite.fx.origin}/welcome.html`;
      // BiDi reports no navigation of extension pages (their url() stays about:blank): ask each tab where it is.
      const welcomeTab = async () => {
        for (const p of await suite.fx.browser.pages()) {
          if ((await p.evaluate(() => location.href).catch(() => '')) === url) return p;
        }
        return undefined;
      };
      const welcome = (await waitUntil(welcomeTab, Boolean, 'the welcome page', 15_000))!;
      await testId(welcome, 'shortcuts');
      // Firefox has no action.getUserSettings here: the page says how to pin the icon instead.
      expect(await welcome.$eval('[data-testid="pin-status"]', (e) => e.getAttribute('data-pinned'))).toBe('unknown');
      await audit(welcome, 'welcome');
      if (locale === 'ko') {
        const family = await welcome.$eval('.welcome-lead', (e) => getComputedStyle(e).fontFamily);
        expect(family).toMatch(/^"?Apple SD Gothic Neo"?, "?Noto Sans KR/);
      }
    });

    it('library and options: legible type', async () => {
      const library = await openExtensionPage(suite.fx.browser, `${suite.fx.origin}/library.html`);
      await testId(library, 'library-empty');
      await audit(library, 'empty library');
      const input = (await library.waitForSelector('[data-testid="import-file"]')) as ElementHandle<HTMLInputElement>;
      await input.uploadFile(libraryFile);
      await (await testId(library, 'library-row')).click();
      await testId(library, 'disclaimer');
      await audit(library, 'library with a story open');
      // Rows as tall as their content: no blank gap under a short row.
      await waitUntil(
        async () => (await library.evaluate(ROW_GAPS)) as number[],
        (g) => g.length >= 5 && g.every((x) => x === 0),
        'rows without gaps',
      );
      // unlimitedStorage gives Firefox's extension persistent storage: no "may clear this data" warning.
      await waitUntil(
        () => library.evaluate(() => document.querySelector('[data-testid="storage-usage"]')?.textContent ?? ''),
        Boolean,
        'the storage figures',
      );
      await new Promise((r) => setTimeout(r, 300));
      expect(await library.$('[data-testid="not-persisted"]')).toBeNull();

      const options = await openExtensionPage(suite.fx.browser, `${suite.fx.origin}/options.html`);
      await testId(options, 'shortcuts');
      await testId(options, 'overlay-settings');
      await audit(options, 'options');
      // Firefox's own place to change shortcuts.
      expect(await options.$eval('.shortcuts-how', (e) => e.textContent)).toContain('about:addons');
    });
  });
}
