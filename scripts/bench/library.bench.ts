/**
 * The library with 10,000 saved stories, in real Chromium with the built extension: seeding (bulk, through the
 * same toRecord that saving uses), search (Korean, English, mixed; median and p95 of 10 runs each) and the
 * library page's first paint (navigation start → first rows rendered, the page's `library:rows` mark).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { Story } from '../../utils/prism/schema';
import type * as InPage from '../../tools/bench/library-in-page';
import { launchWithExtension, ROOT } from '../../tools/browsers/chromium';
import { median, ms, quantile } from '../../tools/bench/stats';

const COUNT = Number(process.env.BENCH_LIBRARY_COUNT ?? 10_000);
/** Time between two synthetic saves; 60000 (a story a minute, all in one week) is the worst case for writes. */
const SPACING_MS = Number(process.env.BENCH_LIBRARY_SPACING_MS ?? 9_460_000);
const QUERIES = [
  '벨라루스',
  '크렘린',
  '관세',
  '벨',
  'sanctions',
  'tariff',
  'ta',
  'USTR 반도체',
  '관세 tariff',
  '메모 40',
  'nomatchword',
];

export async function run(): Promise<string[]> {
  const lines: string[] = [];
  const templates = await Promise.all(
    (await readdir(join(ROOT, 'data/catalogue')))
      .filter((f) => f.endsWith('.json'))
      .map(async (f) => JSON.parse(await readFile(join(ROOT, 'data/catalogue', f), 'utf8')) as Story),
  );
  const bundle = await build({
    entryPoints: [join(ROOT, 'tools/bench/library-in-page.ts')],
    bundle: true,
    format: 'iife',
    globalName: 'LibraryBench',
    write: false,
    target: 'chrome120',
  });
  const code = bundle.outputFiles[0]!.text;

  const b = await launchWithExtension();
  try {
    const page = await b.ctx.newPage();
    await page.goto(`chrome-extension://${b.extensionId}/options.html`); // any extension page: its origin's IndexedDB
    await page.evaluate(`globalThis.LibraryBench = (() => { ${code}; return LibraryBench; })()`);
    const seedMs = await page.evaluate(
      ([t, n, gap]) => (globalThis as any).LibraryBench.seed(t, n, gap) as Promise<number>,
      [templates, COUNT, SPACING_MS] as const,
    );
    const est = (await page.evaluate(() => (globalThis as any).LibraryBench.usage())) as { usage: number };
    lines.push(
      `seeded ${COUNT} stories (one every ${(SPACING_MS / 3_600_000).toFixed(2)} h) in ${(seedMs / 1000).toFixed(1)} s (one import transaction); IndexedDB usage ${(est.usage / 1024 ** 2).toFixed(0)} MB`,
    );
    const w = (await page.evaluate((t) => (globalThis as any).LibraryBench.timeWrites(t), templates)) as Awaited<
      ReturnType<typeof InPage.timeWrites>
    >;
    lines.push(
      `with ${COUNT} saved (${w.postings} posting rows): saving one more (50 in turn): median ${ms(median(w.saves))}, p95 ${ms(quantile(w.saves, 0.95))}; deleting one ${ms(w.unsave)}`,
      `  a search with those 51 changes unmerged ${ms(w.searchUnmerged)}; merging them into the postings ${ms(w.merge)} (in the background)`,
      `allTags ${ms(w.allTags)}, allCategories ${ms(w.allCategories)}; listing: first page ${ms(w.listFirst)}, offset 5,000 ${ms(w.listOffset5000)}, by tag ${ms(w.listByTag)}`,
    );

    for (const order of ['newest', 'relevance'] as const) {
      const results = (await page.evaluate(([q, o]) => (globalThis as any).LibraryBench.timeSearches(q, 10, o), [
        QUERIES,
        order,
      ] as const)) as { query: string; total: number; times: number[] }[];
      const all: number[] = [];
      lines.push(`search, ${order} order (first page of 50), 10 runs each:`);
      for (const r of results) {
        all.push(...r.times.slice(1));
        lines.push(
          `  ${JSON.stringify(r.query).padEnd(22)} ${String(r.total).padStart(6)} matches   first ${ms(r.times[0]!)}   median ${ms(median(r.times))}   p95 ${ms(quantile(r.times, 0.95))}`,
        );
      }
      lines.push(
        `search overall, ${order} (warm runs): median ${ms(median(all))}, p95 ${ms(quantile(all, 0.95))}   (target: median < 30 ms)`,
      );
    }

    const paints: number[] = [];
    const starts: number[] = [];
    for (let i = 0; i < 5; i++) {
      const lib = await b.ctx.newPage();
      await lib.setViewportSize({ width: 1280, height: 800 });
      await lib.goto(`chrome-extension://${b.extensionId}/library.html`);
      await lib.getByTestId('library-row').first().waitFor({ timeout: 30_000 });
      const t = await lib.evaluate(async () => {
        for (let k = 0; k < 100 && !performance.getEntriesByName('library:rows').length; k++) {
          await new Promise((r) => setTimeout(r, 20));
        }
        // (no named function here: tsx would wrap it in a helper the page does not have)
        return {
          rows: performance.getEntriesByName('library:rows')[0]?.startTime ?? Number.NaN,
          start: performance.getEntriesByName('library:start')[0]?.startTime ?? Number.NaN,
        };
      });
      paints.push(t.rows);
      starts.push(t.start);
      await lib.close();
    }
    lines.push(
      `library first paint with ${COUNT} stories (navigation → first rows): median ${ms(median(paints))}, max ${ms(Math.max(...paints))} over 5 loads   (target: < 200 ms)`,
    );
    lines.push(`  of which navigation → page script running: median ${ms(median(starts))}`);
  } finally {
    await b.close();
  }
  return lines;
}
