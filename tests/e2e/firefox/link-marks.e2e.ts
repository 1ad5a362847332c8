/**
 * Firefox: link marks on real listing pages of the labelled corpus, each served at its own address, with a
 * catalogue whose stories are articles those pages link to. Exactly the links to analysed articles get a mark right
 * after them, beside them and reachable with Tab, while the API receives nothing; a trusted click asks for that
 * story (and only then is anything fetched); a page where marks do not run, and a page with no analysed link, keep
 * every element they have without the extension. The marks are in closed shadow roots, which no test driver of
 * Firefox pierces: a mark is read from the page as a `span` right after its link whose shadow root the page cannot
 * see, 18 px wide (its accessible name is checked in Chromium, tests/e2e/link-marks.e2e.ts).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'puppeteer-core';
import { openWebPage } from '../../../tools/browsers/firefox';
import { corpusLabels, readCorpusPage, type CorpusLabel } from '../../../tools/corpus/corpus';
import { articleLinksOf, storyFor } from '../../../tools/browsers/link-marks-cdp';
import { stripPageScripts } from '../../../tools/corpus/strip-scripts';
import { linkCanonical } from '../../../utils/link-marks/link-url';
import { toCanonicalUrl } from '../../../utils/url/canonical';
import { writeStories } from '../../unit/support/publish-fixtures';
import { corpusSites } from '../../../tools/harness';
import { startFirefoxSuite, useFirefoxSuite, waitUntil, type FirefoxSuite } from './suite';

const LISTING_IDS = ['metascraper-logo-favicon--theverge', 'newspaper4k-cnn_main_site', 'readability-nytimes-5'];
const NO_ANALYSED_LINK_ID = 'htmldate-austria.info';
const MARKS_OFF_ID = 'htmldate-deutschland.de.en';

const labelOf = (id: string): CorpusLabel => {
  const label = corpusLabels().find((l) => l.id === id);
  if (!label?.url) throw new Error(`corpus page ${id} is missing or has no address`);
  return label;
};

let suite: FirefoxSuite;
let catalogueDir: string;
const analysed = new Set<string>();

beforeAll(async () => {
  catalogueDir = await mkdtemp(join(tmpdir(), 'link-marks-ff-'));
  const stories = [];
  let n = 0;
  for (const id of LISTING_IDS) {
    for (const url of articleLinksOf(stripPageScripts(readCorpusPage(id).text), labelOf(id).url!, 4)) {
      analysed.add(url);
      stories.push(storyFor(url, n++));
    }
  }
  stories.push(storyFor('https://www.austria.info/en/a-story-the-home-page-does-not-link', n++));
  await writeStories(catalogueDir, stories);
  suite = await startFirefoxSuite({
    catalogueDir,
    extraPages: corpusSites([...LISTING_IDS, NO_ANALYSED_LINK_ID, MARKS_OFF_ID].map(labelOf)),
  });
  // Marks answer from the key set: wait for it (and the catalogue's sites, read from the same meta.json).
  await waitUntil(
    async () => suite.servers.apiRequests.join('\n'),
    (log) => /^200 \/v2\/keyset\//m.test(log),
    'the key set download',
    30_000,
  );
  await new Promise((r) => setTimeout(r, 1000));
}, 120_000);
afterAll(() => rm(catalogueDir, { recursive: true, force: true }));
useFirefoxSuite(() => suite);

const urlOf = (id: string) => suite.sites.urlOf(`${id}.html`);

/** What the page sees of the marks: per link, whether a mark follows it, and how far it is from the link. */
const marksOf = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('a')].flatMap((a, index) => {
      const m = a.nextElementSibling;
      if (!(m instanceof HTMLSpanElement) || m.shadowRoot !== null || m.childNodes.length > 0) return [];
      const box = m.getBoundingClientRect();
      if (Math.round(box.width) !== 18) return [];
      let distance = Infinity;
      for (const r of a.getClientRects()) {
        const dx = Math.max(0, r.left - box.right, box.left - r.right);
        const dy = Math.max(0, r.top - box.bottom, box.top - r.bottom);
        distance = Math.min(distance, Math.hypot(dx, dy));
      }
      return [{ index, href: a.href, distance, x: box.x + box.width / 2, y: box.y + box.height / 2 }];
    }),
  );

/** Down the page in viewport steps, then back up: links scrolled past before the module started are seen again. */
async function scrollThrough(page: Page): Promise<void> {
  for (const direction of [1, -1]) {
    for (let i = 0; i < 80; i++) {
      const done = await page.evaluate((sign: number) => {
        const before = window.scrollY;
        window.scrollBy(0, sign * window.innerHeight * 0.9);
        // Two frames: the browser renders this scroll position (IntersectionObserver computes at rendering), even on
        // a busy machine that skips frames.
        return new Promise<boolean>((r) =>
          requestAnimationFrame(() => requestAnimationFrame(() => r(window.scrollY === before))),
        );
      }, direction);
      await new Promise((r) => setTimeout(r, 60));
      if (done) break;
    }
  }
}

async function expected(page: Page): Promise<number[]> {
  const own = toCanonicalUrl(page.url());
  // Rendered where a reader can scroll to it (a link a page hides at -20,000 px is never seen, so never marked).
  const links = await page.evaluate(() => {
    const root = document.scrollingElement ?? document.documentElement;
    const reachable = (r: DOMRect) => {
      const top = r.top + window.scrollY;
      const left = r.left + window.scrollX;
      return top + r.height > 0 && top < root.scrollHeight && left + r.width > 0 && left < root.scrollWidth;
    };
    return [...document.querySelectorAll('a')].map((a) => ({
      href: a.href,
      rendered: [...a.getClientRects()].some(reachable),
    }));
  });
  return links.flatMap((l, i) => {
    const c = linkCanonical(l.href, own);
    return l.rendered && c !== null && analysed.has(c) ? [i] : [];
  });
}

/** Elements of the page as served (parsed again from its own bytes), against the live page's. */
const elementCounts = (page: Page) =>
  page.evaluate(async () => {
    const served = new DOMParser().parseFromString(await (await fetch(location.href)).text(), 'text/html');
    const count = (d: Document) => [...d.querySelectorAll('*')].filter((e) => !e.closest('noscript')).length;
    return { live: count(document), served: count(served) };
  });

describe('link marks in Firefox', () => {
  it('marks exactly the links to analysed articles, beside them, reachable with Tab, sending nothing', async () => {
    for (const id of LISTING_IDS) {
      suite.servers.apiRequests.length = 0;
      const { page } = await openWebPage(suite.fx, urlOf(id));
      await scrollThrough(page);
      const want = await expected(page);
      expect(want.length, id).toBeGreaterThan(0);
      await waitUntil(
        () => marksOf(page),
        (m) => m.length >= want.length,
        `${want.length} marks on ${id}`,
      );
      await new Promise((r) => setTimeout(r, 500));
      const marks = await marksOf(page);
      expect(
        marks.map((m) => m.index),
        id,
      ).toEqual(want);
      for (const m of marks) expect(m.distance, `${id}: ${m.href}`).toBeLessThanOrEqual(6);
      expect(suite.servers.apiRequests, id).toEqual([]);
      // Keyboard: Tab from the link reaches its mark (the page sees focus on our element, never inside it).
      await page.evaluate((i) => document.querySelectorAll('a')[i]!.focus(), marks[0]!.index);
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(
        (i) => document.activeElement === document.querySelectorAll('a')[i]!.nextElementSibling,
        marks[0]!.index,
      );
      expect(focused, `${id}: Tab reaches the mark`).toBe(true);
      await page.close();
    }
  }, 120_000);

  it("opens that story's analysis in a tab on a trusted click, and only then fetches", async () => {
    const { page } = await openWebPage(suite.fx, urlOf(LISTING_IDS[0]!));
    const [mark] = await waitUntil(
      () => marksOf(page),
      (m) => m.length > 0,
      'a mark',
    );
    await page.evaluate((y) => window.scrollBy(0, y - 200), mark!.y);
    const [visible] = await marksOf(page);
    suite.servers.apiRequests.length = 0;
    await page.mouse.click(visible!.x, visible!.y);
    const n = [...analysed].indexOf(linkCanonical(visible!.href, null)!);
    await waitUntil(
      async () => suite.servers.apiRequests.join('\n'),
      (log) => log.includes(`/v2/stories/linked-${n}.json`),
      'the story of the clicked mark to be fetched',
    );
    expect(suite.servers.apiRequests.some((r) => r.includes('/v2/lookup/'))).toBe(true);
    // Firefox opens its sidebar only from the extension's own input handlers: the same view opens in a tab.
    const shown = await waitUntil(
      async () => {
        for (const p of await suite.fx.browser.pages()) {
          const text = await p
            .evaluate(() => (location.pathname === '/sidepanel.html' ? document.body.innerText : ''))
            .catch(() => '');
          if (text) return text;
        }
        return '';
      },
      (t) => t.includes(`Analysis of linked article ${n}`),
      "the story's analysis in a tab",
    );
    expect(shown).toContain(`Analysis of linked article ${n}`);
    await page.close();
  }, 60_000);

  it('adds no element to a page where marks are off, nor to one with no analysed link', async () => {
    for (const id of [MARKS_OFF_ID, NO_ANALYSED_LINK_ID]) {
      const { page } = await openWebPage(suite.fx, urlOf(id));
      await scrollThrough(page);
      await new Promise((r) => setTimeout(r, 800));
      const { live, served } = await elementCounts(page);
      expect(live, id).toBe(served);
      expect(await marksOf(page), id).toEqual([]);
      await page.close();
    }
  }, 60_000);
});
