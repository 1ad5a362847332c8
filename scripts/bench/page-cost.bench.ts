/**
 * What the extension costs a page, in real Chromium. (1) Page load: main-thread script time (CDP
 * `Performance.getMetrics` ScriptDuration) of corpus pages loaded with the built extension, with a minimal
 * extension that only reports the page (the floor), and with none; page scripts stripped, sub-requests blocked,
 * loads interleaved so machine noise hits all three alike. (2) Popup: navigation start → story painted, ours
 * against a floor popup (one message, one storage read, one heading). Method and figures: docs/bench.md.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import {
  launchWithExtension,
  serviceWorker,
  setApiBase,
  tabIdOf,
  type ExtensionBrowser,
} from '../../tools/browsers/chromium';
import { corpusLabels, serveCorpusPages, type CorpusLabel, type CorpusServer } from '../../tools/corpus/corpus';
import { median, ms, quantile } from '../../tools/bench/stats';
import { FLOOR_CONTENT_SCRIPT, openMeasuredTab, scriptMs } from '../../tools/browsers/script-time';
import { stripPageScripts } from '../../tools/corpus/strip-scripts';
import { SEED, siteArgs, startServers, waitForKeySet, type Servers } from '../../tools/harness';

// ---- Parameters that follow the extension's design (adapt them when it changes) ----

/** The news page PRISM has analysed that the popup is opened for: the seed page, on its own site (harness.ts). */
const POPUP_NEWS_PAGE = (servers: Servers) => servers.sites.urlOf(`${SEED}.html`);
/** Switches for every browser of the bench: the harness's news sites resolve to its local page server. */
const BROWSER_ARGS = (servers: Servers) => siteArgs(servers.sites);
/** The id of the tab showing `url` (today: the `tab:<id>` entry the background writes for the page's report). */
const popupTabId = (ctx: BrowserContext, url: string) => tabIdOf(ctx, url, 15_000);
/** Our popup for a tab, opened as a page. */
const POPUP_URL = (extensionId: string, tabId: number) => `chrome-extension://${extensionId}/popup.html?tab=${tabId}`;
/** In our popup: the story's title heading (components/StoryView.tsx). */
const STORY_PAINTED = '[data-testid^=edition-] h2';

/**
 * Evidence that the built extension's content script ran for this load of `url` in tab `tabId`: null if not, else
 * when its report reached the background (ms since the epoch; `undefined` if that is not known). Today the
 * background writes `tab:<id>` in storage.session with the reported page (`page.url` is location.href) and a `seq`
 * that is the time of the report × 1000 (entrypoints/background/tab-state-store.ts `nextSeq`).
 */
async function builtScriptRan(ctx: BrowserContext, tabId: number, url: string): Promise<{ at?: number } | null> {
  const sw = await serviceWorker(ctx);
  const entry: unknown = await sw.evaluate(async (key) => (await chrome.storage.session.get(key))[key], `tab:${tabId}`);
  const state = entry as { page?: { url?: string }; seq?: number } | undefined;
  if (state?.page?.url !== url) return null;
  return typeof state.seq === 'number' && state.seq > 1e15 ? { at: Math.floor(state.seq / 1000) } : {};
}

// ---- Method ----

const PAGES = Number(process.env.BENCH_PAGECOST_PAGES ?? 51);
const ROUNDS = Number(process.env.BENCH_PAGECOST_ROUNDS ?? 5);
const POPUP_OPENINGS = Number(process.env.BENCH_PAGECOST_POPUPS ?? 12);
/**
 * After the load event: document_idle scripts have run by then. Checked on every load: the content script's
 * message must have reached its background before the reading, or the bench fails.
 */
const SETTLE_MS = 500;
/** First round: read again this much later, past the background's check of the tab 3 s after it loads. */
const LATER_MS = 3500;
const FLOOR_PAINTED = 'h1#answer';

type Config = 'built' | 'minimal' | 'none';
const CONFIGS: Config[] = ['built', 'minimal', 'none'];

/** The floor: an MV3 extension whose content script sends one message, and whose popup does the least. */
const FLOOR_FILES: Record<string, string> = {
  'manifest.json': JSON.stringify({
    manifest_version: 3,
    name: 'page-cost floor',
    version: '1.0',
    permissions: ['storage'],
    background: { service_worker: 'background.js' },
    content_scripts: [{ matches: ['http://*/*', 'https://*/*'], js: ['content.js'], run_at: 'document_idle' }],
  }),
  'content.js': FLOOR_CONTENT_SCRIPT,
  'background.js': `globalThis.received = [];
chrome.runtime.onMessage.addListener((m, sender, sendResponse) => {
  if (m && m.type === 'floor:page') { globalThis.received.push({ href: m.href, at: Date.now() }); sendResponse(true); }
  if (m && m.type === 'floor:hello') sendResponse({ greeting: 'Story' });
});\n`,
  'popup.html': `<!doctype html><html><head><meta charset="utf-8"><title>floor</title></head>
<body><div id="root"></div><script type="module" src="popup.js"></script></body></html>\n`,
  'popup.js': `const reply = await chrome.runtime.sendMessage({ type: 'floor:hello' });
const { answer } = await chrome.storage.local.get('answer');
const h = document.createElement('h1');
h.id = 'answer';
h.textContent = reply.greeting + ': ' + answer;
document.getElementById('root').append(h);\n`,
};

/** About `count` pages, the same share of each label, spread over labels.json. */
function pickPages(labels: CorpusLabel[], count: number): CorpusLabel[] {
  const groups = ['news-article', 'article-non-news', 'not-article'].map((l) => labels.filter((x) => x.label === l));
  const per = Math.ceil(count / groups.length);
  const spread = (g: CorpusLabel[]) =>
    Array.from({ length: Math.min(per, g.length) }, (_, i) => g[Math.floor((i * g.length) / per)]!);
  return groups.flatMap(spread);
}

interface Tab {
  config: Config;
  browser: ExtensionBrowser;
  page: Page;
  cdp: CDPSession;
  tabId?: number;
}

async function openTab(config: Config, browser: ExtensionBrowser, server: CorpusServer): Promise<Tab> {
  return { config, browser, ...(await openMeasuredTab(browser, server.url)) };
}

async function until(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Fails loudly unless this load's content script ran and had reported to its background before the reading. */
async function proveRan(tab: Tab, url: string, readAt: number): Promise<void> {
  if (tab.config === 'none') return;
  const ctx = tab.browser.ctx;
  if (tab.config === 'built') {
    tab.tabId ??= await tabIdOf(ctx, url, 10_000).catch(() => undefined);
    const tabId = tab.tabId;
    let ran: { at?: number } | null = null;
    if (tabId !== undefined) await until(async () => (ran = await builtScriptRan(ctx, tabId, url)) !== null, 5000);
    if (!ran) throw new Error(`page-cost: the built extension's content script did not report ${url}`);
    const at = (ran as { at?: number }).at;
    if (at !== undefined && at > readAt) {
      throw new Error(`page-cost: the built content script reported ${at - readAt} ms after the reading (${url})`);
    }
    return;
  }
  let at: number | undefined;
  await until(async () => {
    const sw = await serviceWorker(ctx);
    const got = (
      await sw.evaluate(() => (globalThis as unknown as { received: { href: string; at: number }[] }).received)
    ).find((r) => r.href === url);
    at = got?.at;
    return at !== undefined;
  }, 5000);
  if (at === undefined) throw new Error(`page-cost: the minimal content script's message for ${url} never arrived`);
  if (at > readAt) throw new Error(`page-cost: the minimal content script ran ${at - readAt} ms after the reading`);
}

interface Load {
  config: Config;
  page: number;
  round: number;
  ms: number;
  later?: number;
}

async function measureLoads(tabs: Tab[], server: CorpusServer, pages: CorpusLabel[]): Promise<Load[]> {
  const loads: Load[] = [];
  for (const [p, label] of pages.entries()) {
    if (p % 10 === 0) process.stderr.write(`page-cost: page ${p + 1} of ${pages.length}\n`);
    for (let round = 0; round < ROUNDS; round++) {
      for (let k = 0; k < tabs.length; k++) {
        const tab = tabs[(p + round + k) % tabs.length]!;
        const url = server.pageUrl(label.id, `load=${p}-${round}-${tab.config}`);
        await tab.page.goto(url, { waitUntil: 'load', timeout: 60_000 });
        await tab.page.waitForTimeout(SETTLE_MS);
        const readAt = Date.now();
        const value = await scriptMs(tab.cdp);
        const load: Load = { config: tab.config, page: p, round, ms: value };
        await proveRan(tab, url, readAt);
        if (round === 0) {
          await tab.page.waitForTimeout(Math.max(0, readAt + LATER_MS - Date.now()));
          load.later = (await scriptMs(tab.cdp)) - value;
        }
        loads.push(load);
      }
    }
  }
  return loads;
}

const stat = (xs: number[]) => {
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const text = `mean ${ms(mean)}, p95 ${ms(quantile(xs, 0.95))} (median ${ms(median(xs))}, max ${ms(Math.max(...xs))})`;
  return { mean, p95: quantile(xs, 0.95), text };
};
const verdict = (ratio: number, target: number) =>
  `${ratio.toFixed(2)}× (target ≤ ${target}×: ${ratio <= target ? 'PASS' : 'FAIL'})`;

function reportLoads(loads: Load[], pages: CorpusLabel[], received: number): string[] {
  const of = (c: Config) => loads.filter((l) => l.config === c);
  const none = new Map(of('none').map((l) => [`${l.page}/${l.round}`, l.ms]));
  const cost = (c: Config) => of(c).map((l) => l.ms - (none.get(`${l.page}/${l.round}`) ?? Number.NaN));
  const mix = ['news-article', 'article-non-news', 'not-article'].map(
    (x) => `${pages.filter((p) => p.label === x).length} ${x}`,
  );
  const lines = [
    `page load: ${pages.length} corpus pages (${mix.join(', ')}) × ${ROUNDS} rounds × 3 configurations, interleaved;`,
    `  ScriptDuration (main-thread script time of the page's document, all worlds) read ${SETTLE_MS} ms after load`,
  ];
  for (const c of CONFIGS) lines.push(`  ${c.padEnd(8)} ${stat(of(c).map((l) => l.ms)).text}`);
  const b = stat(cost('built'));
  const m = stat(cost('minimal'));
  lines.push(
    '  extension cost (configuration − no extension, same page and round; the stripped pages run almost no script',
    "  of their own, so this is the content script's own time: compiling and running it, and its message):",
    `  built    ${b.text}`,
    `  minimal  ${m.text}   (the floor: any content script that reports a page pays this)`,
    `  built / floor: mean ${verdict(b.mean / m.mean, 1.3)}, p95 ${verdict(b.p95 / m.p95, 1.5)}`,
  );
  lines.push('  built cost by label:');
  for (const x of ['news-article', 'article-non-news', 'not-article']) {
    const own = of('built').flatMap((l, i) => (pages[l.page]!.label === x ? [cost('built')[i]!] : []));
    lines.push(`    ${x.padEnd(16)} ${stat(own).text}`);
  }
  lines.push(`  settle: every load's content script had reported to its background before the reading`);
  lines.push(
    `  later in the page, not in the figures above (first round: from the reading to ${LATER_MS} ms after it,`,
    "  which takes in the background's check of the tab 3 s after load, answered by the content script):",
  );
  for (const c of CONFIGS) {
    const g = of(c).flatMap((l) => (l.later === undefined ? [] : [l.later]));
    lines.push(`  ${c.padEnd(8)} +${stat(g).text}   (${g.length} loads)`);
  }
  const whole = (c: Config) =>
    of(c).flatMap((l) => {
      const base = loads.find((n) => n.config === 'none' && n.page === l.page && n.round === l.round);
      return l.later === undefined || base?.later === undefined ? [] : [l.ms + l.later - base.ms - base.later];
    });
  const wb = stat(whole('built'));
  const wm = stat(whole('minimal'));
  lines.push(
    `  counting that too (first round): built ${wb.text}; floor ${wm.text};`,
    `  built / floor: mean ${verdict(wb.mean / wm.mean, 1.3)}, p95 ${verdict(wb.p95 / wm.p95, 1.5)}`,
  );
  const slow = of('built')
    .sort((x, y) => y.ms - x.ms)
    .slice(0, 3)
    .map((l) => `${pages[l.page]!.id} ${ms(l.ms)}`);
  lines.push(`  slowest built loads: ${slow.join(', ')}`);
  lines.push(
    `  content scripts ran: built reported all ${of('built').length} loads (storage.session tab entry); ` +
      `the floor's background received ${received} messages for ${of('minimal').length} loads`,
  );
  return lines;
}

/** Times navigation start → first animation frame in which `selector` has text, in a fresh page. */
async function timePopup(ctx: BrowserContext, url: string, selector: string): Promise<number> {
  const page = await ctx.newPage();
  await page.setViewportSize({ width: 400, height: 600 });
  // A string, not a function: tsx's name helpers would not exist in the page.
  await page.addInitScript(`(() => {
    const look = () => {
      const el = document.querySelector(${JSON.stringify(selector)});
      if (el?.textContent?.trim()) window.__painted = performance.now();
      else requestAnimationFrame(look);
    };
    requestAnimationFrame(look);
  })();`);
  await page.goto(url);
  const handle = await page
    .waitForFunction(() => (window as unknown as { __painted?: number }).__painted, null, { timeout: 15_000 })
    .catch(async () => {
      const shown = (await page.locator('body').innerText()).replace(/\s+/g, ' ').slice(0, 300);
      throw new Error(`page-cost: ${selector} never painted in ${url}; the page shows: ${shown}`);
    });
  const t = (await handle.jsonValue()) as number;
  await page.close();
  return t;
}

async function measurePopups(built: ExtensionBrowser, floor: ExtensionBrowser, servers: Servers): Promise<string[]> {
  const news = await built.ctx.newPage();
  const newsUrl = POPUP_NEWS_PAGE(servers);
  await news.goto(newsUrl);
  const tabId = await popupTabId(built.ctx, newsUrl);
  const floorSw = await serviceWorker(floor.ctx);
  await floorSw.evaluate(() => chrome.storage.local.set({ answer: 'painted' }));
  const ours = () => timePopup(built.ctx, POPUP_URL(built.extensionId, tabId), STORY_PAINTED);
  const base = () => timePopup(floor.ctx, `chrome-extension://${floor.extensionId}/popup.html`, FLOOR_PAINTED);
  await ours(); // warm-up, not counted: the story is looked up and cached, the extension's process started
  await base();
  const a: number[] = [];
  const f: number[] = [];
  for (let i = 0; i < POPUP_OPENINGS; i++) {
    if (i % 2 === 0) {
      a.push(await ours());
      f.push(await base());
    } else {
      f.push(await base());
      a.push(await ours());
    }
  }
  await news.close();
  const ratio = median(a) / median(f);
  return [
    `popup: navigation start → first frame with the story's title (${STORY_PAINTED}; floor: ${FLOOR_PAINTED}),`,
    `  ${POPUP_OPENINGS} interleaved openings each after one warm-up, a fresh page each time (400×600)`,
    `  ours   median ${ms(median(a))}, max ${ms(Math.max(...a))}`,
    `  floor  median ${ms(median(f))}, max ${ms(Math.max(...f))}   (one message, one storage.local read, one heading)`,
    `  ours / floor: median ${verdict(ratio, 1.3)}`,
  ];
}

export async function run(): Promise<string[]> {
  const floorDir = await mkdtemp(join(tmpdir(), 'prism-floor-ext-'));
  for (const [name, text] of Object.entries(FLOOR_FILES)) await writeFile(join(floorDir, name), text);
  const server = await serveCorpusPages({ transform: stripPageScripts });
  const harness = await startServers();
  const browsers: Partial<Record<Config, ExtensionBrowser>> = {};
  try {
    const args = BROWSER_ARGS(harness);
    browsers.built = await launchWithExtension({ args });
    browsers.minimal = await launchWithExtension({ extensionDir: floorDir, args });
    browsers.none = await launchWithExtension({ extensionDir: null, args });
    await setApiBase(browsers.built.ctx, harness.api.url);
    await waitForKeySet(browsers.built);
    const tabs: Tab[] = [];
    for (const c of CONFIGS) tabs.push(await openTab(c, browsers[c]!, server));
    const pages = pickPages(corpusLabels(), PAGES);
    const loads = await measureLoads(tabs, server, pages);
    const sw = await serviceWorker(browsers.minimal.ctx);
    const received = await sw.evaluate(() => (globalThis as unknown as { received: unknown[] }).received.length);
    for (const t of tabs) await t.page.close();
    return [
      `Chromium ${browsers.built.ctx.browser()?.version() ?? '(persistent context)'}`,
      ...reportLoads(loads, pages, received),
      ...(await measurePopups(browsers.built, browsers.minimal, harness)),
    ];
  } finally {
    for (const b of Object.values(browsers)) await b.close();
    await Promise.all([server.close(), harness.close()]);
    await rm(floorDir, { recursive: true, force: true });
  }
}
