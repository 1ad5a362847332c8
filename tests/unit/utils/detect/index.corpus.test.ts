/**
 * The news detector on the labelled corpus (../shared/corpus through tools/corpus/corpus.ts, held-out pages left
 * out): unambiguous precision and recall stay above their floors; and the corpus reader keeps the held-out rule.
 */
import { describe, expect, it } from 'vitest';
import { evaluateCorpus, figures } from '../../../../tools/corpus/corpus-eval';
import {
  CORPUS_DIR,
  corpusLabels,
  corpusPresent,
  heldOutCount,
  isHeldOut,
  readCorpusPage,
} from '../../../../tools/corpus/corpus';

// Reached on the 189 pages left after the held-out ones (158 unambiguous, 51 news-article): unambiguous precision
// 1.000 (48/48), recall 0.941 (48/51) (npm run detect:eval). Each floor sits one page below: one more false
// positive (48/49 = 0.980) or one more false negative (47/51 = 0.922) passes, a second one fails (48/50 = 0.960,
// 46/51 = 0.902): a general improvement elsewhere may cost one page, not more.
const MIN_PRECISION = 0.975;
const MIN_RECALL = 0.92;

const present = corpusPresent();
if (!present) {
  console.warn(`detect-corpus: SKIPPED, no corpus at ${CORPUS_DIR} (it ships as ../shared/corpus beside the repo)`);
}

describe('news detection on the labelled corpus', () => {
  const name =
    `keeps unambiguous precision >= ${MIN_PRECISION} and recall >= ${MIN_RECALL}` +
    ` (skipped only when ${CORPUS_DIR} is absent)`;
  it.skipIf(!present)(
    name,
    () => {
      const all = evaluateCorpus(CORPUS_DIR, false);
      expect(all.some((r) => isHeldOut(r.label))).toBe(false);
      const rows = all.filter((r) => !r.label.ambiguous);
      const f = figures(rows, (r) => r.detection.isNews);
      expect(rows.length).toBeGreaterThan(150);
      expect(f.precision).toBeGreaterThanOrEqual(MIN_PRECISION);
      expect(f.recall).toBeGreaterThanOrEqual(MIN_RECALL);
      for (const r of rows) expect(r.detection.signals.join(' ')).not.toMatch(/error:/);
    },
    120_000,
  );
});

describe('the corpus reader', () => {
  it.skipIf(!present)('leaves the held-out pages out and refuses to read them', () => {
    const held = heldOutCount();
    expect(held).toBeGreaterThan(0);
    expect(corpusLabels().some(isHeldOut)).toBe(false);
    expect(isHeldOut({ source_repo: 'adbar/trafilatura' })).toBe(true);
    expect(isHeldOut({ source_repo: 'mozilla/readability' })).toBe(false);
    expect(() => readCorpusPage('trafilatura-gofeminin.de.abnehmen')).toThrow(/held out/);
    expect(() => readCorpusPage('no-such-page')).toThrow(/no page/);
    const first = corpusLabels()[0]!;
    expect(readCorpusPage(first.id).text.length).toBeGreaterThan(100);
  });
});
