/**
 * What the library shows for a search and its filters: which stories, in which order, and when two queries are
 * the same list. Pure: the list (use-library.ts), the export of what is shown (Transfer.tsx) and the page
 * (LibraryApp.tsx) all read the library through these.
 */
import type { SearchOptions } from '@/utils/storage/search';
import { facetTags } from '@/utils/storage/tag-facets';

export interface LibraryQuery {
  text: string;
  /** A tag facet's key (tag-facets.ts): one tag, or a paired English and Korean tag. */
  tag?: string;
  category?: string;
}

/** The whole library, newest first. */
export const WHOLE_LIBRARY: LibraryQuery = { text: '' };

/** Whether the query narrows the library (a search, a tag or a category). */
export const isFiltered = (q: LibraryQuery): boolean => Boolean(q.text || q.tag || q.category);

/** Equal for two queries that show the same stories in the same order. */
export const queryKey = (q: LibraryQuery): string => `${q.text}\n${q.tag ?? ''}\n${q.category ?? ''}`;

/** The search options of `limit` of the query's stories from `offset`, in the order the library shows them. */
export function searchOptions(q: LibraryQuery, limit: number, offset = 0): SearchOptions {
  const tag = q.tag === undefined ? undefined : facetTags(q.tag);
  return {
    tag: tag?.length === 1 ? tag[0] : tag,
    category: q.category,
    offset,
    limit,
    order: q.text.trim() ? 'relevance' : 'newest',
  };
}
