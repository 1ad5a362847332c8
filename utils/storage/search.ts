/**
 * Full-text search of the library through its postings (term → sorted story keys; saved-index.ts): each query
 * term is one read of a posting (a prefix, one range read), the postings are intersected in memory, and since
 * keys are in time order the matches come newest first without reading a record. Only the page shown is read.
 * docs/storage.md explains the design.
 */
import type { PrismDb } from './db';
import type { SavedRecord } from './library-rows';
import { countSaved, filterKeys, libraryTables, listSaved, readNewestFirst, type ListFilter } from './saved';
import { HEAD_MARK } from './saved-record';
import { indexReader, type IndexReader } from './saved-index';
import { has, intersectAll } from './sorted-keys';
import { parseQuery, type QueryTerm } from './terms';

type SearchOrder = 'relevance' | 'newest';

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

function termKeys(index: IndexReader, term: QueryTerm): Promise<Float64Array> {
  return term.match === 'exact' ? index.keys(term.value) : index.prefixKeys(term.value);
}

/**
 * Keys ordered by relevance: by how many query words are in a title, a tag or the note (the head postings), most
 * first; ties newest first. Reads only head postings, never a record.
 */
async function rankKeys(index: IndexReader, matches: Float64Array, words: QueryTerm[][]): Promise<number[]> {
  const strong = await Promise.all(
    words.map(async (terms) =>
      intersectAll(await Promise.all(terms.map((t) => termKeys(index, { ...t, value: HEAD_MARK + t.value })))),
    ),
  );
  const buckets: number[][] = Array.from({ length: words.length + 1 }, () => []);
  for (let i = matches.length - 1; i >= 0; i--) {
    const key = matches[i]!;
    let n = 0;
    for (const s of strong) if (s.length > 0 && has(s, key)) n++;
    buckets[words.length - n]!.push(key);
  }
  return buckets.flat();
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

  return db.transaction('r', libraryTables(db), async () => {
    const index = await indexReader(db);
    const [filtered, ...lists] = await Promise.all([
      filterKeys(index, filter),
      ...parsed.terms.map((t) => termKeys(index, t)),
    ]);
    const matches = intersectAll(filtered ? [filtered, ...lists] : lists);
    const total = matches.length;
    if (total === 0 || limit === 0 || offset >= total) return { total, items: [] };
    if ((options.order ?? 'relevance') === 'newest') {
      return { total, items: await readNewestFirst(db, matches, offset, limit) };
    }
    const ranked = (await rankKeys(index, matches, parsed.words)).slice(offset, offset + limit);
    const rows = await db.library.bulkGet(ranked);
    return { total, items: rows.filter((r): r is SavedRecord => r !== undefined) };
  });
}
