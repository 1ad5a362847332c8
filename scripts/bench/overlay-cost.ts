/**
 * npx tsx scripts/bench/overlay-cost.ts: what the on-page overlay costs a page PRISM has analysed (the pages without a
 * match are the page-cost bench's: there the overlay loads nothing). Four matched pages (the seed page, and three
 * real corpus pages "analysed" in a temporary catalogue: tools/corpus/overlay-catalogue.ts), each on its own site
 * with its scripts off, loaded in three browsers, interleaved round by round:
 *   pill  the built extension, the pill mounting (default settings);
 *   off   the same build with the pill set to "never" (the same lookup, nothing mounted: the overlay's floor);
 *   none  no extension.
 * Read once the pill is in the DOM (pill) or the answer is in (off), plus a settle: CDP Performance.getMetrics
 * ScriptDuration (main-thread script, all worlds: the content script and the overlay module), RecalcStyleDuration
 * and LayoutDuration (what mounting the pill costs the page's rendering); load → pill in the DOM (seen by a
 * MutationObserver of the page's own world); layout shift from the mount on (PerformanceObserver). Then the card: click → the
 * story's title and disclaimer painted in its frame, first opening and reopening. Needs a test build.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { CDPSession, Page } from 'playwright-core';
import {
  EXTENSION_DIR,
  launchWithExtension,
  serviceWorker,
  setApiBase,
  tabIdOf,
  type ExtensionBrowser,
} from '../../tools/browsers/chromium';
import {
  overlayCatalogue,
  overlayExtraPages,
  overlayScreenshotPages,
  removeCatalogue,
} from '../../tools/corpus/overlay-catalogue';
import { cardFrame, clickPart, partShown } from '../../tools/browsers/overlay-cdp';
import { median, ms, quantile } from '../../tools/bench/stats';
import { SEED, siteArgs, startServers, waitForKeySet } from '../../tools/harness';

/**
 * `--no-match <extension dir>`: instead, pages *without* a match, the build against another build (e.g. one made
 * before the overlay) in one interleaved run: the same method as the page-cost bench (corpus pages on 127.0.0.1,
 * their scripts off, sub-requests blocked, ScriptDuration 500 ms after load, minus no extension), so machine noise
 * hits both builds alike, which two separate bench runs cannot promise.
 */
const noMatchIndex = process.argv.indexOf('--no-match');
if (noMatchIndex !== -1) {
  await compareNoMatch(process.argv[noMatchIndex + 1] ?? '');
  process.exit(0);
}

const ROUNDS = Number(process.env.OVERLAY_COST_ROUNDS ?? 8);
const CARD_OPENINGS = Number(process.env.OVERLAY_COST_CARDS ?? 6);
const SETTLE_MS = 500;
type Config = 'pill' | 'off' | 'none';
const CONFIGS: Config[] = ['pill', 'off', 'none'];

const pages = overlayScreenshotPages();
const catalogue = await overlayCatalogue(pages);
const servers = await startServers(catalogue, undefined, overlayExtraPages(pages));
const urls = [servers.sites.urlOf(`${SEED}.html`), ...pages.map((p) => servers.sites.urlOf(`${p.id}.html`))];
const browsers: Partial<Record<Config, ExtensionBrowser>> = {};

const INIT = `(() => {
  const w = window;
  w.__shifts = [];
  new PerformanceObserver((l) => { for (const e of l.getEntries()) w.__shifts.push([e.startTime, e.value]); }).observe({ type: 'layout-shift', buffered: true });
  addEventListener('load', () => { w.__load = performance.now(); });
  new MutationObserver(() => {
    if (w.__pill === undefined && document.documentElement?.lastElementChild?.tagName === 'PRISM-LENS-OVERLAY') w.__pill = performance.now();
  }).observe(document, { childList: true, subtree: true });
})();`;

interface Reading {
  config: Config;
  page: number;
  script: number;
  style: number;
  layout: number;
  toPill?: number;
  atPill?: number;
  shift: number;
}

async function metrics(cdp: CDPSession): Promise<Record<string, number>> {
  const { metrics } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(metrics.map((m) => [m.name, m.value * 1000]));
}

async function until(check: () => Promise<boolean>, what: string, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`overlay-cost: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

async function tabFound(b: ExtensionBrowser, url: string): Promise<boolean> {
  const tabId = await tabIdOf(b.ctx, url, 15_000);
  const sw = await serviceWorker(b.ctx);
  const s = (await sw.evaluate(async (k) => (await chrome.storage.session.get(k))[k], `tab:${tabId}`)) as {
    status?: string;
    page?: { url: string };
  };
  return s?.status === 'found' && s.page?.url === url;
}

try {
  const args = siteArgs(servers.sites);
  browsers.pill = await launchWithExtension({ args });
  browsers.off = await launchWithExtension({ args });
  browsers.none = await launchWithExtension({ extensionDir: null, args });
  for (const c of ['pill', 'off'] as const) {
    await setApiBase(browsers[c]!.ctx, servers.api.url);
    await waitForKeySet(browsers[c]!);
  }
  await (await serviceWorker(browsers.off.ctx)).evaluate(() => chrome.storage.local.set({ overlayMode: 'never' }));

  /** A fresh tab for each load (a tab may confirm only a few matches in a row: page-lookup's rate limit). */
  async function openTab(config: Config): Promise<{ config: Config; page: Page; cdp: CDPSession }> {
    const page = await browsers[config]!.ctx.newPage();
    await page.addInitScript(INIT);
    const cdp = await browsers[config]!.ctx.newCDPSession(page);
    await cdp.send('Performance.enable');
    return { config, page, cdp };
  }

  const readings: Reading[] = [];
  for (let round = 0; round < ROUNDS + 1; round++) {
    for (const [p, base] of urls.entries()) {
      for (let k = 0; k < CONFIGS.length; k++) {
        const tab = await openTab(CONFIGS[(p + round + k) % CONFIGS.length]!);
        const url = `${base}?load=${round}-${tab.config}`;
        await tab.page.goto(url, { waitUntil: 'load' });
        if (tab.config === 'pill') await until(() => partShown(tab.page, 'pill'), `the pill on ${url}`);
        if (tab.config === 'off') await until(() => tabFound(browsers.off!, tab.page.url()), `the answer on ${url}`);
        await tab.page.waitForTimeout(SETTLE_MS);
        const m = await metrics(tab.cdp);
        const page = (await tab.page.evaluate(`(() => {
          const from = window.__pill ?? window.__load; // shifts from the mount on (the page's own, before, are its own)
          const shift = window.__shifts.filter(([t]) => t >= from).reduce((a, [, v]) => a + v, 0);
          return { load: window.__load, pill: window.__pill, shift, host: document.documentElement.lastElementChild.tagName };
        })()`)) as {
          load: number;
          pill?: number;
          shift: number;
          host: string;
        };
        if (tab.config !== 'pill' && page.host === 'PRISM-LENS-OVERLAY')
          throw new Error(`overlay-cost: a pill in ${tab.config} on ${url}`);
        await tab.page.close();
        if (round === 0) continue; // warm-up round: caches, the overlay module's first compile in each process
        readings.push({
          config: tab.config,
          page: p,
          script: m.ScriptDuration!,
          style: m.RecalcStyleDuration!,
          layout: m.LayoutDuration!,
          toPill: page.pill === undefined ? undefined : page.pill - page.load,
          atPill: page.pill,
          shift: page.shift,
        });
      }
    }
  }

  const of = (c: Config) => readings.filter((r) => r.config === c);
  const stat = (xs: number[]) =>
    `mean ${ms(xs.reduce((a, b) => a + b, 0) / xs.length)}, median ${ms(median(xs))}, p95 ${ms(quantile(xs, 0.95))}`;
  const lines: string[] = [
    `Chromium ${browsers.pill.ctx.browser()?.version() ?? ''}; ${urls.length} matched pages × ${ROUNDS} rounds × 3 configurations, interleaved (after one warm-up round)`,
  ];
  for (const key of ['script', 'style', 'layout'] as const) {
    lines.push(`  ${key.padEnd(6)} ${CONFIGS.map((c) => `${c}: ${stat(of(c).map((r) => r[key]))}`).join(' | ')}`);
  }
  // The overlay's own cost: pill − off, page by page (same page, same round order).
  const byPage = (c: Config, key: 'script' | 'style' | 'layout', p: number) =>
    median(
      of(c)
        .filter((r) => r.page === p)
        .map((r) => r[key]),
    );
  for (const key of ['script', 'style', 'layout'] as const) {
    const deltas = urls.map((_, p) => byPage('pill', key, p) - byPage('off', key, p));
    lines.push(`  pill − off, ${key}, median per page: ${deltas.map((d) => ms(d)).join(', ')}`);
  }
  lines.push(`  navigation start → pill in the DOM: ${stat(of('pill').map((r) => r.atPill!))}`);
  lines.push(
    `  load event → pill in the DOM: ${stat(of('pill').map((r) => r.toPill!))} (negative: the pill came before load)`,
  );
  const shifts = (c: Config, p: number) =>
    of(c)
      .filter((r) => r.page === p)
      .map((r) => r.shift);
  lines.push(
    `  layout shift from the mount on (pill) or from load (none), max per page, pill vs none: ` +
      urls
        .map((_, p) => `${Math.max(...shifts('pill', p)).toFixed(4)} vs ${Math.max(...shifts('none', p)).toFixed(4)}`)
        .join(', '),
  );

  // Mounting alone, on a loaded page (the module already compiled): the reader turns the pill off and on again on
  // the options page ("never", then "on analysed articles"); the background unmounts and mounts it.
  const remount: Record<'script' | 'style' | 'layout' | 'styleCount' | 'layoutCount', number[]> = {
    script: [],
    style: [],
    layout: [],
    styleCount: [],
    layoutCount: [],
  };
  const pillSw = await serviceWorker(browsers.pill.ctx);
  for (const [p, base] of urls.entries()) {
    const { page, cdp } = await openTab('pill');
    await page.goto(`${base}?remount=${p}`, { waitUntil: 'load' });
    await until(() => partShown(page, 'pill'), 'the pill');
    for (let i = 0; i < 6; i++) {
      await pillSw.evaluate(() => chrome.storage.local.set({ overlayMode: 'never' }));
      await until(
        async () => (await page.evaluate('document.documentElement.lastElementChild.tagName')) !== 'PRISM-LENS-OVERLAY',
        'the unmount',
      );
      await page.waitForTimeout(300);
      const m0 = await metrics(cdp);
      await pillSw.evaluate(() => chrome.storage.local.set({ overlayMode: 'analysed' }));
      await until(() => partShown(page, 'pill'), 'the mount');
      await page.waitForTimeout(300);
      const m1 = await metrics(cdp);
      remount.script.push(m1.ScriptDuration! - m0.ScriptDuration!);
      remount.style.push(m1.RecalcStyleDuration! - m0.RecalcStyleDuration!);
      remount.layout.push(m1.LayoutDuration! - m0.LayoutDuration!);
      remount.styleCount.push((m1.RecalcStyleCount! - m0.RecalcStyleCount!) / 1000);
      remount.layoutCount.push((m1.LayoutCount! - m0.LayoutCount!) / 1000);
    }
    await page.close();
  }
  lines.push(
    `  mounting alone (pill off → on, ${remount.script.length} times on the ${urls.length} loaded pages; includes the page's ` +
      `own work in those 300 ms, ~0 here): script ${stat(remount.script)}; style ${stat(remount.style)} ` +
      `(${median(remount.styleCount)} recalcs); layout ${stat(remount.layout)} (${median(remount.layoutCount)} layouts)`,
  );

  // The card: click → title and disclaimer painted, first opening (a new frame) and reopening (kept, hidden).
  const first: number[] = [];
  const again: number[] = [];
  const b = browsers.pill;
  for (let i = 0; i < CARD_OPENINGS; i++) {
    const page = await b.ctx.newPage();
    await page.goto(`${urls[i % urls.length]!}?card=${i}`, { waitUntil: 'load' });
    await until(() => partShown(page, 'pill'), 'the pill');
    await page.waitForTimeout(300);
    let t = Date.now();
    await clickPart(page, 'open');
    const card = await cardFrame(page);
    await card.locator('[data-testid^=edition-] h2').waitFor({ timeout: 15_000 });
    await card.getByTestId('disclaimer').waitFor();
    first.push(Date.now() - t);
    await page.keyboard.press('Escape');
    await until(async () => !(await partShown(page, 'card')), 'the card to close');
    t = Date.now();
    await clickPart(page, 'open');
    await until(() => partShown(page, 'card'), 'the card again');
    await card.getByTestId('disclaimer').waitFor();
    again.push(Date.now() - t);
    await page.close();
  }
  lines.push(
    `  card, click → title and disclaimer painted (measured from Node, includes CDP round trips): first ${stat(first)}; reopen ${stat(again)}`,
  );

  const bytes = async (f: string) => {
    const buf = await readFile(join(EXTENSION_DIR, f));
    return `${f} ${(buf.length / 1024).toFixed(2)} KB (${(gzipSync(buf, { level: 9 }).length / 1024).toFixed(2)} KB gzip)`;
  };
  lines.push(
    `  bytes: ${await bytes('page-reporter.js')}; ${await bytes('overlay.js')} (loaded only on a confirmed match)`,
  );
  console.log(lines.join('\n'));
} finally {
  for (const b of Object.values(browsers)) await b.close();
  await servers.close();
  await removeCatalogue(catalogue);
}

async function compareNoMatch(baselineDir: string): Promise<void> {
  const { corpusLabels, serveCorpusPages } = await import('../../tools/corpus/corpus');
  const { stripPageScripts } = await import('../../tools/corpus/strip-scripts');
  const { existsSync } = await import('node:fs');
  if (!existsSync(join(baselineDir, 'manifest.json'))) throw new Error(`no extension in ${baselineDir}`);
  const PAGES = Number(process.env.OVERLAY_COST_PAGES ?? 51);
  const AB_ROUNDS = Number(process.env.OVERLAY_COST_AB_ROUNDS ?? 3);
  const labels = corpusLabels();
  const groups = ['news-article', 'article-non-news', 'not-article'].map((l) => labels.filter((x) => x.label === l));
  const per = Math.ceil(PAGES / 3);
  const picked = groups.flatMap((g) =>
    Array.from({ length: Math.min(per, g.length) }, (_, i) => g[Math.floor((i * g.length) / per)]!),
  );
  const corpus = await serveCorpusPages({ transform: stripPageScripts });
  const harness = await startServers();
  type AB = 'this build' | 'baseline' | 'none';
  const order: AB[] = ['this build', 'baseline', 'none'];
  const open: Partial<Record<AB, ExtensionBrowser>> = {};
  try {
    const args = siteArgs(harness.sites);
    open['this build'] = await launchWithExtension({ args });
    open.baseline = await launchWithExtension({ extensionDir: baselineDir, args });
    open.none = await launchWithExtension({ extensionDir: null, args });
    for (const c of ['this build', 'baseline'] as const) {
      await setApiBase(open[c]!.ctx, harness.api.url);
      await waitForKeySet(open[c]!);
    }
    const tabs = [];
    for (const c of order) {
      const page = await open[c]!.ctx.newPage();
      await page.route('**/*', (route) => {
        const req = route.request();
        const own =
          req.isNavigationRequest() && req.frame() === page.mainFrame() && req.url().startsWith(`${corpus.url}/`);
        return own ? route.continue() : route.abort();
      });
      const cdp = await open[c]!.ctx.newCDPSession(page);
      await cdp.send('Performance.enable');
      tabs.push({ config: c, page, cdp });
    }
    const loads: { config: AB; key: string; at500: number; at3500: number }[] = [];
    for (const [p, label] of picked.entries()) {
      if (p % 10 === 0) process.stderr.write(`overlay-cost --no-match: page ${p + 1} of ${picked.length}\n`);
      for (let round = 0; round < AB_ROUNDS; round++) {
        for (let k = 0; k < tabs.length; k++) {
          const tab = tabs[(p + round + k) % tabs.length]!;
          await tab.page.goto(corpus.pageUrl(label.id, `ab=${p}-${round}-${k}`), {
            waitUntil: 'load',
            timeout: 60_000,
          });
          await tab.page.waitForTimeout(500); // as the page-cost bench reads it
          const at500 = (await metrics(tab.cdp)).ScriptDuration!;
          // The background's check of the tab, 3 s after load, is answered by the content script: count it too.
          await tab.page.waitForTimeout(3000);
          const at3500 = (await metrics(tab.cdp)).ScriptDuration!;
          loads.push({ config: tab.config, key: `${p}/${round}`, at500, at3500 });
        }
      }
    }
    const none = new Map(loads.filter((l) => l.config === 'none').map((l) => [l.key, l]));
    const cost = (c: AB, f: 'at500' | 'at3500') =>
      loads.filter((l) => l.config === c).map((l) => l[f] - none.get(l.key)![f]);
    const stat = (xs: number[]) =>
      `mean ${ms(xs.reduce((a, b) => a + b, 0) / xs.length)}, median ${ms(median(xs))}, p95 ${ms(quantile(xs, 0.95))}`;
    const lines = [
      `pages without a match: ${picked.length} corpus pages × ${AB_ROUNDS} rounds × (this build, ${baselineDir}, none), interleaved`,
      '  extension cost = ScriptDuration − no extension, same page and round:',
    ];
    for (const f of ['at500', 'at3500'] as const) {
      const when = f === 'at500' ? '500 ms after load' : '3.5 s after load (with the 3 s check)';
      lines.push(`  ${when}: this build ${stat(cost('this build', f))}; baseline ${stat(cost('baseline', f))}`);
      const diffs = cost('this build', f).map((v, i) => v - cost('baseline', f)[i]!);
      lines.push(`    this build − baseline, load by load: ${stat(diffs)}`);
    }
    console.log(lines.join('\n'));
  } finally {
    for (const b of Object.values(open)) await b.close();
    await Promise.all([corpus.close(), harness.close()]);
  }
}
