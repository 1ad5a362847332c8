/**
 * What the page-cost floor allows: the main-thread script time (CDP ScriptDuration) a content script adds to a
 * page, for plain-JS scripts that each do one more of the things PRISM Lens's content script must do, against
 * the same one-message floor as `page-cost` (and a second copy of the floor, which shows the noise of the ratios
 * themselves). The method is page-cost's (corpus pages, page scripts stripped, sub-requests blocked, loads
 * interleaved across one browser per variant, cost = variant − no extension, same page and round).
 * BENCH_PARTS_PAGES and BENCH_PARTS_ROUNDS set the size. Figures: docs/bench.md, "What the floor allows".
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { EXTENSION_DIR, launchWithExtension, type ExtensionBrowser } from '../../tools/browsers/chromium';
import { corpusLabels, serveCorpusPages } from '../../tools/corpus/corpus';
import { median, ms, quantile } from '../../tools/bench/stats';
import { FLOOR_CONTENT_SCRIPT, openMeasuredTab, scriptMs } from '../../tools/browsers/script-time';
import { stripPageScripts } from '../../tools/corpus/strip-scripts';

const PAGES = Number(process.env.BENCH_PARTS_PAGES ?? 40);
const ROUNDS = Number(process.env.BENCH_PARTS_ROUNDS ?? 3);
const SETTLE_MS = 500;

const SEND = FLOOR_CONTENT_SCRIPT;
/** The four <head> reads the design asks of every page: rel=canonical, og:url, og:title, og:site_name. */
const READS = `const h = document.head;
const read = (s, a) => h?.querySelector(s)?.getAttribute(a) ?? null;
globalThis.__facts = [read('link[rel~="canonical" i]', 'href'), read('meta[property="og:url"]', 'content'),
  read('meta[property="og:title"]', 'content'), read('meta[property="og:site_name"]', 'content')];\n`;
/** A listener, so that the background can ask the page for the detector or the overlay on demand. */
const LISTEN = `chrome.runtime.onMessage.addListener(() => undefined);\n`;

/** Each variant's content script; null: no extension; 'built': the built extension's page-reporter.js. */
const VARIANTS: Record<string, string | null> = {
  none: null,
  floor: SEND,
  'floor again': SEND,
  'floor + reads': SEND + READS,
  'floor + reads + listener': SEND + READS + LISTEN,
  built: 'built',
};

const BACKGROUND = `chrome.runtime.onMessage.addListener((m, _s, reply) => { if (m?.type === 'floor:page') reply(true); });\n`;

async function extensionDir(script: string, built: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'prism-parts-'));
  const manifest = {
    manifest_version: 3,
    name: 'page-cost part',
    version: '1.0',
    background: { service_worker: 'background.js' },
    content_scripts: [{ matches: ['http://*/*', 'https://*/*'], js: ['content.js'], run_at: 'document_idle' }],
  };
  await writeFile(join(dir, 'manifest.json'), JSON.stringify(manifest));
  await writeFile(join(dir, 'background.js'), BACKGROUND);
  await writeFile(join(dir, 'content.js'), script === 'built' ? built : script);
  return dir;
}

interface Tab {
  name: string;
  browser: ExtensionBrowser;
  page: Page;
  cdp: CDPSession;
}

export async function run(): Promise<string[]> {
  const built = await readFile(join(EXTENSION_DIR, 'page-reporter.js'), 'utf8');
  const server = await serveCorpusPages({ transform: stripPageScripts });
  const tabs: Tab[] = [];
  const dirs: string[] = [];
  try {
    for (const [name, script] of Object.entries(VARIANTS)) {
      const dir = script === null ? null : await extensionDir(script, built);
      if (dir) dirs.push(dir);
      const browser = await launchWithExtension({ extensionDir: dir });
      const { page, cdp } = await openMeasuredTab(browser, server.url);
      tabs.push({ name, browser, page, cdp });
    }
    const labels = corpusLabels();
    const pages = Array.from({ length: PAGES }, (_, i) => labels[Math.floor((i * labels.length) / PAGES)]!);
    const raw: { name: string; load: string; ms: number }[] = [];
    for (const [p, label] of pages.entries()) {
      for (let r = 0; r < ROUNDS; r++) {
        for (let k = 0; k < tabs.length; k++) {
          const tab = tabs[(p + r + k) % tabs.length]!;
          await tab.page.goto(server.pageUrl(label.id, `parts=${p}-${r}-${k}`), { waitUntil: 'load', timeout: 60_000 });
          await tab.page.waitForTimeout(SETTLE_MS);
          raw.push({ name: tab.name, load: `${p}/${r}`, ms: await scriptMs(tab.cdp) });
        }
      }
    }
    const none = new Map(raw.filter((x) => x.name === 'none').map((x) => [x.load, x.ms]));
    const cost = (name: string) => raw.filter((x) => x.name === name).map((x) => x.ms - none.get(x.load)!);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const floor = cost('floor');
    const lines = [
      `${PAGES} corpus pages × ${ROUNDS} rounds × ${tabs.length} browsers, interleaved; cost = variant − none, ms`,
      `${'variant'.padEnd(26)} ${'mean'.padStart(9)} ${'median'.padStart(9)} ${'p95'.padStart(9)}   ratio to the floor: mean, median, p95`,
    ];
    for (const name of Object.keys(VARIANTS).filter((n) => n !== 'none')) {
      const c = cost(name);
      const ratio = (f: (xs: number[]) => number) => (f(c) / f(floor)).toFixed(2);
      const p95 = (xs: number[]) => quantile(xs, 0.95);
      lines.push(
        `${name.padEnd(26)} ${ms(mean(c)).padStart(9)} ${ms(median(c)).padStart(9)} ${ms(p95(c)).padStart(9)}   ` +
          `${ratio(mean)}×, ${ratio(median)}×, ${ratio(p95)}×`,
      );
    }
    return lines;
  } finally {
    for (const t of tabs) await t.browser.close();
    await server.close();
    for (const d of dirs) await rm(d, { recursive: true, force: true });
  }
}
