/**
 * npx tsx scripts/screenshots-link-marks.ts: link marks on a real front page of the corpus (The New York Times en Español,
 * scripts off) and on a Google-style results page, light and dark, written to docs/screenshots/link-marks-*.png.
 * A temporary catalogue holds a few of the articles each page links to. Needs a test build (`npm run build:test`).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launchWithExtension, ROOT, setApiBase } from '../tools/browsers/chromium';
import { corpusLabels, readCorpusPage } from '../tools/corpus/corpus';
import { articleLinksOf, readMarks, searchPage, storyFor } from '../tools/browsers/link-marks-cdp';
import { stripPageScripts } from '../tools/corpus/strip-scripts';
import { writeStories } from '../tests/unit/support/publish-fixtures';
import { corpusSites, siteArgs, startServers, waitForKeySet } from '../tools/harness';

const OUT = join(ROOT, 'docs/screenshots');
const FRONT = 'readability-nytimes-5';
const SEARCH_URL = 'http://www.google.com/search';

const label = corpusLabels().find((l) => l.id === FRONT)!;
const links = articleLinksOf(stripPageScripts(readCorpusPage(FRONT).text), label.url!, 40);
const catalogue = await mkdtemp(join(tmpdir(), 'link-marks-shots-'));
await writeStories(
  catalogue,
  links.map((url, n) => storyFor(url, n)),
);
const servers = await startServers(catalogue, undefined, [
  ...corpusSites([label]),
  {
    file: 'google-search.html',
    url: SEARCH_URL,
    prefix: false,
    dir: '',
    body: () => searchPage(links[0]!, 'https://www.example-news.com/world/2025/12/01/not-analysed'),
  },
]);
const written: string[] = [];
try {
  for (const scheme of ['light', 'dark'] as const) {
    const b = await launchWithExtension({ colorScheme: scheme, args: siteArgs(servers.sites) });
    try {
      await setApiBase(b.ctx, servers.api.url);
      await waitForKeySet(b);
      await new Promise((r) => setTimeout(r, 500));
      for (const [name, url] of [
        ['front', servers.sites.urlOf(`${FRONT}.html`)],
        ['search', `${SEARCH_URL}?q=playstation`],
      ] as const) {
        const page = await b.ctx.newPage();
        await page.setViewportSize({ width: 1100, height: 700 });
        await page.emulateMedia({ colorScheme: scheme });
        await page.goto(url, { waitUntil: 'load' });
        const deadline = Date.now() + 10_000;
        let marks = await readMarks(page);
        while (marks.length === 0 && Date.now() < deadline) {
          await page.evaluate(() => window.scrollBy(0, 400));
          await new Promise((r) => setTimeout(r, 300));
          marks = await readMarks(page);
        }
        if (marks.length === 0) throw new Error(`no mark on ${url}`);
        // All marks (scrolling through the page), then the view that holds the most of them.
        for (let i = 0; i < 40; i++) {
          await page.evaluate(() => window.scrollBy(0, 600));
          await new Promise((r) => setTimeout(r, 100));
        }
        await new Promise((r) => setTimeout(r, 500));
        marks = await readMarks(page);
        // The view from the first mark beside a headline (a link with text of its own).
        const texts = await page.evaluate(() =>
          [...document.querySelectorAll('a')].map((a) => a.innerText.trim().length),
        );
        const scrollY = await page.evaluate(() => window.scrollY);
        const headline = marks.find((m) => (texts[m.index] ?? 0) > 30) ?? marks[0]!;
        const best = headline.box.y + scrollY;
        await page.evaluate((y) => window.scrollTo(0, y - 120), best);
        await new Promise((r) => setTimeout(r, 400));
        const file = join(OUT, `link-marks-${name}-${scheme}.png`);
        await page.screenshot({ path: file });
        written.push(file);
        await page.close();
      }
    } finally {
      await b.close();
    }
  }
} finally {
  await servers.close();
  await rm(catalogue, { recursive: true, force: true });
}
console.log(written.join('\n'));
