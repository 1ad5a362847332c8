/**
 * The same-event development set (/work/shared/events/dev.csv, or $PRISM_EVENTS_DEV): catalogues built from a few
 * headlines of some events, questions from the others, and the figures of a matcher on them. Used by
 * `npm run bench -- match`.
 */
import { readFileSync } from 'node:fs';
import { createMatcher, type EventCatalogue, type EventStory, type MatchOptions } from '../../utils/match/matcher';
import { storyTerms } from '../../utils/match/story-terms';

const DEV_CSV = process.env.PRISM_EVENTS_DEV ?? '/work/shared/events/dev.csv';

export interface Headline {
  title: string;
  url: string;
  event: string;
  time: number;
}

function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const endField = () => {
    row.push(field);
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') endField();
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      endField();
      if (row.length > 1) rows.push(row);
      row = [];
    } else field += c;
  }
  if (field || row.length) {
    endField();
    rows.push(row);
  }
  return rows;
}

export function loadDev(path = DEV_CSV): Map<string, Headline[]> {
  const [head, ...rows] = parseCsv(readFileSync(path, 'utf8'));
  const col = (name: string) => head!.indexOf(name);
  const [t, u, s, ts] = [col('TITLE'), col('URL'), col('STORY'), col('TIMESTAMP')];
  const events = new Map<string, Headline[]>();
  for (const r of rows) {
    const h = { title: r[t]!, url: r[u]!, event: r[s]!, time: Number(r[ts]) };
    const list = events.get(h.event) ?? [];
    list.push(h);
    events.set(h.event, list);
  }
  return events;
}

/** Mulberry32: the same splits on every run. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let x = Math.imul(a ^ (a >>> 15), 1 | a);
    x = (x + Math.imul(x ^ (x >>> 7), 61 | x)) ^ x;
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffled<T>(xs: readonly T[], rand: () => number): T[] {
  const a = [...xs];
  for (let i = a.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a;
}

interface Question {
  url: string;
  title: string;
  /** The story it should find, or null (an event outside the catalogue). */
  expect: string | null;
}

export interface Trial {
  catalogue: EventCatalogue;
  questions: Question[];
}

/**
 * A catalogue of `inShare` of the events (three headlines a story: title, then two as summary and body), questions:
 * the other headlines of those events and every headline of the events left out.
 */
export function makeTrial(
  events: ReadonlyMap<string, Headline[]>,
  ids: readonly string[],
  seed: number,
  inShare = 2 / 3,
): Trial {
  const rand = rng(seed);
  const order = shuffled(ids, rand);
  const nIn = Math.round(order.length * inShare);
  const stories: EventStory[] = [];
  const questions: Question[] = [];
  order.forEach((id, k) => {
    const hs = shuffled(events.get(id)!, rand);
    if (k < nIn) {
      const [a, b, c] = hs as [Headline, Headline, Headline];
      const st = storyTerms({ title: a.title, summary: b.title, body: [c.title] }, 'en');
      stories.push({
        id,
        site: new URL(a.url).hostname,
        day: Math.floor(a.time / 86400000),
        editions: { en: st },
      });
      for (const h of hs.slice(3)) questions.push({ url: h.url, title: h.title, expect: id });
    } else for (const h of hs) questions.push({ url: h.url, title: h.title, expect: null });
  });
  return { catalogue: { stories }, questions };
}

export interface Scored {
  expect: string | null;
  story: string | null;
  score: number;
}

export function scoreTrial(trial: Trial, options: Partial<MatchOptions> = {}): Scored[] {
  const m = createMatcher(trial.catalogue, { ...options, threshold: 0 });
  return trial.questions.map((q) => {
    const r = m.match(q);
    return { expect: q.expect, story: r.story, score: r.story ? r.score : 0 };
  });
}

export interface Point {
  threshold: number;
  precision: number;
  recall: number;
  falseMatchRate: number;
  matched: number;
}

export function pointAt(scored: readonly Scored[], threshold: number): Point {
  let matched = 0;
  let right = 0;
  let positives = 0;
  let negatives = 0;
  let falseOut = 0;
  for (const s of scored) {
    if (s.expect) positives++;
    else negatives++;
    if (s.story && s.score >= threshold && s.score > 0) {
      matched++;
      if (s.story === s.expect) right++;
      if (!s.expect) falseOut++;
    }
  }
  return {
    threshold,
    precision: matched ? right / matched : 1,
    recall: positives ? right / positives : 0,
    falseMatchRate: negatives ? falseOut / negatives : 0,
    matched,
  };
}

/** The lowest threshold on a 0.01 grid whose precision is at least `target`. */
export function chooseThreshold(scored: readonly Scored[], target = 0.95): number {
  for (let t = 0.05; t <= 1.0001; t += 0.01) {
    const th = Math.round(t * 100) / 100;
    if (pointAt(scored, th).precision >= target) return th;
  }
  return 1;
}

/**
 * The baseline the issue names: TF-IDF cosine between the headline and a story's title and summary, lower-cased
 * words, nothing else (no boilerplate stripping, no stop words, no margin).
 */
export function scoreBaseline(events: ReadonlyMap<string, Headline[]>, ids: readonly string[], seed: number): Scored[] {
  const words = (s: string) => s.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
  const rand = rng(seed);
  const order = shuffled(ids, rand);
  const nIn = Math.round(order.length * (2 / 3));
  const docs: { id: string; tf: Map<string, number> }[] = [];
  const questions: Question[] = [];
  order.forEach((id, k) => {
    const hs = shuffled(events.get(id)!, rand);
    if (k < nIn) {
      const tf = new Map<string, number>();
      for (const w of words(`${hs[0]!.title} ${hs[1]!.title}`)) tf.set(w, (tf.get(w) ?? 0) + 1);
      docs.push({ id, tf });
      for (const h of hs.slice(3)) questions.push({ url: h.url, title: h.title, expect: id });
    } else for (const h of hs) questions.push({ url: h.url, title: h.title, expect: null });
  });
  const df = new Map<string, number>();
  for (const d of docs) for (const w of d.tf.keys()) df.set(w, (df.get(w) ?? 0) + 1);
  const idf = (w: string) => Math.log((docs.length + 1) / ((df.get(w) ?? 0) + 1)) + 1;
  const vec = (tf: Map<string, number>) => {
    const v = new Map([...tf].map(([w, n]) => [w, n * idf(w)] as const));
    const norm = Math.sqrt([...v.values()].reduce((s, x) => s + x * x, 0)) || 1;
    return { v, norm };
  };
  const dv = docs.map((d) => ({ id: d.id, ...vec(d.tf) }));
  return questions.map((q) => {
    const tf = new Map<string, number>();
    for (const w of words(q.title)) tf.set(w, (tf.get(w) ?? 0) + 1);
    const qv = vec(tf);
    let best: { id: string; s: number } | null = null;
    for (const d of dv) {
      let dot = 0;
      for (const [w, x] of qv.v) dot += x * (d.v.get(w) ?? 0);
      const s = dot / (qv.norm * d.norm);
      if (!best || s > best.s) best = { id: d.id, s };
    }
    return { expect: q.expect, story: best && best.s > 0 ? best.id : null, score: best?.s ?? 0 };
  });
}
