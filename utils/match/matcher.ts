/**
 * Same-event matching: a page's headline against the event index of PRISM's recent stories. Pure; the background
 * and `npm run match` run this same code. Chosen by measurement (`npm run bench -- match`, docs/bench.md).
 *
 * A story is a bag of terms per edition (en, ko) with small integer weights (title and source title count more than
 * summary and tags). The score of a story for a headline is the share of the headline's term weight (inverse
 * document frequency over the index, names and numbers boosted) that the story holds: 1 when every term of the
 * headline is in the story. A match needs the best score at or above the threshold and at least two shared terms.
 */
import { isKorean, siteWords, stripBoilerplate, terms, type MatchLang } from './text';

export interface StoryTerms {
  /** term → weight (1..15) in this edition. */
  weights: ReadonlyMap<string, number>;
}

export interface EventStory {
  id: string;
  /** The analysed article's site (registrable domain). */
  site: string;
  /** Days since the epoch, UTC. */
  day: number;
  editions: Partial<Record<MatchLang, StoryTerms>>;
}

export interface EventCatalogue {
  stories: readonly EventStory[];
  /** Terms the stories write as names or numbers. */
  marked: ReadonlySet<string>;
}

export interface MatchOptions {
  threshold: number;
  /** Boost of a name or number. */
  markedBoost: number;
  /** Weight of a headline term no story has, as a share of the rarest known term's. */
  unknownShare: number;
  /** Shared terms a match needs. */
  minShared: number;
  /** The best story's lead over the next one, as a share of its score. */
  margin: number;
}

export const DEFAULT_MATCH_OPTIONS: MatchOptions = {
  threshold: 0.5,
  markedBoost: 1.5,
  unknownShare: 0.6,
  minShared: 2,
  margin: 0.6,
};

export interface MatchResult {
  story: string | null;
  score: number;
}

interface Posting {
  story: number;
  weight: number;
}

interface LangIndex {
  postings: Map<string, Posting[]>;
  stories: number;
}

export interface Matcher {
  match(page: { url?: string; title: string }): MatchResult;
  /** Every story's score, best first (the bench's curve). */
  rank(page: { url?: string; title: string }): { story: string; score: number; shared: number }[];
}

const MAX_TITLE = 600;

export function createMatcher(catalogue: EventCatalogue, options: Partial<MatchOptions> = {}): Matcher {
  const opts = { ...DEFAULT_MATCH_OPTIONS, ...options };
  const langs = new Map<MatchLang, LangIndex>();
  catalogue.stories.forEach((story, i) => {
    for (const [lang, ed] of Object.entries(story.editions) as [MatchLang, StoryTerms | undefined][]) {
      if (!ed) continue;
      let li = langs.get(lang);
      if (!li) langs.set(lang, (li = { postings: new Map(), stories: 0 }));
      li.stories++;
      for (const [term, weight] of ed.weights) {
        let list = li.postings.get(term);
        if (!list) li.postings.set(term, (list = []));
        list.push({ story: i, weight });
      }
    }
  });

  const idf = (n: number, df: number) => Math.log(1 + (n - df + 0.5) / (df + 0.5));

  function rank(page: { url?: string; title: string }) {
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
    const li = langs.get(lang);
    if (!li) return [];
    const seen = new Set<string>();
    const qs: { term: string; w: number }[] = [];
    const rare = idf(li.stories, 1);
    for (const { term } of terms(clean, lang)) {
      if (seen.has(term) || words.includes(term)) continue;
      seen.add(term);
      const list = li.postings.get(term);
      const base = list ? idf(li.stories, list.length) : rare * opts.unknownShare;
      qs.push({ term, w: base * (catalogue.marked.has(term) ? opts.markedBoost : 1) });
    }
    const total = qs.reduce((s, q) => s + q.w, 0);
    if (total === 0) return [];
    const acc = new Map<number, { score: number; shared: number }>();
    for (const q of qs) {
      for (const p of li.postings.get(q.term) ?? []) {
        const a = acc.get(p.story) ?? { score: 0, shared: 0 };
        a.score += (q.w * Math.min(1, 0.6 + 0.2 * p.weight)) / total;
        a.shared++;
        acc.set(p.story, a);
      }
    }
    return [...acc]
      .map(([i, a]) => ({
        story: catalogue.stories[i]!.id,
        score: a.score,
        shared: a.shared,
      }))
      .sort((a, b) => b.score - a.score || (a.story < b.story ? -1 : 1));
  }

  return {
    rank,
    match(page) {
      const ranked = rank(page);
      const best = ranked.find((r) => r.shared >= opts.minShared);
      if (!best) return { story: null, score: 0 };
      const next = ranked.find((r) => r !== best)?.score ?? 0;
      const lead = best.score > 0 ? (best.score - next) / best.score : 0;
      const raw = lead >= opts.margin ? best.score : best.score * (lead / opts.margin);
      const score = Math.round(raw * 1000) / 1000;
      return { story: score >= opts.threshold ? best.story : null, score };
    },
  };
}
