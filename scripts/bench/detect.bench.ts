/**
 * Detection cost in real Chromium: every corpus page (../shared/corpus, read in place) is served from 127.0.0.1
 * with its own scripts off and every sub-request blocked (a saved page has no network to run against), and the
 * detector (utils/detect, bundled as the content script bundles it) runs over the live DOM. Reported: the cold
 * first run per page (what a reader's page pays once) and the warm per-run time (median of 5 batches of 10),
 * each as median and 95th percentile over pages; and the content script's size.
 */
import { readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { CHROMIUM, EXTENSION_DIR, ROOT } from '../lib/chromium';
import { startStaticServer } from '../lib/static-server';
import { median, ms, quantile } from '../lib/stats';

const CORPUS = join(ROOT, '../shared/corpus');

interface Label {
  id: string;
  url: string | null;
  encoding: string;
}

export async function run(): Promise<string[]> {
  const lines: string[] = [];
  const content = readFileSync(join(EXTENSION_DIR, 'content-scripts/content.js'));
  lines.push(`content script: ${(content.length / 1024).toFixed(1)} KB raw, ${(gzipSync(content).length / 1024).toFixed(1)} KB gzip (target < 8 KB gzip)`);

  const bundle = await build({
    entryPoints: [join(ROOT, 'utils/detect/index.ts')],
    bundle: true,
    minify: true,
    format: 'iife',
    globalName: 'PrismDetect',
    write: false,
    target: 'chrome120',
  });
  const detector = bundle.outputFiles[0]!.text;
  lines.push(`detector alone: ${(detector.length / 1024).toFixed(1)} KB raw, ${(gzipSync(detector).length / 1024).toFixed(1)} KB gzip`);

  const labels = JSON.parse(await readFile(join(CORPUS, 'labels.json'), 'utf8')) as Label[];
  const server = await startStaticServer({ root: join(CORPUS, 'pages') });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu'] });
  const ctx = await browser.newContext({ javaScriptEnabled: false });
  const cold: number[] = [];
  const warm: number[] = [];
  const slowest: { id: string; warm: number }[] = [];
  try {
    const page = await ctx.newPage();
    await page.route('**/*', (route) =>
      route.request().url().startsWith(server.url) && route.request().resourceType() === 'document'
        ? route.continue()
        : route.abort(),
    );
    for (const label of labels) {
      await page.goto(`${server.url}/${label.id}.html`, { waitUntil: 'domcontentloaded' });
      await page.evaluate(`globalThis.PrismDetect = (() => { ${detector}; return PrismDetect; })()`);
      const url = label.url ?? `https://example.invalid/${label.id}`;
      const t = await page.evaluate((u) => {
        const detect = (globalThis as unknown as { PrismDetect: { detectPage(d: Document, u: string): unknown } })
          .PrismDetect.detectPage;
        let t0 = performance.now();
        detect(document, u);
        const first = performance.now() - t0;
        const batches: number[] = [];
        for (let b = 0; b < 5; b++) {
          t0 = performance.now();
          for (let i = 0; i < 10; i++) detect(document, u);
          batches.push((performance.now() - t0) / 10);
        }
        batches.sort((a, b) => a - b);
        return { first, warm: batches[2]! };
      }, url);
      cold.push(t.first);
      warm.push(t.warm);
      slowest.push({ id: label.id, warm: t.warm });
    }
  } finally {
    await browser.close();
    await server.close();
  }
  lines.push(`pages: ${labels.length} (Chromium ${browser.version()}, page scripts off, sub-requests blocked)`);
  lines.push(`cold first run: median ${ms(median(cold))}, p95 ${ms(quantile(cold, 0.95))}, max ${ms(Math.max(...cold))}`);
  lines.push(`warm per run:   median ${ms(median(warm))}, p95 ${ms(quantile(warm, 0.95))}, max ${ms(Math.max(...warm))}   (target: median < 2 ms, p95 < 10 ms)`);
  slowest.sort((a, b) => b.warm - a.warm);
  lines.push(`slowest pages (warm): ${slowest.slice(0, 3).map((s) => `${s.id} ${ms(s.warm)}`).join(', ')}`);
  return lines;
}
