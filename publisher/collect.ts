/**
 * The first half of a run: what the catalogue now holds, as a new index table, without touching v2/. Files whose
 * stat signature matches the index are not read; the others are read, validated and (when their published text
 * differs) staged, over the worker pool. Stories the index has and the catalogue lacks are withdrawn. Marks the
 * shards whose entries change, and collects every problem (file: field: message) and warning.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_EVENT_DAYS, windowStart } from '../utils/match/from-stories';
import type { EventStory } from '../utils/match/matcher';
import { SHARD_COUNT, STORIES_DIR } from './format/publish-format';
import { StoryTable, STAT_FIELDS, type StatSig } from './format/publish-index';
import { markChange } from './format/publish-plan';
import { idOfFileName, tombstoneText, type PublishProblem } from './format/publish-story';
import { isWithdrawn, parseStoryFile } from '../utils/prism/schema';
import { defaultWorkers, readStories } from './pool';
import { hashText, type Compare, type StoryTask } from './read-story';
import { STAT_STRIDE, statAll } from './stat-all';
import type { IndexMeta, Journal } from './state';

/** A file changed this close to (or after) the start of the run that indexed it is read again: see `racy`. */
const RACY_MS = 2000;

export interface CollectInput {
  catalogue: string;
  out: string;
  stagingDir: string;
  /** A first publication into a folder with no v2/: story files are written in place (read-story.ts). */
  fresh: boolean;
  /** Validate only: stage nothing, read every file. */
  check: boolean;
  /** Read every file, whatever its stat signature. */
  full: boolean;
  workers?: number;
  /** The committed index, if any. */
  previous: { table: StoryTable; meta: IndexMeta } | null;
  /** The journal of an interrupted run that started from `previous`. */
  journal: Journal | null;
  now: Date;
  /** The event index's window in days (default 30): staged stories inside it keep their terms in `events`. */
  eventDays?: number;
  mark?: (phase: string) => void;
}

export interface Collected {
  table: StoryTable;
  /** Records [0, readCount) of `table` were read in this run. */
  readCount: number;
  files: number;
  problems: PublishProblem[];
  warnings: PublishProblem[];
  /** Ids whose new file waits in the staging folder. */
  staged: string[];
  /** The event-index terms of the staged stories inside the window, by id. */
  events: Map<string, EventStory>;
  tombstones: { id: string; text: string }[];
  /** One byte per shard: 1 when its entries may have changed (or must be checked against the disk). */
  dirty: Uint8Array;
  /** No committed index (or an interrupted run could have written anywhere): shards are compared with the disk. */
  unknownDisk: boolean;
  /** The index must be written again (records changed, or files were read whose stat signature moved). */
  recordsChanged: boolean;
  scanStartedAt: number;
}

function listCatalogue(dir: string): string[] {
  return readdirSync(dir).filter((n) => n.endsWith('.json') && !n.startsWith('.'));
}

const sameStat = (a: StatSig, b: StatSig) =>
  a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs && a.ino === b.ino;

/**
 * A file modified within the timestamp granularity of the moment the last run read it can change again with the
 * same size and mtime; git calls this "racily clean". Such a file is not trusted and is read again. (Only mtime is
 * compared with the run's start: ctime moves on any metadata change, and is part of the signature anyway.)
 */
const racy = (sig: StatSig, scanStartedAt: number) => sig.mtimeMs >= scanStartedAt - RACY_MS;

function readOrNull(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** The ids of the story files v2/ holds (when there is no index to say). */
function storiesOnDisk(out: string): Set<string> {
  try {
    return new Set(listCatalogue(join(out, STORIES_DIR)).map(idOfFileName));
  } catch {
    return new Set();
  }
}

export async function collect(input: CollectInput): Promise<Collected> {
  const { catalogue, out, check, previous, journal, now } = input;
  const scanStartedAt = Date.now();
  const old = previous?.table ?? new StoryTable();
  const unknownAll = !previous || journal?.stories === 'all';
  const journalIds = new Set(Array.isArray(journal?.stories) ? journal.stories : []);
  const disk = !previous && !check ? storiesOnDisk(out) : null;

  // 0: not in the catalogue; 1: unchanged (copied as it is); 2: read again.
  const seen = new Uint8Array(old.count);
  const names = listCatalogue(catalogue);
  /** Ids of catalogue files the index lacks (with `seen`, what the catalogue holds: no million-entry set). */
  const newIds = new Set<string>();
  let files = 0;
  const tasks: StoryTask[] = [];
  // While threads stat the files, this one builds the index's id lookup.
  const statted = await statAll(catalogue, names, { meanwhile: () => old.indexOf('') });
  for (let f = 0; f < names.length; f++) {
    const name = names[f]!;
    const at = f * STAT_STRIDE;
    // A symbolic link is never followed: reading it (O_NOFOLLOW) reports it as a problem, and the run fails.
    if (statted[at + 4] === 2) tasks.push({ n: f, name, compare: 'check' });
    if (statted[at + 4] !== 1) continue; // not a file, or removed while we looked
    const id = name.slice(0, -'.json'.length);
    files++;
    const sig = { size: statted[at]!, mtimeMs: statted[at + 1]!, ctimeMs: statted[at + 2]!, ino: statted[at + 3]! };
    const o = old.indexOf(id);
    const unknown = unknownAll || journalIds.has(id);
    if (o === undefined) newIds.add(id);
    else {
      seen[o] = 2;
      const trusted = !check && !input.full && !unknown && old.isLive(o) && previous !== null;
      if (trusted && sameStat(old.statOf(o), sig) && !racy(sig, previous.meta.scanStartedAt)) {
        seen[o] = 1;
        continue;
      }
    }
    let compare: Compare;
    if (check) compare = 'check';
    else if (unknown) compare = disk && !disk.has(id) ? 'write' : 'disk';
    else compare = o === undefined ? 'write' : old.hashOf(o).slice();
    tasks.push({ n: f, name, compare }); // n: the file's number, for its stat signature
  }
  const inCatalogue = (id: string) => {
    const o = old.indexOf(id);
    return o === undefined ? newIds.has(id) : seen[o] !== 0;
  };

  input.mark?.('scan');
  const table = StoryTable.inheriting(old);
  const more = newIds.size + 64;
  table.reserveTotal(old.count + more, old.keyCount + 4 * more, old.siteRefCount + 4 * more);
  const dirty = new Uint8Array(SHARD_COUNT);
  const problems: PublishProblem[] = [];
  const warnings: PublishProblem[] = [];
  const staged: string[] = [];
  const events = new Map<string, EventStory>();
  const fromDay = windowStart(input.now, input.eventDays ?? DEFAULT_EVENT_DAYS);
  const ctx = { catalogueDir: catalogue, storiesDir: join(out, STORIES_DIR), eventFromDay: fromDay };
  // A first publication (no v2/ before the run: nothing is served) writes story files in place; any other run
  // stages them, to be renamed into place once the whole catalogue is known to be valid.
  const storyDir = input.fresh ? ctx.storiesDir : input.stagingDir;
  if (!check) mkdirSync(storyDir, { recursive: true });
  await readStories(ctx, tasks, input.workers ?? defaultWorkers(tasks.length), (done) => {
    if (!done.ok) {
      problems.push(...done.problems);
      return;
    }
    done.related.forEach((r, i) => {
      if (inCatalogue(r)) return;
      warnings.push({ file: done.name, path: `related.${i}.id`, message: `"${r}" is not in this catalogue` });
    });
    const at = done.n * STAT_STRIDE;
    const [size, mtimeMs, ctimeMs, ino] = statted.subarray(at, at + STAT_FIELDS);
    const s = table.add({
      id: done.id,
      hash: done.hash,
      stat: { size: size!, mtimeMs: mtimeMs!, ctimeMs: ctimeMs!, ino: ino! },
      withdrawnAt: 0,
      hasTitleKey: done.hasTitleKey,
      keys: done.keys,
      sites: done.sites,
    });
    markChange(dirty, old, old.indexOf(done.id), table, s);
    if (done.text !== null) {
      writeFileSync(join(storyDir, `${done.id}.json`), done.text);
      staged.push(done.id);
      if (done.event && done.event.day >= fromDay) events.set(done.id, done.event);
    }
  });
  const readCount = table.count;
  input.mark?.('read');

  // Unchanged records, in runs (a few hundred runs for a hundred changes in a million).
  for (let o = 0; o < old.count;) {
    if (seen[o] !== 1) {
      o++;
      continue;
    }
    let end = o + 1;
    while (end < old.count && seen[end] === 1) end++;
    table.copyRange(old, o, end);
    o = end;
  }

  // Withdrawals: in the index, no longer in the catalogue.
  const tombstones: { id: string; text: string }[] = [];
  const withdraw = (id: string, o: number | undefined, at: Date) => {
    const text = tombstoneText(id, at);
    const s = table.add({
      id,
      hash: hashText(text),
      stat: null,
      withdrawnAt: at.getTime(),
      hasTitleKey: false,
      keys: new Uint8Array(0),
      sites: [],
    });
    if (o !== undefined) markChange(dirty, old, o, table, s);
    return text;
  };
  for (let o = 0; o < old.count; o++) {
    if (seen[o] !== 0) continue;
    const id = old.ids[o]!;
    if (old.isLive(o)) tombstones.push({ id, text: withdraw(id, o, now) });
    else {
      table.copy(old, o);
      const text = tombstoneText(id, new Date(old.withdrawnAt[o]!));
      if ((unknownAll || journalIds.has(id)) && readOrNull(join(out, STORIES_DIR, `${id}.json`)) !== text) {
        tombstones.push({ id, text });
      }
    }
  }
  // Story files an interrupted run (or a lost index) left for ids that are in neither: withdrawn too.
  const strays = [...(disk ?? []), ...journalIds].filter((id) => !inCatalogue(id) && old.indexOf(id) === undefined);
  for (const id of new Set(strays)) {
    const found = readOrNull(join(out, STORIES_DIR, `${id}.json`));
    if (found === null) continue;
    let parsed;
    try {
      parsed = parseStoryFile(JSON.parse(found));
    } catch {
      parsed = null;
    }
    const tombstone = parsed?.ok && isWithdrawn(parsed.value) && parsed.value.id === id ? parsed.value : null;
    const at = tombstone ? new Date(tombstone.withdrawnAt) : now;
    const text = withdraw(id, undefined, at);
    if (text !== found) tombstones.push({ id, text });
  }

  input.mark?.('withdrawals');
  if (unknownAll || journal?.prefixes === 'all') dirty.fill(1);
  else if (Array.isArray(journal?.prefixes)) for (const p of journal.prefixes) dirty[p] = 1;

  return {
    table,
    readCount,
    files,
    problems,
    warnings,
    staged,
    events,
    tombstones,
    dirty,
    unknownDisk: unknownAll,
    recordsChanged: tasks.length > 0 || tombstones.length > 0 || table.count !== old.count || !previous,
    scanStartedAt,
  };
}
