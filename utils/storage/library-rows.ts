/**
 * The rows of the reader's library and its search index, and the tables holding them. A leaf: db.ts declares
 * the tables and imports its migrations, which use the index code (saved-index.ts, saved-record.ts); those take
 * their types from here, so that nothing db.ts imports imports db.ts back.
 */
import type { EntityTable, Table } from 'dexie';
import type { Story } from '../prism/schema';

/** What the reader saved, as it is exported and imported (utils/storage/export-json.ts). */
export interface SavedStory {
  /** The story id: a story is saved at most once (unique index). */
  id: string;
  /** The story exactly as it was shown when saved. */
  story: Story;
  /** Epoch milliseconds. */
  savedAt: number;
  /** The page the reader was on when saving: an http(s) URL, or '' when it was not one. */
  pageUrl: string;
  pageTitle: string;
  /** The story's tags (both editions) and the reader's own, trimmed, NFKC, deduplicated case-insensitively. */
  tags: string[];
  /** The reader's note ('' when none). */
  note: string;
  category: string;
  /** Set (epoch ms) when PRISM withdrew the story after it was saved: the copy is kept, marked. */
  withdrawnAt?: number;
  /**
   * Set when it was saved from a page that reports the same event, not from the article PRISM analysed (issue 23's
   * same-event match): the analysed article's site, so the library says so too.
   */
  sameEvent?: { site: string };
}

/**
 * A row of `library`. The primary key is local and never exported: `savedAt × 1024 + n` (saved-record.ts), so key
 * order is time order, and the postings (sorted keys) give matches newest first without reading any record.
 */
export interface SavedRecord extends SavedStory {
  key: number;
}

/**
 * Part of the posting of a search term (or a tag/category facet): keys of stories that have it, ascending, from
 * `start` (the row's first key, or TAIL for the term's last row) up to the next row's start (saved-index.ts).
 */
export interface PostingRow {
  term: string;
  start: number;
  keys: Float64Array;
}

/**
 * A story saved since the last merge into `postings`, with its terms in a multi-entry index: one row write
 * per save (IndexedDB updates the index internally), merged into the postings in bulk later (saved-index.ts).
 */
export interface RecentRow {
  key: number;
  terms: string[];
}

/** A removed story whose key is still in `postings` (until the next merge), with the terms to remove it from. */
export interface GoneRow {
  key: number;
  terms: string[];
}

/**
 * How many stories have a tag, a category or a paired English and Korean tag (saved-record.ts, `storyTagPairs`);
 * kept in the same transactions as `library`.
 */
export interface FacetRow {
  /** The facet's term (saved-record.ts). Pair terms have no postings: a pair filters by its two tags. */
  term: string;
  kind: 'tag' | 'category' | 'pair';
  value: string;
  count: number;
}

export interface IndexTables {
  postings: Table<PostingRow, [string, number]>;
  recent: EntityTable<RecentRow, 'key'>;
  gone: EntityTable<GoneRow, 'key'>;
  facets: EntityTable<FacetRow, 'term'>;
}

/** The library and its index: what the library code reads and writes (PrismDb has these tables). */
export interface LibraryTables extends IndexTables {
  library: EntityTable<SavedRecord, 'key'>;
}
