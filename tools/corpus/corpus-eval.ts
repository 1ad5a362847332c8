/**
 * The news-page detector scored on the labelled corpus (corpus.ts: ../shared/corpus read in place, held-out pages
 * left out), beside Mozilla Readability's isProbablyReaderable: what `npm run detect:eval` prints
 * (scripts/detect-eval.ts) and what tests/unit/utils/detect/index.corpus.test.ts holds the detector to.
 */
import { parseHTML } from 'linkedom';
import { isProbablyReaderable } from '@mozilla/readability';
import { detectPage, type Detection } from '../../utils/detect/index';
import { CORPUS_DIR, corpusLabels, labelledUrl, readCorpusPage, type CorpusLabel } from './corpus';

export interface Row {
  index: number;
  label: CorpusLabel;
  detection: Detection;
  readerable: boolean;
}

export function evaluateCorpus(dir = CORPUS_DIR, withReadability = true): Row[] {
  const rows: Row[] = [];
  corpusLabels(dir).forEach((label, index) => {
    const { text } = readCorpusPage(label.id, dir);
    const { document } = parseHTML(text);
    const detection = detectPage(document, labelledUrl(label));
    let readerable = false;
    if (withReadability) {
      try {
        readerable = isProbablyReaderable(document);
      } catch {
        readerable = false;
      }
    }
    rows.push({ index, label, detection, readerable });
  });
  return rows;
}

export interface Figures {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  precision: number;
  recall: number;
  f1: number;
}

export function figures(rows: Row[], predict: (r: Row) => boolean): Figures {
  let tp = 0,
    fp = 0,
    fn = 0,
    tn = 0;
  for (const r of rows) {
    const truth = r.label.label === 'news-article';
    const p = predict(r);
    if (p && truth) tp++;
    else if (p) fp++;
    else if (truth) fn++;
    else tn++;
  }
  const precision = tp + fp ? tp / (tp + fp) : 0;
  const recall = tp + fn ? tp / (tp + fn) : 0;
  const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { tp, fp, fn, tn, precision, recall, f1 };
}
