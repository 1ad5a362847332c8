/**
 * Detection cost in real Chromium: every corpus page (tools/corpus/corpus.ts: ../shared/corpus read in place,
 * held-out pages left out) is served from 127.0.0.1, decoded and sent as UTF-8, with its own scripts off and every
 * sub-request blocked (a saved page has no network to run against), and the detector (utils/detect, bundled as the
 * content script bundles it) runs over the live DOM. Reported: the cold first run per page (what a reader's page
 * pays once) and the warm per-run time (median of 5 batches of 10), each as median and 95th percentile over pages;
 * and the content script's size.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { CHROMIUM, EXTENSION_DIR, ROOT } from '../../tools/browsers/chromium';
import { corpusLabels, heldOutCount, labelledUrl, serveCorpusPages } from '../../tools/corpus/corpus';
import { median, ms, quantile } from '../../tools/bench/stats';

export async function run(): Promise<string[]> {
  const lines: string[] = [];
  // The content script(s) the manifest declares for every page.
  const manifest = JSON.parse(readFileSync(join(EXTENSION_DIR, 'manifest.json'), 'utf8')) as {
    content_scripts?: { js?: string[] }[];
  };
  const scripts = (manifest.content_scripts ?? []).flatMap((c) => c.js ?? []);
  const content = Buffer.concat(scripts.map((f) => readFileSync(join(EXTENSION_DIR, f))));
  const kb = (bytes: { length: number }) => (bytes.length / 1024).toFixed(1);
  lines.push(
    `content script (${scripts.join(', ')}): ${kb(content)} KB raw, ${kb(gzipSync(content))} KB gzip ` +
      '(target < 8 KB gzip)',
  );

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
  lines.push(`detector alone: ${kb(detector)} KB raw, ${kb(gzipSync(detector))} KB gzip`);

  const labels = corpusLabels();
  const server = await serveCorpusPages();
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
      await page.goto(server.pageUrl(label.id), { waitUntil: 'domcontentloaded' });
      await page.evaluate(`globalThis.PrismDetect = (() => { ${detector}; return PrismDetect; })()`);
      const url = labelledUrl(label);
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
  lines.push(
    `pages: ${labels.length}, ${heldOutCount()} held-out left out (Chromium ${browser.version()}, ` +
      'page scripts off, sub-requests blocked)',
  );
  const spread = (xs: number[]) =>
    `median ${ms(median(xs))}, p95 ${ms(quantile(xs, 0.95))}, max ${ms(Math.max(...xs))}`;
  lines.push(`cold first run: ${spread(cold)}`);
  lines.push(`warm per run:   ${spread(warm)}   (target: median < 2 ms, p95 < 10 ms)`);
  slowest.sort((a, b) => b.warm - a.warm);
  lines.push(
    `slowest pages (warm): ${slowest
      .slice(0, 3)
      .map((s) => `${s.id} ${ms(s.warm)}`)
      .join(', ')}`,
  );
  return lines;
}
