/**
 * Full-text search of the library through the multi-entry `terms` index: each query term is counted in the
 * index, the rarest gives the candidates, the others narrow them by key (no record is read for that), and only
 * the page shown (or, to rank by relevance, a bounded set) is read. docs/storage.md explains the design.
 */
import type { PrismDb, SavedRecord } from './db';
import { filteredNewestFirst, listSaved, countSaved, type ListFilter } from './saved';
import { HEAD_MARK } from './saved-record';
import { fold, parseQuery, type QueryTerm, type Token } from './terms';

export type SearchOrder = 'relevance' | 'newest';

export interface SearchOptions extends ListFilter {
  offset?: number;
  /** Defaults to 50. */
  limit?: number;
  /** Defaults to 'relevance'. */
  order?: SearchOrder;
}

export interface SearchResult {
  /** Number of matching stories. */
  total: number;
  /** The requested page. */
  items: SavedRecord[];
}

/**
 * With more matches than this, relevance ranks only RANK_LIMIT of them: the strong ones (every word in a
 * title, tag or note) and then the newest; the rest follow newest first. A broad query thus never reads the
 * whole library.
 */
export const RANK_LIMIT = 500;
/** Up to this many matches are read at once and sorted in memory; beyond, the savedAt index orders them. */
const READ_ALL_LIMIT = 300;

function termCollection(db: PrismDb, term: QueryTerm) {
  const where = db.saved.where('terms');
  return term.match === 'exact' ? where.equals(term.value) : where.startsWith(term.value);
}

/**
 * Ids of the stories matching every term, narrowed by the filter; read from index keys only. Each term's keys
 * are read at once, in parallel (one request each: counting first to pick the rarest would double the
 * requests), and intersected smallest first.
 */
async function matchingKeys(db: PrismDb, terms: QueryTerm[], filter: ListFilter): Promise<Set<number>> {
  const keySets = await Promise.all(terms.map(async (t) => (await termCollection(db, t).primaryKeys()) as number[]));
  keySets.sort((a, b) => a.length - b.length);
  let ids = new Set(keySets[0] ?? []);
  for (const keys of keySets.slice(1)) {
    if (ids.size === 0) break;
    const next = new Set(keys);
    ids = new Set([...ids].filter((id) => next.has(id)));
  }
  if (ids.size > 0 && (filter.tag !== undefined || filter.category !== undefined)) {
    const allowed = new Set((await filteredNewestFirst(db, filter).primaryKeys()) as number[]);
    ids = new Set([...ids].filter((id) => allowed.has(id)));
  }
  return ids;
}

/** Keys newest first: the savedAt index's keys in one bulk read (no cursor steps), filtered to `ids`. */
async function newestFirst(db: PrismDb, ids: Set<number>, take: number): Promise<number[]> {
  if (take <= 0) return [];
  const ordered = (await db.saved.orderBy('savedAt').reverse().primaryKeys()) as number[];
  const out: number[] = [];
  for (const key of ordered) {
    if (ids.has(key)) out.push(key);
    if (out.length >= take) break;
  }
  return out;
}

async function readAll(db: PrismDb, ids: Iterable<number>): Promise<SavedRecord[]> {
  const rows = await db.saved.bulkGet([...ids]);
  return rows.filter((r): r is SavedRecord => r !== undefined);
}

const byNewest = (a: SavedRecord, b: SavedRecord) => b.savedAt - a.savedAt || b.key - a.key;

/** Field weights: where a query word is found says how well the story answers it. */
const WEIGHTS = { title: 10, tags: 8, note: 6, summary: 4, insight: 3, source: 2 } as const;

function rankTexts(r: SavedRecord): [number, string][] {
  const eds = [r.story.editions.ko, r.story.editions.en];
  const texts: [number, string][] = [];
  for (const e of eds) if (e) texts.push([WEIGHTS.title, e.title]);
  texts.push([WEIGHTS.tags, r.tags.join(' \n ')], [WEIGHTS.note, r.note]);
  for (const e of eds) if (e) texts.push([WEIGHTS.summary, e.summary]);
  for (const e of eds) if (e?.insight) texts.push([WEIGHTS.insight, e.insight.title]);
  texts.push([WEIGHTS.source, `${r.story.source.title} \n ${r.story.source.publisher}`]);
  return texts.map(([w, t]) => [w, fold(t)]);
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Relevance of a matching story: per query word, the weight of the best field that contains it (a Korean
 * word as a substring, another word at a word start, with a bonus for the whole word), 1 if it is only in the
 * body; plus a bonus when the whole query appears in a title.
 */
export function score(record: SavedRecord, tokens: Token[], foldedQuery: string): number {
  const texts = rankTexts(record);
  let total = 0;
  for (const token of tokens) {
    let best = 1;
    if (token.kind === 'cjk') {
      for (const [w, t] of texts) if (w > best && t.includes(token.text)) best = w;
    } else {
      const start = new RegExp(`(?:^|[^\\p{L}\\p{N}])${escapeRe(token.text)}`, 'u');
      const whole = new RegExp(`(?:^|[^\\p{L}\\p{N}])${escapeRe(token.text)}(?![\\p{L}\\p{N}])`, 'u');
      for (const [w, t] of texts) {
        if (w + 0.5 <= best) continue;
        if (whole.test(t)) best = Math.max(best, w + 0.5);
        else if (w > best && start.test(t)) best = w;
      }
    }
    total += best;
  }
  const phrase = foldedQuery.trim();
  if (phrase && texts.some(([w, t]) => w === WEIGHTS.title && t.includes(phrase))) total += 5;
  return total;
}

/**
 * Searches titles, summaries, bodies, PRISM Insight, tags, category, source and the note, in Korean and
 * English. All query words must match (Korean by bigrams, others by word prefix). A blank query lists the
 * library (newest first).
 */
export async function search(db: PrismDb, query: string, options: SearchOptions = {}): Promise<SearchResult> {
  const offset = Math.max(0, Math.floor(options.offset ?? 0));
  const limit = Math.max(0, Math.floor(options.limit ?? 50));
  const filter: ListFilter = { tag: options.tag, category: options.category };
  const parsed = parseQuery(query);
  if (parsed.terms.length === 0) {
    const [total, items] = await Promise.all([countSaved(db, filter), listSaved(db, { ...filter, offset, limit })]);
    return { total, items };
  }

  return db.transaction('r', db.saved, async () => {
    const ids = await matchingKeys(db, parsed.terms, filter);
    const total = ids.size;
    if (total === 0 || limit === 0 || offset >= total) return { total, items: [] };

    if ((options.order ?? 'relevance') === 'newest') {
      if (total <= READ_ALL_LIMIT) {
        const rows = (await readAll(db, ids)).sort(byNewest);
        return { total, items: rows.slice(offset, offset + limit) };
      }
      const page = (await newestFirst(db, ids, offset + limit)).slice(offset);
      return { total, items: await readAll(db, page) };
    }

    // Relevance: rank at most RANK_LIMIT stories: those with every query word in a title, tag or note (found
    // through the head terms, by index), then the newest; the rest follow newest first.
    let rankedIds = [...ids];
    if (total > RANK_LIMIT) {
      const headTerms = parsed.terms.map((t) => ({ ...t, value: HEAD_MARK + t.value }));
      const strongSet = new Set([...(await matchingKeys(db, headTerms, filter))].filter((k) => ids.has(k)));
      const strong = strongSet.size > RANK_LIMIT ? await newestFirst(db, strongSet, RANK_LIMIT) : [...strongSet];
      const picked = new Set(strong);
      const others = new Set([...ids].filter((k) => !picked.has(k)));
      rankedIds = [...strong, ...(await newestFirst(db, others, RANK_LIMIT - strong.length))];
    }
    const foldedQuery = fold(query);
    const ranked = (await readAll(db, rankedIds))
      .map((record) => ({ record, s: score(record, parsed.tokens, foldedQuery) }))
      .sort((a, b) => b.s - a.s || byNewest(a.record, b.record))
      .map((x) => x.record);
    if (offset + limit <= ranked.length) return { total, items: ranked.slice(offset, offset + limit) };
    const rankedSet = new Set(rankedIds);
    const rest = new Set([...ids].filter((id) => !rankedSet.has(id)));
    const restPage = await newestFirst(db, rest, offset + limit - ranked.length);
    const items = [...ranked, ...(await readAll(db, restPage))].slice(offset, offset + limit);
    return { total, items };
  });
}
