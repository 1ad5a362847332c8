/**
 * The publisher's own state in `<out>/.prism-index/` (never served: docs/deploy.md): the index of what is published
 * (`index.bin`, publisher/format/publish-index.ts), the journal of a run that has started changing `v2/` and not yet
 * committed its index (`journal.json`: what the next run must check against the disk), a lock (one publisher per
 * folder), the staging folder for story files being validated and the temporary files of atomic writes.
 */
import { closeSync, existsSync, fsyncSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { decodeIndex, StoryTable } from './format/publish-index';
import { isStoryId, type KeySetRef } from '../utils/prism/schema';
import { INDEX_DIR } from './safety';
import type { Writer } from './writer';

/** Bump when the bytes the publisher writes or the key rules change: every story is then read again. */
export const PUBLISHER_FORMAT = 3; // 3: shard entries carry `hosts`
export const INDEX_FORMAT = 'prism-index-1';

export const INDEX_FILE = `${INDEX_DIR}/index.bin`;
export const JOURNAL_FILE = `${INDEX_DIR}/journal.json`;
export const README_FILE = `${INDEX_DIR}/README.txt`;
export const stagingDir = (out: string) => join(out, INDEX_DIR, 'staging');
export const tmpDir = (out: string) => join(out, INDEX_DIR, 'tmp');
const lockFile = (out: string) => join(out, INDEX_DIR, 'lock');

export interface KeysetHistoryEntry {
  sha256: string;
  /** When meta.json stopped naming it (ms since the epoch). */
  supersededAt: number;
}

export interface IndexMeta {
  format: typeof INDEX_FORMAT;
  publisher: number;
  /** Counts committed runs; a journal names the generation it started from. */
  generation: number;
  /** When the committed run began to look at the catalogue (files changed since then are read again). */
  scanStartedAt: number;
  keyset: KeySetRef | null;
  /** Key sets meta.json named before, kept for the grace period (docs/deploy.md). */
  history: KeysetHistoryEntry[];
  /** The shard prefix length meta.json names (absent in an index of publisher format 2: 5). */
  prefixLength?: number;
  /**
   * When the prefix length changed: the shards of other lengths stay for the key-set grace period (clients that
   * read the previous meta.json still find them), then they are removed.
   */
  previousPrefix?: { length: number; supersededAt: number } | null;
}

export interface Journal {
  base: number;
  /** Story files the run may have written (or 'all'). */
  stories: string[] | 'all';
  /** Shards the run may have written or removed (or 'all'). */
  prefixes: number[] | 'all';
}

export const README_TEXT = `This folder is the PRISM publisher's own state (publisher/cli.ts):
index.bin describes what v2/ holds, so the next run rewrites only what changed.
Do not serve it, do not upload it, do not edit it. Deleting it is safe but makes the next run read everything.
`;

export type LoadedIndex = { table: StoryTable; meta: IndexMeta } | { error: string } | null;

export function loadIndex(out: string): LoadedIndex {
  const path = join(out, INDEX_FILE);
  if (!existsSync(path)) return null;
  try {
    const { table, meta } = decodeIndex(readFileSync(path));
    const m = meta as IndexMeta;
    if (m?.format !== INDEX_FORMAT) return { error: `unknown index format ${JSON.stringify(m?.format)}` };
    // Its ids become file names (stories/<id>.json, tombstones): one that is not a story id is a damaged or
    // planted index, never a path to follow.
    const bad = table.ids.find((id) => !isStoryId(id));
    if (bad !== undefined)
      return { error: `it names ${JSON.stringify(String(bad).slice(0, 80))}, which is not a story id` };
    return { table, meta: m };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

/**
 * The journal of an interrupted run, or null. Its story ids become file names and its prefixes shard numbers: a
 * journal with anything else in them (damaged, or planted) is read as "everything may have changed", so the run
 * checks every file against the disk and uses none of its names.
 */
export function loadJournal(out: string): Journal | null {
  let journal: Journal;
  try {
    journal = JSON.parse(readFileSync(join(out, JOURNAL_FILE), 'utf8')) as Journal;
  } catch {
    return null;
  }
  if (!journal || typeof journal !== 'object') return null;
  const storiesOk = journal.stories === 'all' || (Array.isArray(journal.stories) && journal.stories.every(isStoryId));
  const prefixesOk =
    journal.prefixes === 'all' ||
    (Array.isArray(journal.prefixes) && journal.prefixes.every((p) => Number.isInteger(p) && p >= 0));
  return storiesOk && prefixesOk ? journal : { base: Number(journal.base), stories: 'all', prefixes: 'all' };
}

/** A journal is written whole and synced before the first change to v2/, so a crash cannot lose it. */
export async function writeJournal(writer: Writer, journal: Journal): Promise<void> {
  await writer.write(JOURNAL_FILE, JSON.stringify(journal), 'journal');
  const fd = openSync(join(writer.out, JOURNAL_FILE), 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Takes the folder's lock, or says who holds it. A lock left by a process that has died is taken over. */
export function lock(out: string): { ok: true; release(): void } | { ok: false; message: string } {
  const path = lockFile(out);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return { ok: true, release: () => rmSync(path, { force: true }) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number.parseInt(readFileSync(path, 'utf8'), 10);
      if (Number.isInteger(pid) && pid > 0 && alive(pid)) {
        const message = `another prism:publish (pid ${pid}) is writing to ${out}; try again when it is done`;
        return { ok: false, message };
      }
      rmSync(path, { force: true });
    }
  }
  return { ok: false, message: `could not take the lock ${path}` };
}
