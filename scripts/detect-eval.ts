/**
 * Measures the news-page detector on the labelled corpus (tools/corpus/corpus-eval.ts: ../shared/corpus read in
 * place, held-out pages left out) beside Mozilla Readability's isProbablyReaderable, and prints the figures.
 * Usage: npm run detect:eval [-- --min-precision 0.95 --min-recall 0.95]
 * Exit 0 (it is a report) unless thresholds are given and the unambiguous figures fall below them.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CORPUS_DIR, corpusPresent, heldOutCount, HELD_OUT_REPOS } from '../tools/corpus/corpus';
import { evaluateCorpus, figures, type Figures, type Row } from '../tools/corpus/corpus-eval';

const f3 = (x: number) => x.toFixed(3);
const line = (name: string, f: Figures) =>
  `${name.padEnd(34)} P=${f3(f.precision)} R=${f3(f.recall)} F1=${f3(f.f1)}  ` +
  `TP=${f.tp} FP=${f.fp} FN=${f.fn} TN=${f.tn}`;

function confusion(rows: Row[], predict: (r: Row) => boolean): string {
  const out = ['  label              -> news  not-news'];
  for (const lab of ['news-article', 'article-non-news', 'not-article'] as const) {
    const sub = rows.filter((r) => r.label.label === lab);
    const yes = sub.filter(predict).length;
    out.push(`  ${lab.padEnd(18)}    ${String(yes).padStart(4)}  ${String(sub.length - yes).padStart(8)}`);
  }
  return out.join('\n');
}

function arg(name: string): number | null {
  const i = process.argv.indexOf(name);
  const v = i >= 0 ? Number(process.argv[i + 1]) : NaN;
  return Number.isFinite(v) ? v : null;
}

function main(): void {
  if (!corpusPresent()) {
    console.error(`corpus not found at ${CORPUS_DIR}`);
    process.exit(2);
  }
  const rows = evaluateCorpus();
  const clear = rows.filter((r) => !r.label.ambiguous);
  const det = (r: Row) => r.detection.isNews;
  const rdr = (r: Row) => r.readerable;
  const clearNews = clear.filter((r) => r.label.label === 'news-article').length;
  console.log(
    `corpus: ${rows.length} pages, ${clear.length} unambiguous (${clearNews} news-article); ` +
      `${heldOutCount()} held-out pages left out (${HELD_OUT_REPOS.join(', ')})\n`,
  );
  console.log(line('detector, unambiguous', figures(clear, det)));
  console.log(line('detector, all pages', figures(rows, det)));
  console.log(line('readability, unambiguous', figures(clear, rdr)));
  console.log(line('readability, all pages', figures(rows, rdr)));
  console.log(
    line(
      'detector, even-indexed unambiguous',
      figures(
        clear.filter((r) => r.index % 2 === 0),
        det,
      ),
    ),
  );
  console.log(
    line(
      'detector, odd-indexed unambiguous',
      figures(
        clear.filter((r) => r.index % 2 === 1),
        det,
      ),
    ),
  );
  console.log(
    line(
      'detector, even-indexed all pages',
      figures(
        rows.filter((r) => r.index % 2 === 0),
        det,
      ),
    ),
  );
  console.log(
    line(
      'detector, odd-indexed all pages',
      figures(
        rows.filter((r) => r.index % 2 === 1),
        det,
      ),
    ),
  );
  console.log('\ndetector confusion (unambiguous):\n' + confusion(clear, det));
  console.log('readability confusion (unambiguous):\n' + confusion(clear, rdr));
  console.log('\nmisclassified by the detector (A = ambiguous):');
  for (const r of rows) {
    if (r.detection.isNews === (r.label.label === 'news-article')) continue;
    const mark = r.label.ambiguous ? 'A' : ' ';
    const { score, signals } = r.detection;
    console.log(`  ${mark} ${r.label.id} [${r.label.label}] score=${score} ${signals.join(' ')}`);
  }
  const f = figures(clear, det);
  const minP = arg('--min-precision'),
    minR = arg('--min-recall');
  if ((minP !== null && f.precision < minP) || (minR !== null && f.recall < minR)) {
    console.error(
      `\nbelow threshold: precision ${f3(f.precision)} (min ${minP ?? '-'}), ` +
        `recall ${f3(f.recall)} (min ${minR ?? '-'})`,
    );
    process.exit(1);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) main();
