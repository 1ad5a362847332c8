/**
 * Same-event matching (utils/match), in Node, no build needed. On the development set (/work/shared/events/dev.csv,
 * or $PRISM_EVENTS_DEV; tools/bench/match-dev.ts): catalogues of two thirds of the 43 events (three headlines a story:
 * title, summary, body), questions from their other headlines and from every headline of the events left out, over
 * 8 seeds. Reports precision, recall and the false-match rate at the default threshold, the precision–recall curve,
 * the baseline the issue names (TF-IDF cosine over title and summary), and a held-out figure: the events split in
 * two halves, the threshold chosen on one half (lowest with precision ≥ 0.95) and measured on the other. Then the
 * event index (utils/match/event-index.ts) at 1k, 10k and 100k synthetic stories (real headline words for the common
 * terms, a Zipf tail, 32 English and, for 60 %, 32 Korean terms a story (the cap, MAX_TERMS)): bytes, gzip bytes (for reference: the file
 * is served as it is), decode and matcher-build time (a worker's wake-up), and the time per page, as a ratio to a
 * floor in the same run (cutting the headline into terms, which any method must do).
 */
import { gzipSync } from 'node:zlib';
import { performance } from 'node:perf_hooks';
import { decodeEventIndex, encodeEventIndex } from '../../utils/match/event-index';
import { createMatcher, DEFAULT_MATCH_OPTIONS, type EventCatalogue, type EventStory } from '../../utils/match/matcher';
import { terms } from '../../utils/match/text';
import {
  chooseThreshold,
  loadDev,
  makeTrial,
  pointAt,
  rng,
  scoreBaseline,
  scoreTrial,
  type Headline,
  type Scored,
} from '../../tools/bench/match-dev';
import { median } from '../../tools/bench/stats';

export const needsBuild = false;

const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];
const SIZES = (process.env.BENCH_MATCH_SIZES ?? '1000,10000,100000').split(',').map(Number);
const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
const f3 = (x: number) => x.toFixed(3);

function devFigures(events: Map<string, Headline[]>): string[] {
  const ids = [...events.keys()].sort();
  const lines: string[] = [];
  const ours: Scored[] = SEEDS.flatMap((s) => scoreTrial(makeTrial(events, ids, s)));
  const base: Scored[] = SEEDS.flatMap((s) => scoreBaseline(events, ids, s));
  const th = DEFAULT_MATCH_OPTIONS.threshold;
  const at = pointAt(ours, th);
  const positives = ours.filter((s) => s.expect).length;
  lines.push(
    `dev set: ${ids.length} events, ${SEEDS.length} seeds, ${ours.length} questions (${positives} of catalogue events, ` +
      `${ours.length - positives} of events outside it)`,
  );
  lines.push('');
  lines.push('| method | threshold | precision | recall | false-match rate (other events) |');
  lines.push('| --- | --- | --- | --- | --- |');
  lines.push(`| utils/match (default) | ${th} | ${f3(at.precision)} | ${f3(at.recall)} | ${pct(at.falseMatchRate)} |`);
  const oursBest = chooseThreshold(ours);
  const ob = pointAt(ours, oursBest);
  lines.push(
    `| utils/match, lowest threshold with P ≥ 0.95 | ${oursBest} | ${f3(ob.precision)} | ${f3(ob.recall)} | ${pct(ob.falseMatchRate)} |`,
  );
  const baseTh = chooseThreshold(base);
  const bp = pointAt(base, baseTh);
  lines.push(
    `| baseline TF-IDF cosine, title + summary, P ≥ 0.95 | ${baseTh} | ${f3(bp.precision)} | ${f3(bp.recall)} | ${pct(bp.falseMatchRate)} |`,
  );
  lines.push('');
  lines.push('precision–recall curve (utils/match):');
  lines.push('');
  lines.push('| threshold | precision | recall | false-match rate |');
  lines.push('| --- | --- | --- | --- |');
  for (const t of [0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]) {
    const p = pointAt(ours, t);
    lines.push(`| ${t} | ${f3(p.precision)} | ${f3(p.recall)} | ${pct(p.falseMatchRate)} |`);
  }
  // Held out: choose the threshold on half of the events, measure on the other half.
  const held: { th: number; p: number; r: number; f: number; pd: number; rd: number }[] = [];
  for (const s of SEEDS) {
    const rand = rng(s * 101);
    const order = ids
      .map((id) => [rand(), id] as const)
      .sort((a, b) => a[0] - b[0])
      .map(([, id]) => id);
    const halves = [order.slice(0, order.length >> 1), order.slice(order.length >> 1)] as const;
    for (const [train, test] of [halves, [halves[1], halves[0]]] as const) {
      const t = chooseThreshold(scoreTrial(makeTrial(events, train, s)));
      const testScored = scoreTrial(makeTrial(events, test, s));
      const q = pointAt(testScored, t);
      const d = pointAt(testScored, th);
      held.push({ th: t, p: q.precision, r: q.recall, f: q.falseMatchRate, pd: d.precision, rd: d.recall });
    }
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const range = (xs: number[]) => `${f3(Math.min(...xs))}–${f3(Math.max(...xs))}`;
  lines.push('');
  lines.push(`held out (events split in halves, ${held.length} folds): threshold chosen on the other half`);
  lines.push(`  chosen thresholds ${range(held.map((h) => h.th))}`);
  lines.push(
    `  precision ${f3(mean(held.map((h) => h.p)))} (${range(held.map((h) => h.p))}), recall ${f3(mean(held.map((h) => h.r)))} ` +
      `(${range(held.map((h) => h.r))}), false-match rate ${pct(mean(held.map((h) => h.f)))}`,
  );
  lines.push(
    `  at the default ${th}: precision ${f3(mean(held.map((h) => h.pd)))} (${range(held.map((h) => h.pd))}), ` +
      `recall ${f3(mean(held.map((h) => h.rd)))} (${range(held.map((h) => h.rd))})`,
  );
  return lines;
}

/** A catalogue of n stories: the dev headlines' words as the common vocabulary, then a Zipf tail. */
function syntheticCatalogue(n: number, common: string[]): EventCatalogue {
  const rand = rng(n);
  const vocab = 400_000;
  const word = (): string => {
    const k = Math.floor(Math.exp(rand() * Math.log(vocab))); // Zipf(1)-like: P(k) ~ 1/k
    return k <= common.length ? common[k - 1]! : `w${k.toString(36)}`;
  };
  const hangul = (): string => {
    const k = Math.floor(Math.exp(rand() * Math.log(20_000)));
    return String.fromCharCode(0xac00 + (k % 11172), 0xac00 + ((k * 7) % 11172));
  };
  const stories: EventStory[] = [];
  for (let i = 0; i < n; i++) {
    const en = new Map<string, number>();
    while (en.size < 32) en.set(word(), 1 + Math.floor(rand() * rand() * 12));
    const editions: EventStory['editions'] = { en: { weights: en, marked: new Set([...en.keys()].slice(0, 4)) } };
    if (rand() < 0.6) {
      const ko = new Map<string, number>();
      while (ko.size < 32) ko.set(hangul(), 1 + Math.floor(rand() * rand() * 12));
      editions.ko = { weights: ko };
    }
    stories.push({
      id: `story-${i.toString(36)}-${Math.floor(rand() * 1e9).toString(36)}`,
      site: `site${Math.floor(rand() * 3000)}.com`,
      day: 20400 + Math.floor(rand() * 30),
      editions,
    });
  }
  return { stories };
}

function timeIt(fn: () => void, rounds: number): number {
  const t: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    fn();
    t.push(performance.now() - t0);
  }
  return median(t);
}

function indexFigures(events: Map<string, Headline[]>): string[] {
  const headlines = [...events.values()].flat();
  const counts = new Map<string, number>();
  for (const h of headlines) for (const { term } of terms(h.title, 'en')) counts.set(term, (counts.get(term) ?? 0) + 1);
  const common = [...counts].sort((a, b) => b[1] - a[1]).map(([t]) => t);
  const pages = headlines.slice(0, 1000).map((h) => ({ url: h.url, title: h.title }));
  const lines = [
    '',
    `event index (synthetic stories; time per page over ${pages.length} dev headlines, median of 5 rounds):`,
    '',
    '| stories | bytes | bytes/story | gzip (reference) | decode + build (wake-up) | time per page | floor (terms only) | ratio |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const n of SIZES) {
    // The catalogue's Maps are dropped before timing: the worker holds only the bytes and the matcher.
    const bytes = encodeEventIndex(syntheticCatalogue(n, common));
    const gz = gzipSync(bytes, { level: 9 }).length;
    let matcher = createMatcher(decodeEventIndex(bytes));
    const wake = timeIt(
      () => {
        matcher = createMatcher(decodeEventIndex(bytes));
      },
      n >= 100_000 ? 3 : 5,
    );
    const per =
      timeIt(() => {
        for (const p of pages) matcher.match(p);
      }, 5) / pages.length;
    const floor =
      timeIt(() => {
        for (const p of pages) terms(p.title, 'en');
      }, 5) / pages.length;
    lines.push(
      `| ${n.toLocaleString('en')} | ${bytes.length.toLocaleString('en')} | ${Math.round(bytes.length / n)} | ` +
        `${gz.toLocaleString('en')} | ${wake.toFixed(0)} ms | ${(per * 1000).toFixed(1)} µs | ${(floor * 1000).toFixed(1)} µs | ` +
        `${(per / floor).toFixed(1)}× |`,
    );
  }
  return lines;
}

export async function run(): Promise<string[]> {
  const events = loadDev();
  return [...devFigures(events), ...indexFigures(events)];
}
