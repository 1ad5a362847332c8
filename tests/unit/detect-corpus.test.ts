import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CORPUS_DIR, evaluateCorpus, figures } from '../../scripts/detect-eval';

// Reached on the 247-page corpus: unambiguous precision 0.976, recall 0.964 (npm run detect:eval).
// The floor sits one page below each (80/83 = 0.964, 79/83 = 0.952): a general improvement elsewhere may cost
// one page, not more.
const MIN_PRECISION = 0.96;
const MIN_RECALL = 0.95;

const present = existsSync(join(CORPUS_DIR, 'labels.json'));
if (!present) console.warn(`detect-corpus: SKIPPED, no corpus at ${CORPUS_DIR} (it ships as ../shared/corpus beside the repo)`);

describe('news detection on the labelled corpus', () => {
  it.skipIf(!present)(`keeps unambiguous precision >= ${MIN_PRECISION} and recall >= ${MIN_RECALL} (skipped only when ${CORPUS_DIR} is absent)`, () => {
    const rows = evaluateCorpus(CORPUS_DIR, false).filter((r) => !r.label.ambiguous);
    const f = figures(rows, (r) => r.detection.isNews);
    expect(rows.length).toBeGreaterThan(150);
    expect(f.precision).toBeGreaterThanOrEqual(MIN_PRECISION);
    expect(f.recall).toBeGreaterThanOrEqual(MIN_RECALL);
    for (const r of rows) expect(r.detection.signals.join(' ')).not.toMatch(/error:/);
  }, 120_000);
});
