/**
 * The extension's IndexedDB database (Dexie). Each schema change is a new version below; never edit an old one.
 * A version that moves data calls its upgrade from migrations/ (one file per version, named after it).
 * v1: the lookup and story cache.
 * v2: `saved`, the reader's library, with its search terms in a multi-entry index (replaced by v3).
 * v3: `library` (the saved stories, keyed by time), the search index (`postings`: term → story keys, with
 *     `recent` and `gone` for the changes not merged yet) and `facets` (tag and category counts). The v2 rows
 *     are copied over and indexed (migrations/v3.ts), then `saved` is dropped. docs/storage.md.
 * v4: the API cache keyed by API base (`apiShards`, `apiStories`; the v1 `shards`/`stories` are dropped: they were
 *     of the v1 API and not keyed by base), and `keysets`, the downloaded key set of each API base.
 */
import Dexie, { type DexieOptions, type EntityTable, type Table } from 'dexie';
import type { EventIndexRef, KeySetRef, LookupEntry, Story } from '../prism/schema';
import type { FacetRow, GoneRow, LibraryTables, PostingRow, RecentRow, SavedRecord } from './library-rows';
import { upgradeV2ToV3 } from './migrations/v3';

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
  /** The shards' prefix length meta.json named with this key set (absent in rows written before: 5). */
  prefixLength?: number;
  /**
   * The event index meta.json named with it (same-event matching, utils/match), its SHA-256 checked and its bytes
   * read back whole before they were kept; absent when the publication names none or it could not be had.
   */
  events?: { ref: EventIndexRef; bytes: Uint8Array };
  /** When meta.json was last read successfully (epoch ms). */
  checkedAt: number;
}

export class PrismDb extends Dexie implements LibraryTables {
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
