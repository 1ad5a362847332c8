/**
 * The extension's IndexedDB database (Dexie). Each schema change is a new version below; never edit an old one.
 * v1: the lookup and story cache.
 * v2: `saved`, the reader's library, with its search terms in a multi-entry index (replaced by v3).
 * v3: `library` (the saved stories, keyed by time), the search index (`postings`: term → story keys, with
 *     `recent` and `gone` for the changes not merged yet) and `facets` (tag and category counts). The v2 rows
 *     are copied over and indexed, then `saved` is dropped. docs/storage.md.
 * v4: the API cache keyed by API base (`apiShards`, `apiStories`; the v1 `shards`/`stories` are dropped: they were
 *     of the v1 API and not keyed by base), and `keysets`, the downloaded key set of each API base.
 */
import Dexie, { type DexieOptions, type EntityTable, type Table } from 'dexie';
import type { KeySetRef, LookupEntry, Story } from '../prism/schema';
import { upgradeV2ToV3 } from './saved-index';

export interface ShardRow {
  /** The API base it came from. */
  base: string;
  /** First 5 hex digits of a lookup key. */
  prefix: string;
  entries: LookupEntry[];
  fetchedAt: number;
  expiresAt: number;
}

export interface StoryRow {
  base: string;
  id: string;
  story: Story;
  fetchedAt: number;
  expiresAt: number;
}

/** The key set of one API base, as downloaded (its SHA-256 checked against meta.json). */
export interface KeySetRow {
  base: string;
  ref: KeySetRef;
  bytes: Uint8Array;
  /** When meta.json was last read successfully (epoch ms). */
  checkedAt: number;
}

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
}

/**
 * A row of `library`. The primary key is local and never exported: `savedAt × 1024 + n` (saved-key.ts), so key
 * order is time order, and the postings (sorted keys) give matches newest first without reading any record.
 */
export interface SavedRecord extends SavedStory {
  key: number;
}

/**
 * Part of the posting of a search term (or a tag/category facet): keys of stories that have it, ascending, from
 * `start` (0 for a term's first row) up to the next row's start (saved-index.ts).
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

/** How many stories have a tag or a category; kept in the same transactions as `library`. */
export interface FacetRow {
  /** The facet's posting term (saved-record.ts). */
  term: string;
  kind: 'tag' | 'category';
  value: string;
  count: number;
}

export interface IndexTables {
  postings: Table<PostingRow, [string, number]>;
  recent: EntityTable<RecentRow, 'key'>;
  gone: EntityTable<GoneRow, 'key'>;
  facets: EntityTable<FacetRow, 'term'>;
}

export class PrismDb extends Dexie {
  apiShards!: Table<ShardRow, [string, string]>;
  apiStories!: Table<StoryRow, [string, string]>;
  keysets!: EntityTable<KeySetRow, 'base'>;
  library!: EntityTable<SavedRecord, 'key'>;
  postings!: Table<PostingRow, [string, number]>;
  recent!: EntityTable<RecentRow, 'key'>;
  gone!: EntityTable<GoneRow, 'key'>;
  facets!: EntityTable<FacetRow, 'term'>;

  constructor(name = 'prism-lens', options?: DexieOptions) {
    super(name, options);
    this.version(1).stores({
      shards: 'prefix, expiresAt',
      stories: 'id, expiresAt',
    });
    this.version(2).stores({
      saved: '++key, &id, savedAt, [category+savedAt], *tagKeys, *terms',
    });
    this.version(3)
      .stores({
        saved: null,
        library: 'key, &id',
        postings: '[term+start]',
        recent: 'key, *terms',
        gone: 'key',
        facets: 'term, kind',
      })
      .upgrade(upgradeV2ToV3);
    this.version(4).stores({
      shards: null,
      stories: null,
      apiShards: '[base+prefix], expiresAt',
      apiStories: '[base+id], expiresAt',
      keysets: 'base',
    });
  }
}

let shared: PrismDb | undefined;
/** The database of this extension context (one connection per page or worker). */
export function getDb(): PrismDb {
  shared ??= new PrismDb();
  return shared;
}
