/**
 * The extension against a PRISM server that misbehaves, in real Chromium: the API server of the harness with its
 * fault controller (tools/servers/fault-server.ts, docs/faults.md). Each test names the fault, what the reader sees,
 * and that it recovers without a click. The library holds a saved story throughout, compared at the end.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Story } from '../../utils/prism/schema';
import {
  SEED,
  attachSidePanel,
  catalogueStory,
  openPopupPage,
  openWithPopup,
  serviceWorker,
  startSuite,
  tabIdOf,
  stopWorker,
  waitForTabStatus,
  waitUntil,
  type Suite,
} from '../../tools/harness';

let suite: Suite;
let libraryBefore: string;

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
interface AxeResult {
  violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[];
}
const AXE_RUN = `axe.run(document, { resultTypes: ['violations'] }).then((r) => ({ violations: r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => ({ target: n.target })) })) }))`;

/** The extension's saved library, as stored (IndexedDB `prism-lens`, table `library`), read in its worker. */
async function libraryContents(): Promise<string> {
  const sw = await serviceWorker(suite.browser);
  return sw.evaluate(
    () =>
      new Promise<string>((resolve, reject) => {
        const open = indexedDB.open('prism-lens');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const all = db.transaction('library').objectStore('library').getAll();
          all.onsuccess = () => {
            db.close();
            resolve(JSON.stringify(all.result));
          };
          all.onerror = () => reject(all.error);
        };
      }),
  );
}

/** Forgets the API answers the extension cached, so that the next lookup asks the (faulty) server. */
async function clearApiCache(): Promise<void> {
  const sw = await serviceWorker(suite.browser);
  await sw.evaluate(
    () =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('prism-lens');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction(['apiShards', 'apiStories'], 'readwrite');
          tx.objectStore('apiShards').clear();
          tx.objectStore('apiStories').clear();
          tx.oncomplete = () => {
            db.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
  );
}

const pageOf = (id: string) => suite.servers.sites.urlOf(`${id}.html`);
const requestsFor = (part: string) => suite.servers.apiRequests.filter((line) => line.includes(part));
const storyHeading = (popup: Page, story: Story) =>
  popup.getByTestId('edition-en').getByRole('heading', { name: story.editions.en!.title });

beforeAll(async () => {
  suite = await startSuite();
  // A saved story: whatever the server does, it must still be there, unchanged, at the end.
  const { popup } = await openWithPopup(suite.browser, pageOf(SEED));
  const save = popup.getByTestId('save-button');
  await waitUntil(() => save.isEnabled(), Boolean, 'the save button', 15_000);
  await save.click();
  await waitUntil(libraryContents, (text) => text.includes(SEED), 'the saved story');
  libraryBefore = await libraryContents();
}, 60_000);
afterAll(() => suite?.close());

describe('faults of the PRISM server, with the popup open', () => {
  it('503 once, then 429 with Retry-After: the story appears with no click', async () => {
    await clearApiCache();
    const story = await catalogueStory('aleppo-clashes-government-sdf');
    suite.servers.faults.set('story:503-once');
    const first = await openWithPopup(suite.browser, pageOf(story.id));
    await storyHeading(first.popup, story).waitFor({ timeout: 15_000 });
    expect(requestsFor(`stories/${story.id}.json`).map((l) => l.split(' ')[0])).toEqual(['503', '200']);

    const other = await catalogueStory('russia-strikes-ukraine-energy-grid');
    suite.servers.faults.set('story:429:2');
    const started = Date.now();
    const second = await openWithPopup(suite.browser, pageOf(other.id));
    await storyHeading(second.popup, other).waitFor({ timeout: 15_000 });
    expect(requestsFor(`stories/${other.id}.json`).map((l) => l.split(' ')[0])).toEqual(['429', '200']);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2000); // it waited as the server asked
    suite.servers.faults.clear();
  });

  it('the server down, then up again: the open popup says it cannot be reached, then shows the story by itself', async () => {
    await clearApiCache();
    const story = await catalogueStory('trump-greenland-envoy-denmark');
    suite.servers.faults.set('down');
    try {
      const { popup } = await openWithPopup(suite.browser, pageOf(story.id));
      const error = popup.locator('[data-testid="state-error"][data-fault="unreachable"]');
      await error.waitFor({ timeout: 20_000 });
      expect(await error.getByRole('heading').textContent()).toBe("PRISM's server cannot be reached");
      // The popup is as tall as what it says (no 600 px page of blank under a failure).
      const height = await popup.locator('.app').evaluate((el) => el.getBoundingClientRect().height);
      expect(height).toBeLessThan(600 * 0.6);
      suite.servers.faults.clear();
      const upAt = Date.now();
      await storyHeading(popup, story).waitFor({ timeout: 30_000 });
      expect(Date.now() - upAt).toBeLessThan(30_000);
    } finally {
      suite.servers.faults.clear();
    }
  });

  it('a server that takes 12 s: "slow to answer", not "offline"', async () => {
    await clearApiCache();
    const story = await catalogueStory('ustr-china-chip-policy-tariff');
    suite.servers.faults.set('story:slow:12s');
    try {
      const { popup } = await openWithPopup(suite.browser, pageOf(story.id));
      const slow = popup.locator('[data-testid="state-error"][data-fault="timeout"]');
      await slow.waitFor({ timeout: 20_000 });
      expect(await slow.getByRole('heading').textContent()).toBe("PRISM's server is slow to answer");
      expect(await popup.locator('body').innerText()).not.toMatch(/offline/i);
    } finally {
      suite.servers.faults.clear();
    }
  }, 40_000);

  it('a redirect to another origin is not followed into the story: the reader is told, nothing is shown', async () => {
    await clearApiCache();
    const story = await catalogueStory('korean-chipmakers-ustr-tariff-reaction');
    suite.servers.faults.set('story:redirect-cross-origin');
    try {
      const { popup } = await openWithPopup(suite.browser, pageOf(story.id));
      await popup.locator('[data-testid="state-error"][data-fault="refused"]').waitFor({ timeout: 15_000 });
      expect(await popup.getByTestId('edition-en').count()).toBe(0);
    } finally {
      suite.servers.faults.clear();
    }
  });
});

describe('hostile text from the server', () => {
  it('a title with no break opportunity wraps inside the 400 px popup instead of running off it', async () => {
    await clearApiCache();
    const id = 'ustr-china-chip-policy-tariff';
    const file = join(suite.servers.apiDir, `v2/stories/${id}.json`);
    const good = await readFile(file, 'utf8');
    const story = JSON.parse(good) as Story;
    const long = `Tariffs${'—'.repeat(3)}${'x'.repeat(300)}https://example.com/${'a'.repeat(200)}`;
    await writeFile(
      file,
      JSON.stringify({ ...story, editions: { ...story.editions, en: { ...story.editions.en!, title: long } } }),
    );
    try {
      const { popup } = await openWithPopup(suite.browser, pageOf(id));
      await popup.getByTestId('edition-en').getByRole('heading', { name: long }).waitFor({ timeout: 15_000 });
      // Overflowing text does not widen its box: compare what the heading's text needs with what it has.
      const widths = await popup.evaluate(() => {
        const h2 = document.querySelector('[data-testid="edition-en"] h2')!;
        return { page: document.documentElement.scrollWidth, needs: h2.scrollWidth, has: h2.clientWidth };
      });
      expect(widths.page).toBeLessThanOrEqual(400);
      expect(widths.needs).toBeLessThanOrEqual(widths.has);
    } finally {
      await writeFile(file, good);
    }
  });
});

describe('a lookup cut off by the service worker stopping', () => {
  it('the open popup gets the story: the tab does not stay "looking"', async () => {
    await clearApiCache();
    const story = await catalogueStory('belarus-potash-sanctions-relief');
    suite.servers.faults.set('lookup:slow:4s');
    const page = await suite.browser.ctx.newPage();
    await page.goto(pageOf(story.id));
    const tabId = await tabIdOf(suite.browser, page.url());
    await waitForTabStatus(suite.browser, tabId, ['looking']);
    const popup = await openPopupPage(suite.browser.ctx, suite.browser.extensionId, tabId);
    await popup.getByTestId('state-loading').waitFor();
    // MV3 stops the worker whenever it likes: here, while it waits for the shard.
    await stopWorker(suite.browser);
    suite.servers.faults.clear();
    await storyHeading(popup, story).waitFor({ timeout: 30_000 });
  }, 45_000);
});

describe('many tabs at once', () => {
  it('20 tabs of one article against a server that takes 1 s: every tab found, one request per path', async () => {
    await clearApiCache();
    const story = await catalogueStory('aleppo-clashes-government-sdf');
    suite.servers.faults.set('slow:1s');
    suite.servers.apiRequests.length = 0;
    try {
      const url = pageOf(story.id);
      const pages = await Promise.all(Array.from({ length: 20 }, () => suite.browser.ctx.newPage()));
      await Promise.all(pages.map((p, i) => p.goto(`${url}?tab=${i}`)));
      const tabIds = await Promise.all(pages.map((p) => tabIdOf(suite.browser, p.url())));
      const states = await Promise.all(tabIds.map((id) => waitForTabStatus(suite.browser, id, ['found'], 30_000)));
      expect(states.every((s) => s.storyId === story.id)).toBe(true);
      const paths = suite.servers.apiRequests.map((line) => line.split(' ')[1]!);
      expect(paths.length).toBeGreaterThan(0);
      expect(paths.length).toBe(new Set(paths).size);
      await Promise.all(pages.map((p) => p.close()));
    } finally {
      suite.servers.faults.clear();
    }
  }, 90_000);
});

describe('in Korean', () => {
  it('every error state is in Korean: no English word but the names', async () => {
    const sw = await serviceWorker(suite.browser);
    await sw.evaluate(() => chrome.storage.local.set({ uiLanguage: 'ko' }));
    const story = await catalogueStory('russia-strikes-ukraine-energy-grid');
    try {
      for (const [fault, kind] of [
        ['story:503:20', 'http'],
        ['story:html', 'invalid'],
        ['story:slow:12s', 'timeout'],
        ['story:redirect-cross-origin', 'refused'],
        ['down', 'unreachable'],
      ] as const) {
        await clearApiCache();
        suite.servers.faults.set(fault);
        const { popup, page } = await openWithPopup(suite.browser, pageOf(story.id));
        const state = popup.locator(`[data-testid="state-error"][data-fault="${kind}"]`);
        await state.waitFor({ timeout: 25_000 });
        expect(await popup.evaluate(() => document.documentElement.lang)).toBe('ko');
        const shown = await popup.locator('body').innerText();
        // PRISM, PRISM Lens and API are names; https is an address's scheme, named as such.
        expect(shown.replace(/PRISM( Lens)?|API|https/g, ''), `${fault}: ${shown}`).not.toMatch(/[A-Za-z]{2,}/);
        await Promise.all([popup.close(), page.close()]);
      }
    } finally {
      suite.servers.faults.clear();
      await sw.evaluate(() => chrome.storage.local.remove('uiLanguage'));
    }
  }, 150_000);
});

describe('PRISM down when the reader comes back to a page they saved', () => {
  it('the popup shows the saved copy under the cause, not a bare error, and asks PRISM for no story', async () => {
    const seed = await catalogueStory(SEED);
    // Every request fails (the shards too) and nothing of the API is cached: the page's own lookup fails, so no
    // story id is known; the copy is found in the library by the page's address.
    await clearApiCache();
    suite.servers.faults.set('503:10000');
    const before = suite.servers.apiRequests.length;
    try {
      // A new tab (the address differs from the saved page's by a tracking parameter only, which the canonical URL
      // rules drop: the library matches it, and the popup is not opened on an earlier tab of the saved address).
      const { page, popup, tabId } = await openWithPopup(suite.browser, `${pageOf(SEED)}?utm_source=newsletter`);
      await waitForTabStatus(suite.browser, tabId, ['error'], 20_000);
      const banner = popup.getByTestId('saved-copy-note');
      await banner.waitFor({ timeout: 20_000 });
      expect(await storyHeading(popup, seed).isVisible()).toBe(true);
      expect(await banner.locator('p').textContent()).toBe("PRISM's server had a problem. Showing the copy you saved.");
      expect(await popup.locator('[data-testid="state-error"]').count()).toBe(0);
      await banner.locator('summary').click();
      expect(await banner.locator('details code').textContent()).toContain('503');
      expect(await banner.getByRole('button', { name: 'Try again' }).isVisible()).toBe(true);
      expect(await popup.getByTestId('disclaimer').isVisible()).toBe(true);
      if (process.env.E2E_SHOTS) await popup.screenshot({ path: join(process.env.E2E_SHOTS, 'saved-copy-down.png') });
      // The page's lookup went out (as for any page with a local match) and failed; no story was asked for.
      const sent = suite.servers.apiRequests.slice(before);
      expect(sent.some((line) => line.startsWith('503 ') && line.includes('/lookup/'))).toBe(true);
      expect(sent.filter((line) => line.includes('/stories/'))).toEqual([]);

      // The side panel shows the same: the copy under the cause.
      await popup.getByTestId('open-side-panel').click();
      const panel = await attachSidePanel(suite.browser);
      try {
        await page.bringToFront();
        await waitUntil(
          () => panel.text(),
          (text) => text.includes(seed.editions.en!.title) && text.includes('Showing the copy you saved.'),
          'the saved copy in the side panel',
        );
        if (process.env.E2E_SHOTS) {
          await writeFile(join(process.env.E2E_SHOTS, 'saved-copy-down-panel.png'), await panel.screenshot());
        }
      } finally {
        await panel.detach();
      }
    } finally {
      suite.servers.faults.clear();
    }
  }, 60_000);
});

describe('the library, after all of it', () => {
  it('still holds the saved story, unchanged', async () => {
    expect(await libraryContents()).toBe(libraryBefore);
  });
});

/** Sets the reader's note on a saved story, as stored (the `library` table), in the extension's worker. */
async function setNote(id: string, note: string): Promise<void> {
  const sw = await serviceWorker(suite.browser);
  await sw.evaluate(
    ([id, note]) =>
      new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('prism-lens');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction('library', 'readwrite');
          const store = tx.objectStore('library');
          const all = store.getAll();
          all.onsuccess = () => {
            for (const row of all.result as { id: string; note: string }[]) {
              if (row.id === id) store.put({ ...row, note });
            }
          };
          tx.oncomplete = () => {
            db.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    [id, note] as const,
  );
}

// After "the library, after all of it": this one changes the saved record (its key, on undo).
describe('PRISM failing on a story the reader saved', () => {
  it('shows the saved copy at once under the cause; unsave, then Undo, brings the story and its note back', async () => {
    const seed = await catalogueStory(SEED);
    const note = 'Follow up: does the EU follow the US on potash?';
    await setNote(SEED, note);
    await clearApiCache();
    suite.servers.faults.set('story:503:50');
    try {
      const { popup } = await openWithPopup(suite.browser, pageOf(SEED));
      const banner = popup.getByTestId('saved-copy-note');
      await banner.waitFor({ timeout: 20_000 });
      // The story is shown, not a click away; the cause in one line, in plain words; the status code under Details.
      expect(await storyHeading(popup, seed).isVisible()).toBe(true);
      expect(await banner.locator('p').textContent()).toBe("PRISM's server had a problem. Showing the copy you saved.");
      expect(await banner.locator('details').isVisible()).toBe(true);
      expect(await banner.locator('details code').isVisible()).toBe(false); // closed until asked
      await banner.locator('summary').click();
      expect(await banner.locator('details code').textContent()).toContain('HTTP 503');
      expect(await popup.getByTestId('disclaimer').isVisible()).toBe(true);
      // Accessible, light and dark (the banner's colours, its small retry, the open "Details").
      await popup.evaluate(await readFile(AXE, 'utf8'));
      for (const scheme of ['light', 'dark'] as const) {
        await popup.emulateMedia({ colorScheme: scheme });
        const result = (await popup.evaluate(AXE_RUN)) as AxeResult;
        expect(
          result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical'),
          `saved copy, ${scheme}`,
        ).toEqual([]);
      }

      const save = popup.getByTestId('save-button');
      await waitUntil(
        () => save.getAttribute('aria-pressed'),
        (v) => v === 'true',
        'shown as saved',
      );
      await save.click();
      await popup.getByText('Removed from your library, with your note.').waitFor();
      await waitUntil(libraryContents, (text) => !text.includes(`"id":"${SEED}"`), 'the story removed');
      await popup.getByTestId('undo-unsave').click();
      await waitUntil(
        libraryContents,
        (text) => text.includes(`"id":"${SEED}"`) && text.includes(note),
        'the story back, with its note',
      );
      await waitUntil(
        () => save.getAttribute('aria-pressed'),
        (v) => v === 'true',
        'shown as saved again',
      );
      await popup.getByText('Back in your library.').waitFor();
    } finally {
      suite.servers.faults.clear();
    }
  }, 60_000);
});
