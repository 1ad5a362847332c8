/**
 * What a worker wake-up costs (issues 20 and 23), in real Chromium. The extension's service worker is stopped
 * (CDP `ServiceWorker.stopAllWorkers`, from a session on an extension page, waiting for the `stopped` status); then
 * a tab navigates to a page PRISM has analysed, and the time from the navigation's start to the toolbar mark for
 * that tab (`chrome.action.getBadgeText`, polled from an open extension page: it does not keep the worker alive) is
 * taken. Against a floor extension whose worker answers one message from its content script and sets a badge,
 * stopped and measured the same way, interleaved, in the same run. The same with the worker running ("warm") tells
 * the wake-up apart from the page load and the lookup. A second configuration wakes up to a page of another outlet
 * whose headline reports a catalogue story's event (same-event match, with the reader's ◇ mark turned on), with an
 * event index of BENCH_WAKE_EVENTS stories (1000 by default). Also: the size of the worker's script against its
 * budget. Method and figures: docs/bench.md, "Worker wake-up".
 */
import { cp, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext, CDPSession, Page } from 'playwright-core';
import type { Story } from '../../utils/prism/schema';
import type { NewsSite } from '../../tools/servers/news-sites';
import {
  EXTENSION_DIR,
  launchWithExtension,
  setApiBase,
  tabIdOf,
  waitForKeySet,
  type ExtensionBrowser,
} from '../../tools/browsers/chromium';
import { loadDev } from '../../tools/bench/match-dev';
import { normalizeTitle } from '../../utils/prism/keys';
import { WAKE_RATIO_BUDGET, WORKER_BUDGET_KB, WORKER_SCRIPT } from '../../tools/bench/worker-budget';
import { median, ms, quantile } from '../../tools/bench/stats';
import { ROOT, SEED, siteArgs, startServers, type Servers } from '../../tools/harness';

// ---- Parameters that follow the extension's design (adapt them when it changes) ----

/** The toolbar mark of an exact match, and of a same-event match when the reader turned it on (toolbar-badge.ts). */
const EXACT_MARK = '◆';
const SAME_EVENT_MARK = '◇';
/** The storage item that turns the same-event mark on (stores/storage-items.ts `sameEventMarkSetting`). */
const SAME_EVENT_MARK_SETTING = 'sameEventMark';
/** The catalogue story whose event the same-event page reports (tests/e2e/same-event.e2e.ts). */
const GRID = 'russia-strikes-ukraine-energy-grid';
const SAME_EVENT_PAGE: NewsSite = {
  file: 'wake-bbc-grid.html',
  url: 'http://www.bbc.co.uk/news/articles/ukraine-power-cuts',
  prefix: false,
  dir: '',
  body: () => `<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Russian missiles and drones knock out power across Ukraine in massive overnight attack - BBC</title>
<meta property="og:title" content="Russian missiles and drones knock out power across Ukraine in massive overnight attack">
<meta property="og:type" content="article"><meta property="og:site_name" content="BBC"></head>
<body><article><h1>Russian missiles and drones knock out power across Ukraine in massive overnight attack</h1>
<p>${'Reporting from the scene. '.repeat(40)}</p></article></body></html>`,
};

// ---- Method ----

const ROUNDS = Number(process.env.BENCH_WAKE_ROUNDS ?? 20);
const EVENTS = Number(process.env.BENCH_WAKE_EVENTS ?? 1000);
/**
 * Another build of the extension (its chrome-mv3 folder) measured as one more side, like `exact`, in the same run:
 * how a change to the worker is measured (build the commit before it with WXT_OUT_DIR, then pass its folder).
 */
const BASELINE = process.env.BENCH_WAKE_BASELINE;
/** After the worker stopped, before the navigation: the stop's own work is not counted. */
const PAUSE_MS = 300;
const TIMEOUT_MS = 15_000;

/** The floor: its content script sends one message; its worker sets the tab's badge and answers with the tab's id. */
const FLOOR_FILES: Record<string, string> = {
  'manifest.json': JSON.stringify({
    manifest_version: 3,
    name: 'wake-up floor',
    version: '1.0',
    action: {},
    background: { service_worker: 'background.js' },
    content_scripts: [{ matches: ['http://*/*', 'https://*/*'], js: ['content.js'], run_at: 'document_idle' }],
  }),
  'content.js': `chrome.runtime.sendMessage({ type: 'floor:page', href: location.href, title: document.title })
  .then((id) => { document.documentElement.dataset.floorTab = String(id); }).catch(() => {});\n`,
  'background.js': `chrome.runtime.onMessage.addListener((m, sender, sendResponse) => {
  if (!m || m.type !== 'floor:page' || !sender.tab) return;
  chrome.action.setBadgeText({ tabId: sender.tab.id, text: ${JSON.stringify(EXACT_MARK)} }).then(() => sendResponse(sender.tab.id));
  return true;
});\n`,
};

type Kind = 'exact' | 'same-event' | 'floor' | 'baseline';

interface Side {
  kind: Kind;
  browser: ExtensionBrowser;
  /** The page measured (a query string makes each load a new report). */
  url: string;
  mark: string;
  tab: Page;
  tabId: number;
  /** An extension page of the side's extension: polls the badge, and its CDP session stops the worker. */
  probe: Page;
  cdp: CDPSession;
  status: () => string;
  /** When the worker last reported `starting`, then `running` (ms since the epoch, as the events arrive); stops seen. */
  started: () => { starting: number; running: number; stops: number };
}

/** A CDP session on an extension page that follows the worker's running status. */
async function watchWorker(ctx: BrowserContext, probe: Page) {
  const cdp = await ctx.newCDPSession(probe);
  let status = 'running';
  const at = { starting: 0, running: 0, stops: 0 };
  cdp.on('ServiceWorker.workerVersionUpdated', (e) => {
    for (const v of e.versions) {
      if (!v.scriptURL.endsWith(`/${WORKER_SCRIPT}`) || v.runningStatus === status) continue;
      status = v.runningStatus;
      if (status === 'starting' || status === 'running') at[status] = Date.now();
      if (status === 'stopped') at.stops++;
    }
  });
  await cdp.send('ServiceWorker.enable');
  return { cdp, status: () => status, started: () => ({ ...at }) };
}

async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = TIMEOUT_MS) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`wake-up: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

const badgeOf = (side: Side) => side.probe.evaluate((id) => chrome.action.getBadgeText({ tabId: id }), side.tabId);

/**
 * Navigation start → the side's mark on its tab, in ms; the worker stopped first when `cold`, and then also its
 * start (`starting` → `running`: the script fetched, compiled and run to its end, as CDP reports it).
 */
async function once(side: Side, cold: boolean, n: number): Promise<{ ms: number; start?: number }> {
  await side.tab.goto('about:blank');
  if (cold) {
    // A worker may be woken again right after it stops (the blank page's load event): then it is stopped again.
    for (let tries = 0; ; tries++) {
      await until(() => ['running', 'stopped'].includes(side.status()), `${side.kind}'s worker to settle`);
      if (side.status() === 'running') {
        const stops = side.started().stops;
        await side.cdp.send('ServiceWorker.stopAllWorkers');
        await until(() => side.started().stops > stops, `${side.kind}'s worker to stop`);
      }
      await new Promise((r) => setTimeout(r, PAUSE_MS));
      if (side.status() === 'stopped') break;
      if (tries === 5) throw new Error(`wake-up: ${side.kind}'s worker keeps starting again after a stop`);
    }
  } else {
    await until(() => side.status() === 'running', `${side.kind}'s worker to run`);
    await new Promise((r) => setTimeout(r, PAUSE_MS));
  }
  if ((await badgeOf(side)) !== '') throw new Error(`wake-up: ${side.kind}'s badge was not cleared by the navigation`);
  if (cold && side.status() !== 'stopped') throw new Error(`wake-up: ${side.kind}'s worker started before the load`);
  const marked = side.probe.evaluate(
    async ({ tabId, mark, timeout }) => {
      const end = Date.now() + timeout;
      while (Date.now() < end) {
        if ((await chrome.action.getBadgeText({ tabId })) === mark) return Date.now();
        await new Promise((r) => setTimeout(r, 1));
      }
      return -1;
    },
    { tabId: side.tabId, mark: side.mark, timeout: TIMEOUT_MS },
  );
  const t0 = Date.now();
  await side.tab.goto(`${side.url}?wake=${n}-${cold ? 'cold' : 'warm'}`, { waitUntil: 'commit' });
  const at = await marked;
  if (at < 0) throw new Error(`wake-up: ${side.kind} never showed ${side.mark} (${cold ? 'cold' : 'warm'}, load ${n})`);
  if (!cold) return { ms: at - t0 };
  const { starting, running } = side.started();
  if (!(starting >= t0 && running >= starting)) throw new Error(`wake-up: ${side.kind}'s worker start was not seen`);
  return { ms: at - t0, start: running - starting };
}

/** The sample catalogue published today (so its stories are in the event index) and `fillers` stories more. */
async function eventCatalogue(fillers: number): Promise<{ dir: string; stories: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'prism-wake-catalogue-'));
  await cp(join(ROOT, 'data/catalogue'), dir, { recursive: true });
  const today = new Date().toISOString();
  let stories = fillers;
  for (const name of await readdir(dir)) {
    if (!name.endsWith('.json')) continue;
    stories++;
    const story = JSON.parse(await readFile(join(dir, name), 'utf8')) as Story;
    await writeFile(join(dir, name), JSON.stringify({ ...story, publishedAt: today }));
  }
  // Real headlines of the development set (2014 events, none about the grid story), three a story: title, summary,
  // body, as the evaluation builds them; cycled past the set's size.
  const template = JSON.parse(await readFile(join(ROOT, `data/catalogue/${GRID}.json`), 'utf8')) as Story;
  // Distinct as the publisher compares titles (two stories may not share a lookup key).
  const seen = new Set<string>();
  const headlines = [...loadDev().values()]
    .flat()
    .map((h) => h.title)
    .filter((t) => {
      const key = normalizeTitle(t, template.source.publisher);
      return key !== '' && !seen.has(key) && seen.add(key) !== undefined;
    });
  const h = (i: number) => headlines[i % headlines.length]!;
  for (let i = 0; i < fillers; i++) {
    const id = `wake-filler-${i}`;
    const [first, summary, body] = [h(3 * i), h(3 * i + 1), h(3 * i + 2)];
    const cycle = Math.floor((3 * i) / headlines.length);
    const title = cycle === 0 ? first : `Report number ${cycle + 1} on ${first}`;
    const story = {
      ...template,
      id,
      url: `https://prism.example/en/${id}`,
      publishedAt: today,
      source: { ...template.source, url: `https://filler${i}.example.com/news/${id}`, title },
      aliases: [],
      related: [],
      editions: { en: { ...template.editions.en!, title, summary, body: [body] } },
    };
    await writeFile(join(dir, `${id}.json`), JSON.stringify(story));
  }
  return { dir, stories };
}

const stats = (xs: number[]) => ({ median: median(xs), p95: quantile(xs, 0.95) });
const verdict = (ratio: number, target: number) =>
  `${ratio.toFixed(2)}× (budget ≤ ${target}×: ${ratio <= target ? 'PASS' : 'FAIL'})`;

async function openSide(kind: Kind, browser: ExtensionBrowser, url: string, mark: string): Promise<Side> {
  const probe = await browser.ctx.newPage();
  await probe.goto(`chrome-extension://${browser.extensionId}/manifest.json`);
  const tab = await browser.ctx.newPage();
  await tab.goto(`${url}?wake=first`);
  let tabId: number;
  if (kind === 'floor') {
    await until(
      async () => (await tab.evaluate(() => document.documentElement.dataset.floorTab)) !== undefined,
      'floor',
    );
    tabId = Number(await tab.evaluate(() => document.documentElement.dataset.floorTab));
  } else {
    // The address the tab shows (a host on the browser's HSTS list is upgraded to https).
    tabId = await tabIdOf(browser.ctx, tab.url(), TIMEOUT_MS);
  }
  const side: Side = { kind, browser, url, mark, tab, tabId, probe, ...(await watchWorker(browser.ctx, probe)) };
  await until(async () => (await badgeOf(side)) === mark, `${kind}'s first mark`);
  return side;
}

export async function run(): Promise<string[]> {
  const size = (await stat(join(EXTENSION_DIR, WORKER_SCRIPT))).size;
  const lines = [
    `worker script: ${WORKER_SCRIPT} ${(size / 1024).toFixed(1)} KiB ` +
      `(budget ≤ ${WORKER_BUDGET_KB} KiB: ${size / 1024 <= WORKER_BUDGET_KB ? 'PASS' : 'FAIL'})`,
  ];
  const floorDir = await mkdtemp(join(tmpdir(), 'prism-wake-floor-'));
  for (const [name, text] of Object.entries(FLOOR_FILES)) await writeFile(join(floorDir, name), text);
  const catalogue = await eventCatalogue(EVENTS);
  const opened: ExtensionBrowser[] = [];
  const serverSets: Servers[] = [];
  try {
    const exactServers = await startServers();
    serverSets.push(exactServers);
    const publishStart = Date.now();
    const eventServers = await startServers(catalogue.dir, undefined, [SAME_EVENT_PAGE]);
    serverSets.push(eventServers);
    const eventsMeta = JSON.parse(await readFile(join(eventServers.apiDir, 'v2/meta.json'), 'utf8')) as {
      events?: { sha256: string; path?: string; bytes?: number };
    };
    if (!eventsMeta.events) throw new Error('wake-up: the published catalogue has no event index');
    const publishMs = Date.now() - publishStart;

    const exactBrowser = await launchWithExtension({ args: siteArgs(exactServers.sites) });
    opened.push(exactBrowser);
    await setApiBase(exactBrowser.ctx, exactServers.api.url);
    await waitForKeySet(exactBrowser.ctx);
    const eventBrowser = await launchWithExtension({ args: siteArgs(eventServers.sites) });
    opened.push(eventBrowser);
    await setApiBase(eventBrowser.ctx, eventServers.api.url);
    await waitForKeySet(eventBrowser.ctx, 60_000);
    const worker = eventBrowser.ctx.serviceWorkers()[0]!;
    await worker.evaluate((key) => chrome.storage.local.set({ [key]: true }), SAME_EVENT_MARK_SETTING);
    const floorBrowser = await launchWithExtension({ extensionDir: floorDir, args: siteArgs(exactServers.sites) });
    opened.push(floorBrowser);

    const exactUrl = exactServers.sites.urlOf(`${SEED}.html`);
    let baseline: Side | undefined;
    if (BASELINE) {
      const b = await launchWithExtension({ extensionDir: BASELINE, args: siteArgs(exactServers.sites) });
      opened.push(b);
      await setApiBase(b.ctx, exactServers.api.url);
      await waitForKeySet(b.ctx);
      baseline = await openSide('baseline', b, exactUrl, EXACT_MARK);
      const kb = (await stat(join(BASELINE, WORKER_SCRIPT))).size / 1024;
      lines.push(`baseline: ${BASELINE}, its ${WORKER_SCRIPT} ${kb.toFixed(1)} KiB`);
    }
    const sides = [
      ...(baseline ? [baseline] : []),
      await openSide('exact', exactBrowser, exactUrl, EXACT_MARK),
      await openSide('same-event', eventBrowser, eventServers.sites.urlOf(SAME_EVENT_PAGE.file), SAME_EVENT_MARK),
      await openSide('floor', floorBrowser, exactUrl, EXACT_MARK),
    ];
    const sameEvent = sides.find((s) => s.kind === 'same-event')!;
    const state = await eventBrowser.ctx
      .serviceWorkers()[0]!
      .evaluate(async (key) => (await chrome.storage.session.get(key))[key], `tab:${sameEvent.tabId}`);
    if ((state as { storyId?: string } | undefined)?.storyId !== GRID) {
      throw new Error(`wake-up: the same-event page did not match ${GRID}: ${JSON.stringify(state).slice(0, 300)}`);
    }
    const cold = new Map<Kind, number[]>(sides.map((s) => [s.kind, []]));
    const warm = new Map<Kind, number[]>(sides.map((s) => [s.kind, []]));
    const starts = new Map<Kind, number[]>(sides.map((s) => [s.kind, []]));
    for (let round = 0; round < ROUNDS; round++) {
      if (round % 5 === 0) process.stderr.write(`wake-up: round ${round + 1} of ${ROUNDS}\n`);
      // Each round in another order, so that drift on the machine falls on every side alike.
      const order = sides.map((_, k) => sides[(round + k) % sides.length]!);
      for (const side of order) {
        const got = await once(side, true, round);
        cold.get(side.kind)!.push(got.ms);
        starts.get(side.kind)!.push(got.start!);
      }
      for (const side of order) warm.get(side.kind)!.push((await once(side, false, round)).ms);
    }
    const f = stats(cold.get('floor')!);
    const fs = stats(starts.get('floor')!);
    const fw = stats(warm.get('floor')!);
    lines.push(
      `Chromium ${exactBrowser.ctx.browser()?.version() ?? '(persistent context)'}; ${ROUNDS} rounds, each: every side ` +
        `cold (worker stopped) then warm, interleaved, order rotated`,
      `  navigation start → the tab's toolbar mark (polled from an extension page); median, p95:`,
    );
    for (const side of sides) {
      const c = stats(cold.get(side.kind)!);
      const w = stats(warm.get(side.kind)!);
      const what =
        side.kind === 'floor'
          ? 'floor (one message, one badge)'
          : side.kind === 'exact' || side.kind === 'baseline'
            ? `exact match (${EXACT_MARK}, sample catalogue)${side.kind === 'baseline' ? ', the baseline build' : ''}`
            : `same-event match (${SAME_EVENT_MARK}, event index of ${catalogue.stories} stories)`;
      lines.push(
        `  ${side.kind.padEnd(10)} cold ${ms(c.median)}, p95 ${ms(c.p95)}; warm ${ms(w.median)}, p95 ${ms(w.p95)}; ` +
          `wake-up (cold − warm medians) ${ms(c.median - w.median)}   ${what}`,
      );
      const st = stats(starts.get(side.kind)!);
      lines.push(
        `  ${''.padEnd(10)} worker start (CDP starting → running) median ${ms(st.median)}, p95 ${ms(st.p95)}` +
          (side.kind === 'floor' ? '' : `; ratio to the floor's: median ${(st.median / fs.median).toFixed(2)}×`),
      );
      if (side.kind !== 'floor') {
        lines.push(
          `  ${''.padEnd(10)} ratio to the floor: cold median ${verdict(c.median / f.median, WAKE_RATIO_BUDGET)}, ` +
            `p95 ${(c.p95 / f.p95).toFixed(2)}×; warm median ${(w.median / fw.median).toFixed(2)}×`,
        );
      }
    }
    if (baseline) {
      const ratio = (m: Map<Kind, number[]>) => (median(m.get('exact')!) / median(m.get('baseline')!)).toFixed(2);
      lines.push(
        `  this build / the baseline (medians): cold ${ratio(cold)}×, warm ${ratio(warm)}×, worker start ${ratio(starts)}×`,
      );
    }
    lines.push(
      `  event index: ${catalogue.stories} stories, published in ${(publishMs / 1000).toFixed(1)} s (the bench's own setup)`,
    );
    return lines;
  } finally {
    for (const b of opened) await b.close();
    for (const s of serverSets) await s.close();
    await rm(floorDir, { recursive: true, force: true });
    await rm(catalogue.dir, { recursive: true, force: true });
  }
}
