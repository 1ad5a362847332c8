/**
 * The extension's IndexedDB database (Dexie). Each schema change is a new version below; never edit an old one.
 * v1: the lookup and story cache.
 * v2: `saved`, the reader's local library (docs/storage.md). No data migration: the table starts empty.
 */
import Dexie, { type DexieOptions, type EntityTable } from 'dexie';
import type { Story } from '../prism/schema';

export interface ShardRow {
  /** First 5 hex digits of a lookup key. */
  prefix: string;
  entries: { key: string; story: string }[];
  fetchedAt: number;
  expiresAt: number;
}

export interface StoryRow {
  id: string;
  story: Story;
  fetchedAt: number;
  expiresAt: number;
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
}

/** A saved story plus the fields derived from it for the indexes (rebuilt on every write). */
export interface SavedRow extends SavedStory {
  /** Search terms (utils/storage/terms.ts), multi-entry indexed. */
  terms: string[];
  /** `tag + "\u0000" + zero-padded savedAt` per tag, so a tag's stories come from the index newest first. */
  tagKeys: string[];
}

/**
 * A row of `saved`. The primary key is a local auto-increment number, not the story id: every index entry
 * (about a thousand search terms per story) stores the primary key, and a number is a fraction of the size of
 * a story id (up to 128 characters). It is local to this database and never exported.
 */
export interface SavedRecord extends SavedRow {
  key: number;
}

export class PrismDb extends Dexie {
  shards!: EntityTable<ShardRow, 'prefix'>;
  stories!: EntityTable<StoryRow, 'id'>;
  saved!: EntityTable<SavedRecord, 'key'>;

  constructor(name = 'prism-lens', options?: DexieOptions) {
    super(name, options);
    this.version(1).stores({
      shards: 'prefix, expiresAt',
      stories: 'id, expiresAt',
    });
    this.version(2).stores({
      saved: '++key, &id, savedAt, [category+savedAt], *tagKeys, *terms',
    });
  }
}

let shared: PrismDb | undefined;
/** The database of this extension context (one connection per page or worker). */
export function getDb(): PrismDb {
  shared ??= new PrismDb();
  return shared;
}
