/**
 * Same-event matching: a page's headline against the event index of PRISM's recent stories. Pure; the background
 * and `npm run match` run this same code. Chosen by measurement (`npm run bench -- match`, docs/bench.md).
 *
 * A story is a bag of terms per edition (en, ko) with small integer weights (title and source title count more than
 * summary and tags). A story's score for a headline is the share of the headline's term weight (inverse document
 * frequency over the index's stories of that language, names and numbers boosted, terms no story has counted at a
 * discount) that the story holds: 1 when every term of the headline is in the story. That score is cut down when
 * the next story is close (an ambiguous headline is no match), and a match needs two shared terms and the threshold.
 *
 * The matcher keeps the index in typed arrays (postings by term), not one object per story or term: 100k stories fit
 * a service worker.
 */
import { isKorean, siteWords, stripBoilerplate, terms, type MatchLang } from './text';

interface StoryTerms {
  /** term → weight (1..15) in this edition. */
  weights: ReadonlyMap<string, number>;
  /** The terms this edition writes as names or numbers. */
  marked?: ReadonlySet<string>;
}

export interface EventStory {
  id: string;
  /** The analysed article's site (registrable domain). */
  site: string;
  /** Days since the epoch, UTC. */
  day: number;
  editions: Partial<Record<MatchLang, StoryTerms>>;
}

/** The publisher's form of the index: easy to build and compare. */
export interface EventCatalogue {
  stories: readonly EventStory[];
}

/**
 * An edition's terms for every story: story s holds terms[start[s] .. start[s + 1]); each entry's weight is in the
 * low 4 bits of `weights`, and MARKED_BIT says the story writes that term as a name or number.
 */
export interface CompactEdition {
  start: Uint32Array;
  terms: Uint32Array;
  weights: Uint8Array;
}

export const MARKED_BIT = 16;

/** The reader's form of the index (event-index.ts decodes into it). */
export interface CompactCatalogue {
  terms: readonly string[];
  /** 1 for a term some story writes as a name or number. */
  marked: Uint8Array;
  ids: readonly string[];
  sites: readonly string[];
  site: Uint32Array;
  day: Uint32Array;
  editions: Record<MatchLang, CompactEdition>;
}

export interface MatchOptions {
  threshold: number;
  /** Boost of a name or number. */
  markedBoost: number;
  /** Weight of a headline term no story has, as a share of the rarest known term's. */
  unknownShare: number;
  /** Weight of a capitalised headline term no story has (a name the catalogue does not know), the same way. */
  unknownNameShare: number;
  /** An English match must share a term the headline writes with a capital or digits (a name, a number). */
  needName: boolean;
  /** Shared terms a match needs. */
  minShared: number;
  /** The best story's lead over the next one, as a share of its score, below which its score is cut in proportion. */
  margin: number;
}

export const DEFAULT_MATCH_OPTIONS: MatchOptions = {
  threshold: 0.27,
  markedBoost: 1.5,
  unknownShare: 0.6,
  unknownNameShare: 1,
  minShared: 2,
  needName: true,
  margin: 0.6,
};

export interface MatchResult {
  story: string | null;
  score: number;
}

interface Ranked {
  story: string;
  score: number;
  shared: number;
}

export interface Matcher {
  match(page: { url?: string; title: string }): MatchResult;
  /** Every story sharing a term with the headline, best first (for the bench and tests). */
  rank(page: { url?: string; title: string }): Ranked[];
  readonly stories: number;
  /** The analysed article's site of a story of the index; null for an id it does not hold. */
  siteOf(story: string): string | null;
}

const MAX_TITLE = 600;
const LANGS: readonly MatchLang[] = ['en', 'ko'];

/** The compact form of a catalogue (what encoding then decoding it gives). */
function compactCatalogue(catalogue: EventCatalogue): CompactCatalogue {
  const number = new Map<string, number>();
  const termList: string[] = [];
  const n = catalogue.stories.length;
  const sites: string[] = [];
  const siteNumber = new Map<string, number>();
  const site = new Uint32Array(n);
  const day = new Uint32Array(n);
  const editions = {} as Record<MatchLang, CompactEdition>;
  for (const lang of LANGS) {
    const start = new Uint32Array(n + 1);
    const ts: number[] = [];
    const ws: number[] = [];
    catalogue.stories.forEach((s, i) => {
      start[i] = ts.length;
      const ed = s.editions[lang];
      for (const [t, w] of ed?.weights ?? []) {
        let k = number.get(t);
        if (k === undefined) number.set(t, (k = termList.push(t) - 1));
        ts.push(k);
        ws.push(Math.max(1, Math.min(15, Math.round(w))) | (ed?.marked?.has(t) ? MARKED_BIT : 0));
      }
    });
    start[n] = ts.length;
    editions[lang] = { start, terms: Uint32Array.from(ts), weights: Uint8Array.from(ws) };
  }
  catalogue.stories.forEach((s, i) => {
    let k = siteNumber.get(s.site);
    if (k === undefined) siteNumber.set(s.site, (k = sites.push(s.site) - 1));
    site[i] = k;
    day[i] = s.day;
  });
  const marked = new Uint8Array(termList.length);
  for (const lang of LANGS) {
    const e = editions[lang];
    e.terms.forEach((t, k) => {
      if (e.weights[k]! & MARKED_BIT) marked[t] = 1;
    });
  }
  return { terms: termList, marked, ids: catalogue.stories.map((s) => s.id), sites, site, day, editions };
}

interface LangIndex {
  /** Postings of term t: story[offset[t] .. offset[t + 1]), with the story's weight of t. */
  offset: Uint32Array;
  story: Uint32Array;
  weight: Uint8Array;
  stories: number;
}

function postings(c: CompactCatalogue, ed: CompactEdition): LangIndex {
  const nTerms = c.terms.length;
  const offset = new Uint32Array(nTerms + 1);
  for (const t of ed.terms) offset[t + 1]!++;
  for (let t = 0; t < nTerms; t++) offset[t + 1]! += offset[t]!;
  const fill = offset.slice(0, nTerms);
  const story = new Uint32Array(ed.terms.length);
  const weight = new Uint8Array(ed.terms.length);
  let stories = 0;
  for (let s = 0; s < c.ids.length; s++) {
    if (ed.start[s + 1]! > ed.start[s]!) stories++;
    for (let k = ed.start[s]!; k < ed.start[s + 1]!; k++) {
      const at = fill[ed.terms[k]!]!++;
      story[at] = s;
      weight[at] = ed.weights[k]! & 15;
    }
  }
  return { offset, story, weight, stories };
}

export function createMatcher(input: EventCatalogue | CompactCatalogue, options: Partial<MatchOptions> = {}): Matcher {
  const c = 'stories' in input ? compactCatalogue(input) : input;
  const opts = { ...DEFAULT_MATCH_OPTIONS, ...options };
  const number = new Map(c.terms.map((t, i) => [t, i]));
  const langs = { en: postings(c, c.editions.en), ko: postings(c, c.editions.ko) };
  const n = c.ids.length;
  const score = new Float64Array(n);
  const shared = new Uint16Array(n);
  const named = new Uint8Array(n);
  const touched: number[] = [];
  let needName = false;
  const idf = (stories: number, df: number) => Math.log(1 + (stories - df + 0.5) / (df + 0.5));

  /** Scores every story sharing a term into `score`/`shared`; returns false when the headline has nothing to match. */
  function scoreAll(page: { url?: string; title: string }): boolean {
    for (const s of touched) {
      score[s] = 0;
      shared[s] = 0;
      named[s] = 0;
    }
    touched.length = 0;
    const title = typeof page.title === 'string' ? page.title.slice(0, MAX_TITLE) : '';
    let host = '';
    try {
      host = page.url ? new URL(page.url).hostname : '';
    } catch {
      host = '';
    }
    const words = siteWords(host);
    const clean = stripBoilerplate(title, words);
    const lang: MatchLang = isKorean(clean) ? 'ko' : 'en';
    const li = langs[lang];
    if (li.stories === 0) return false;
    needName = opts.needName && lang === 'en'; // Hangul has no capitals
    const seen = new Set<string>();
    const qs: { t: number; w: number; name: boolean }[] = [];
    let total = 0;
    const rare = idf(li.stories, 1);
    for (const { term, capital } of terms(clean, lang)) {
      if (seen.has(term) || words.includes(term)) continue;
      seen.add(term);
      const t = number.get(term);
      const df = t === undefined ? 0 : li.offset[t + 1]! - li.offset[t]!;
      const base = df > 0 ? idf(li.stories, df) : rare * (capital ? opts.unknownNameShare : opts.unknownShare);
      const w = base * (t !== undefined && c.marked[t] ? opts.markedBoost : 1);
      total += w;
      if (df > 0) qs.push({ t: t!, w, name: capital });
    }
    if (total === 0) return false;
    for (const { t, w, name } of qs) {
      for (let k = li.offset[t]!; k < li.offset[t + 1]!; k++) {
        const s = li.story[k]!;
        if (shared[s] === 0) touched.push(s);
        if (name) named[s] = 1;
        score[s]! += (w * Math.min(1, 0.6 + 0.2 * li.weight[k]!)) / total;
        shared[s]!++;
      }
    }
    return true;
  }

  let byId: Map<string, number> | null = null;
  return {
    stories: n,
    siteOf(story) {
      byId ??= new Map(c.ids.map((id, s) => [id, s]));
      const s = byId.get(story);
      return s === undefined ? null : (c.sites[c.site[s]!] ?? null);
    },
    rank(page) {
      if (!scoreAll(page)) return [];
      return touched
        .map((s) => ({ story: c.ids[s]!, score: score[s]!, shared: shared[s]! }))
        .sort((a, b) => b.score - a.score || (a.story < b.story ? -1 : 1));
    },
    match(page) {
      if (!scoreAll(page)) return { story: null, score: 0 };
      // The best story with enough shared terms, and the best score of any other story.
      let best = -1;
      for (const s of touched) {
        if (shared[s]! < opts.minShared || (needName && !named[s])) continue;
        if (best < 0 || score[s]! > score[best]! || (score[s] === score[best] && c.ids[s]! < c.ids[best]!)) best = s;
      }
      if (best < 0) return { story: null, score: 0 };
      let next = 0;
      for (const s of touched) if (s !== best && score[s]! > next) next = score[s]!;
      const lead = (score[best]! - next) / score[best]!;
      const raw = lead >= opts.margin ? score[best]! : score[best]! * (lead / opts.margin);
      const rounded = Math.round(raw * 1000) / 1000;
      return { story: rounded >= opts.threshold ? c.ids[best]! : null, score: rounded };
    },
  };
}
