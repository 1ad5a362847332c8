/**
 * What link marks cost a listing page, in real Chromium (issue 21). Real listing pages of the labelled corpus (home
 * and section fronts), each on its own site, and a generated front page of 2,000 links, with a catalogue holding a
 * few articles each page links to; every page loaded with marks on (the built extension), with marks off (the same
 * build, the reader's "off altogether"), and with no extension, interleaved so machine noise hits all three alike.
 * Page scripts stripped, sub-requests blocked. Figures: main-thread script time of the document (CDP ScriptDuration,
 * all worlds: the page's, the content script's, the marking module's) read when the marks have settled, and the
 * time from DOMContentLoaded to the first and the last mark inserted (a main-world MutationObserver, in every
 * configuration alike). docs/bench.md has the method and the figures.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { launchWithExtension, serviceWorker, setApiBase, type ExtensionBrowser } from '../../tools/browsers/chromium';
import { corpusLabels, readCorpusPage, type CorpusLabel } from '../../tools/corpus/corpus';
import { articleLinksOf, storyFor } from '../../tools/browsers/link-marks-cdp';
import type { NewsSite } from '../../tools/servers/news-sites';
import { median, ms, quantile } from '../../tools/bench/stats';
import { scriptMs } from '../../tools/browsers/script-time';
import { stripPageScripts } from '../../tools/corpus/strip-scripts';
import { writeStories } from '../../tests/unit/support/publish-fixtures';
import { corpusSites, siteArgs, startServers, waitForKeySet } from '../../tools/harness';

/** Listing pages of the corpus (home and section fronts of news, portal and blog sites). */
const LISTING_IDS = [
  'metascraper-logo-favicon--theverge',
  'newspaper4k-cnn_main_site',
  'readability-nytimes-5',
  'metascraper-uol--folha',
  'htmldate-austria.info',
  'htmldate-deutschland.de.en',
  'htmldate-stuttgart.de',
  'metascraper-readability--microlink.io',
  'htmldate-eval-echte-demokratie-jetzt.de.blog',
  'htmldate-die-partei.net.sh',
  'htmldate-blog.wordpress.com',
];
const GENERATED_URL = 'http://www.bench-front.test/';
const GENERATED_LINKS = 2000;
const ROUNDS = Number(process.env.BENCH_LINKMARKS_ROUNDS ?? 3);
/** After the load event, the marks are read until none has been added for this long. */
const QUIET_MS = 400;
const MAX_WAIT_MS = 4000;

type Config = 'marks' | 'off' | 'none';
const CONFIGS: Config[] = ['marks', 'off', 'none'];

/** A front page of `n` links to articles of its own site, in a grid of headlines, 20 of them analysed. */
function generatedFront(n: number): string {
  const items = Array.from(
    { length: n },
    (_, i) =>
      `<li><a href="/news/2026/12/${(i % 28) + 1}/story-${i}">Headline number ${i} of the generated front page</a> <span>${i % 60} min ago</span></li>`,
  ).join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Generated front</title>
<style>body{font:15px/1.4 sans-serif;margin:16px} ul{columns:3;list-style:none;padding:0} li{margin:0 0 6px}</style>
</head><body><h1>Generated front page</h1><ul>${items}</ul></body></html>`;
}
const generatedAnalysed = Array.from(
  { length: 20 },
  (_, k) => `https://www.bench-front.test/news/2026/12/${((k * 97) % 28) + 1}/story-${k * 97}`,
);

/** Records, in the page's own world, when each mark host (a span right after a link) is inserted. */
const RECORD_MARKS = `(() => {
  const w = window;
  w.__marks = [];
  // From DOMContentLoaded: the parser's own insertions are not marks (and are not watched, in any configuration).
  document.addEventListener('DOMContentLoaded', () => new MutationObserver((records) => {
    for (const r of records) for (const n of r.addedNodes) {
      if (n.nodeName === 'SPAN' && n.attributes.length === 0 && n.previousElementSibling && n.previousElementSibling.nodeName === 'A' && n.shadowRoot === null && n.childNodes.length === 0) w.__marks.push(performance.now());
    }
  }).observe(document, { childList: true, subtree: true }));
})();`;

interface Tab {
  config: Config;
  browser: ExtensionBrowser;
  page: Page;
  cdp: CDPSession;
}

async function openTab(config: Config, browser: ExtensionBrowser): Promise<Tab> {
  const page = await browser.ctx.newPage();
  await page.setViewportSize({ width: 1280, height: 900 });
  // Only the page itself loads (and the extension's own modules): every sub-request is aborted.
  await page.route('**/*', (route) => {
    const req = route.request();
    const own = req.isNavigationRequest() && req.frame() === page.mainFrame();
    return own || req.url().startsWith('chrome-extension:') ? route.continue() : route.abort();
  });
  await page.addInitScript(RECORD_MARKS);
  const cdp = await browser.ctx.newCDPSession(page);
  await cdp.send('Performance.enable');
  return { config, browser, page, cdp };
}

interface Load {
  config: Config;
  page: string;
  scriptMs: number;
  marks: number;
  firstMs: number | null;
  lastMs: number | null;
}

async function load(tab: Tab, url: string, id: string): Promise<Load> {
  await tab.page.goto(url, { waitUntil: 'load' });
  const start = Date.now();
  let count = -1;
  let stableSince = Date.now();
  while (Date.now() - start < MAX_WAIT_MS) {
    const now = (await tab.page.evaluate(() => (window as unknown as { __marks: number[] }).__marks.length)) as number;
    if (now !== count) {
      count = now;
      stableSince = Date.now();
    } else if (Date.now() - stableSince >= QUIET_MS && (tab.config !== 'marks' || count > 0)) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const script = await scriptMs(tab.cdp);
  const times = await tab.page.evaluate(() => ({
    marks: (window as unknown as { __marks: number[] }).__marks,
    dcl: (performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming).domContentLoadedEventEnd,
  }));
  return {
    config: tab.config,
    page: id,
    scriptMs: script,
    marks: times.marks.length,
    firstMs: times.marks.length ? times.marks[0]! - times.dcl : null,
    lastMs: times.marks.length ? times.marks.at(-1)! - times.dcl : null,
  };
}

export async function run(): Promise<string[]> {
  const labels = LISTING_IDS.map((id) => {
    const l = corpusLabels().find((x: CorpusLabel) => x.id === id);
    if (!l?.url) throw new Error(`link-marks bench: corpus page ${id} missing`);
    return l;
  });
  const catalogueDir = await mkdtemp(join(tmpdir(), 'link-marks-bench-'));
  const stories = [];
  let n = 0;
  for (const l of labels) {
    for (const url of articleLinksOf(stripPageScripts(readCorpusPage(l.id).text), l.url!, 3))
      stories.push(storyFor(url, n++));
  }
  for (const url of generatedAnalysed) stories.push(storyFor(url, n++));
  await writeStories(catalogueDir, stories);
  const pages: NewsSite[] = [
    ...corpusSites(labels),
    {
      file: 'generated-front.html',
      url: GENERATED_URL,
      prefix: false,
      dir: '',
      body: () => generatedFront(GENERATED_LINKS),
    },
  ];
  const servers = await startServers(catalogueDir, undefined, pages);
  const browsers: Record<Config, ExtensionBrowser> = {
    marks: await launchWithExtension({ headless: true, args: siteArgs(servers.sites) }),
    off: await launchWithExtension({ headless: true, args: siteArgs(servers.sites) }),
    none: await launchWithExtension({ headless: true, extensionDir: null, args: siteArgs(servers.sites) }),
  };
  const loads: Load[] = [];
  const linkCounts = new Map<string, number>();
  try {
    for (const config of ['marks', 'off'] as const) {
      await setApiBase(browsers[config].ctx, servers.api.url);
      await waitForKeySet(browsers[config]);
    }
    const sw = await serviceWorker(browsers.off.ctx);
    await sw.evaluate(() => chrome.storage.local.set({ linkMarks: { off: true, onSites: [], offSites: [] } }));
    const tabs = await Promise.all(CONFIGS.map((c) => openTab(c, browsers[c])));
    const targets = [
      ...labels.map((l) => ({ id: l.id, url: servers.sites.urlOf(`${l.id}.html`) })),
      { id: `generated ${GENERATED_LINKS} links`, url: GENERATED_URL },
    ];
    // A first load of each page in each configuration warms caches (not counted).
    for (const t of targets) {
      for (const tab of tabs) await load(tab, t.url, t.id);
      linkCounts.set(t.id, await tabs[2]!.page.evaluate(() => document.querySelectorAll('a[href]').length));
    }
    for (let round = 0; round < ROUNDS; round++) {
      for (const [i, t] of targets.entries()) {
        // Interleaved, in a rotating order: no configuration always goes first.
        for (let k = 0; k < CONFIGS.length; k++) loads.push(await load(tabs[(i + round + k) % 3]!, t.url, t.id));
      }
    }
  } finally {
    await Promise.all(Object.values(browsers).map((b) => b.close()));
    await servers.close();
    await rm(catalogueDir, { recursive: true, force: true });
  }

  const of = (config: Config, page?: string) =>
    loads.filter((l) => l.config === config && (page === undefined || l.page === page));
  const listing = (config: Config) => of(config).filter((l) => !l.page.startsWith('generated'));
  const added = (config: Config, pageFilter: (l: Load) => boolean) => {
    // Per page and round: this configuration's script time minus no extension's, paired by page (medians per page).
    const perPage = new Map<string, number>();
    for (const page of new Set(loads.filter(pageFilter).map((l) => l.page))) {
      perPage.set(
        page,
        median(of(config, page).map((l) => l.scriptMs)) - median(of('none', page).map((l) => l.scriptMs)),
      );
    }
    return [...perPage.values()];
  };
  const isListing = (l: Load) => !l.page.startsWith('generated');
  const isGenerated = (l: Load) => l.page.startsWith('generated');
  const marked = listing('marks').filter((l) => l.lastMs !== null);
  const lines = [
    `${labels.length} listing pages + a generated page of ${GENERATED_LINKS} links; ${ROUNDS} rounds, interleaved (marks on, marks off, no extension)`,
    '',
    '| | marks on | marks off | no extension |',
    '| --- | --- | --- | --- |',
    `| listing pages: script time, median of all loads | ${ms(median(listing('marks').map((l) => l.scriptMs)))} | ${ms(median(listing('off').map((l) => l.scriptMs)))} | ${ms(median(listing('none').map((l) => l.scriptMs)))} |`,
    `| listing pages: added to no extension, median over pages of the per-page median | ${ms(median(added('marks', isListing)))} | ${ms(median(added('off', isListing)))} | — |`,
    `| listing pages: the same, worst page | ${ms(Math.max(...added('marks', isListing)))} | ${ms(Math.max(...added('off', isListing)))} | — |`,
    `| ${GENERATED_LINKS}-link page: script time, median | ${ms(
      median(
        of('marks')
          .filter(isGenerated)
          .map((l) => l.scriptMs),
      ),
    )} | ${ms(
      median(
        of('off')
          .filter(isGenerated)
          .map((l) => l.scriptMs),
      ),
    )} | ${ms(
      median(
        of('none')
          .filter(isGenerated)
          .map((l) => l.scriptMs),
      ),
    )} |`,
    `| ${GENERATED_LINKS}-link page: added to no extension | ${ms(added('marks', isGenerated)[0]!)} | ${ms(added('off', isGenerated)[0]!)} | — |`,
    `| marks shown per load (listing pages, median; ${GENERATED_LINKS}-link page) | ${median(listing('marks').map((l) => l.marks))}; ${median(
      of('marks')
        .filter(isGenerated)
        .map((l) => l.marks),
    )} | ${Math.max(...of('off').map((l) => l.marks))} (max) | ${Math.max(...of('none').map((l) => l.marks))} (max) |`,
    '',
    `DOMContentLoaded → last mark of the first screen, listing pages with marks: median ${ms(median(marked.map((l) => l.lastMs!)))}, p90 ${ms(
      quantile(
        marked.map((l) => l.lastMs!),
        0.9,
      ),
    )}, max ${ms(Math.max(...marked.map((l) => l.lastMs!)))}; first mark: median ${ms(median(marked.map((l) => l.firstMs!)))}`,
    `${GENERATED_LINKS}-link page: DOMContentLoaded → last mark: median ${ms(
      median(
        of('marks')
          .filter(isGenerated)
          .map((l) => l.lastMs ?? NaN),
      ),
    )}`,
    '',
    '| page | links | marks on − none | marks off − none | marks shown |',
    '| --- | --- | --- | --- | --- |',
    ...[...new Set(loads.map((l) => l.page))].map(
      (page) =>
        `| ${page} | ${linkCounts.get(page) ?? '?'} | ${ms(median(of('marks', page).map((l) => l.scriptMs)) - median(of('none', page).map((l) => l.scriptMs)))} | ${ms(median(of('off', page).map((l) => l.scriptMs)) - median(of('none', page).map((l) => l.scriptMs)))} | ${median(of('marks', page).map((l) => l.marks))} |`,
    ),
    '',
    `listing loads with no mark (marks on): ${
      listing('marks')
        .filter((l) => l.marks === 0)
        .map((l) => l.page)
        .join(', ') || 'none'
    }`,
  ];
  return lines;
}
