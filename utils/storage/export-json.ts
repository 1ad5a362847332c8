/**
 * The library as a JSON file: a versioned envelope holding the saved records without their derived index
 * fields (import rebuilds those), so that importing it restores the records exactly.
 */
import type { PrismDb } from './db';
import type { SavedStory } from './library-rows';
import { getSavedMany } from './saved';
import { toSavedStory } from './saved-record';

export const EXPORT_FORMAT = 'prism-lens-library' as const;
export const EXPORT_VERSION = 1 as const;

export interface LibraryExport {
  format: typeof EXPORT_FORMAT;
  version: typeof EXPORT_VERSION;
  /** ISO 8601. */
  exportedAt: string;
  items: SavedStory[];
}

export function toExport(records: readonly SavedStory[], exportedAt: Date = new Date()): LibraryExport {
  return {
    format: EXPORT_FORMAT,
    version: EXPORT_VERSION,
    exportedAt: exportedAt.toISOString(),
    items: records.map(toSavedStory),
  };
}

export interface ExportJsonOptions {
  /** Only these stories (in this order); all, newest first, when omitted. */
  ids?: readonly string[];
  now?: Date;
}

/** The JSON text of an export (pretty-printed: people open these files). */
export async function exportJson(db: PrismDb, options: ExportJsonOptions = {}): Promise<string> {
  const records = await getSavedMany(db, options.ids);
  return `${JSON.stringify(toExport(records, options.now), null, 2)}\n`;
}

/** A file name for an export, e.g. `prism-lens-library-2025-12-14.json`. */
export function exportJsonFileName(now: Date = new Date()): string {
  return `prism-lens-library-${now.toISOString().slice(0, 10)}.json`;
}
