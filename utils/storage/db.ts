/**
 * The extension's IndexedDB database (Dexie). Each schema change is a new version below; never edit an old one.
 * v1: the lookup and story cache.
 */
import Dexie, { type EntityTable } from 'dexie';
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

export class PrismDb extends Dexie {
  shards!: EntityTable<ShardRow, 'prefix'>;
  stories!: EntityTable<StoryRow, 'id'>;

  constructor(name = 'prism-lens') {
    super(name);
    this.version(1).stores({
      shards: 'prefix, expiresAt',
      stories: 'id, expiresAt',
    });
  }
}

let shared: PrismDb | undefined;
/** The database of this extension context (one connection per page or worker). */
export function getDb(): PrismDb {
  shared ??= new PrismDb();
  return shared;
}
