/**
 * The second half of a run: changes v2/ in the order that keeps every reader's view whole (docs/deploy.md), then
 * commits the index. Story files (staged ones renamed into place, tombstones) → shards whose entries changed
 * (written, or removed when empty) → the key set under its content address → meta.json → old key sets past their
 * grace period removed → the index. Nothing is written whose bytes are already there.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildKeySet, KEYSET_FORMAT, readKeySet } from '../utils/prism/keyset';
import {
  eventsPath,
  keysetPath,
  keysetRef,
  LOOKUP_DIR,
  META_PATH,
  catalogueSites,
  metaText,
  metaWithoutTime,
  outputShardName,
  prefixOfBytes,
  shardPath,
  shardText,
  SHARD_COUNT,
  storyPath,
} from './format/publish-format';
import { encodeIndex, KEY_BYTES } from './format/publish-index';
import { ALL_SHARD, choosePrefixLength, PREFIX_LENGTH } from '../utils/prism/keys';
import { liveKeys, shardEntries, sortKeys, type SortedKeys } from './format/publish-plan';
import { API_PREFIX, type EventIndexRef, type KeySetRef, type Story } from '../utils/prism/schema';
import { decodeEventIndex, expandCatalogue } from '../utils/match/event-index';
import { DEFAULT_EVENT_DAYS, eventStory, windowStart } from '../utils/match/from-stories';
import type { EventCatalogue, EventStory } from '../utils/match/matcher';
import { eventIndexFileOf } from './format/publish-events';
import type { Collected } from './collect';
import { isExpired, keysetsOnDisk, nextHistory } from './keysets';
import { stagedPath } from './read-story';
import {
  INDEX_FILE,
  INDEX_FORMAT,
  PUBLISHER_FORMAT,
  README_FILE,
  README_TEXT,
  writeJournal,
  type IndexMeta,
  type Journal,
} from './state';
import { Writer } from './writer';

/** A journal longer than this says 'all' instead (the next run then checks everything against the disk). */
const MAX_JOURNAL_ITEMS = 200_000;

export interface CommitInput {
  out: string;
  writer: Writer;
  collected: Collected;
  sorted: SortedKeys;
  stagingDir: string;
  /** A first publication into a folder with no v2/ (nothing is served yet): files are written in place. */
  fresh: boolean;
  previous: IndexMeta | null;
  /** The interrupted run's journal, carried into this run's. */
  journal: Journal | null;
  now: Date;
  keysetGraceMs: number;
  /** The event index holds the stories of the last this many days (default 30). */
  eventDays?: number;
  mark?: (phase: string) => void;
}

function readOrNull(path: string): Buffer | null {
  try {
    return readFileSync(path);
  } catch {
    return null;
  }
}

const sha256hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

function journalOf(c: Collected, carried: Journal | null, base: number): Journal {
  const stories = new Set([...c.staged, ...c.tombstones.map((t) => t.id)]);
  if (Array.isArray(carried?.stories)) for (const id of carried.stories) stories.add(id);
  const prefixes: number[] = [];
  for (let p = 0; p < SHARD_COUNT; p++) if (c.dirty[p]) prefixes.push(p);
  return {
    base,
    stories: carried?.stories === 'all' || stories.size > MAX_JOURNAL_ITEMS ? 'all' : [...stories],
    prefixes: prefixes.length > MAX_JOURNAL_ITEMS ? 'all' : prefixes,
  };
}

/** Live keys per 5-hex prefix, over the whole table. */
function keyCounts(c: Collected): Uint32Array {
  const counts = new Uint32Array(SHARD_COUNT);
  const t = c.table;
  for (let s = 0; s < t.count; s++) {
    if (!t.isLive(s)) continue;
    for (let k = t.keyStart[s]!; k < t.keyStart[s + 1]!; k++) counts[prefixOfBytes(t.keys, k * KEY_BYTES)]!++;
  }
  return counts;
}

/** Shard file names (without `.json`) of prefix length `length`. */
const shardNamePattern = (length: number) =>
  length === 0 ? new RegExp(`^${ALL_SHARD}$`) : new RegExp(`^[0-9a-f]{${length}}$`);

async function writeShards(input: CommitInput, length: number, sorted: SortedKeys): Promise<void> {
  const { out, writer, collected: c } = input;
  const width = 16 ** (PREFIX_LENGTH - length);
  // With no index to trust, list the shards once rather than try to open a million that are not there.
  let existing: Set<string> | null = null;
  if (c.unknownDisk) {
    existing = new Set();
    try {
      for (const n of readdirSync(join(out, LOOKUP_DIR))) {
        if (n.endsWith('.json') && shardNamePattern(length).test(n.slice(0, -5))) existing.add(n.slice(0, -5));
      }
    } catch {
      // no shards yet
    }
  }
  // One thread: files created in one folder from several threads contend for the folder's lock (docs/bench.md).
  for (let start = 0; start < SHARD_COUNT; start += width) {
    let dirty = false;
    for (let p = start; !dirty && p < start + width; p++) dirty = c.dirty[p] === 1;
    if (!dirty) continue;
    const name = outputShardName(start, length);
    const rel = shardPath(name);
    const entries = [];
    for (let p = start; p < start + width; p++) entries.push(...shardEntries(c.table, sorted, p));
    const onDisk = existing && !existing.has(name) ? null : (readOrNull(join(out, rel))?.toString('utf8') ?? null);
    if (entries.length === 0) {
      if (onDisk !== null) await writer.remove(rel, 'shard');
      continue;
    }
    const text = shardText(entries);
    if (onDisk !== text) await writer.write(rel, text, 'shard', input.fresh);
  }
}

async function writeKeyset(input: CommitInput): Promise<KeySetRef> {
  const { out, writer, collected: c, previous } = input;
  const anyDirty = c.dirty.some((d) => d === 1);
  const current = previous?.keyset;
  // Membership changes only with some shard's entries: with none, the key set meta.json names stays.
  if (!anyDirty && current && readOrNull(join(out, keysetPath(current.sha256))) !== null) return current;
  const bytes = buildKeySet(liveKeys(c.table));
  const sha256 = sha256hex(bytes);
  const rel = keysetPath(sha256);
  const there = readOrNull(join(out, rel));
  if (there === null || sha256hex(there) !== sha256) await writer.write(rel, bytes, 'keyset');
  return { path: keysetRef(sha256), sha256, format: KEYSET_FORMAT, keys: readKeySet(bytes).count, bytes: bytes.length };
}

/**
 * The event index (same-event matching), written only when its bytes (and so its name) changed. Built from the
 * previous index (the one the meta.json on disk names, when it has the same window): its stories still in the window,
 * less those this run changed or withdrew, plus this run's changed stories (their terms computed where they were
 * read). So a run reads nothing more, and gives the same bytes as building from every story. Without a usable
 * previous index (another --event-days, a damaged file, a publication from before the index) it reads every live
 * story it did not change from v2/stories/; a first publication changes them all, so it reads none.
 */
async function writeEvents(input: CommitInput, metaBefore: string | null): Promise<EventIndexRef> {
  const { out, writer, collected: c } = input;
  const days = input.eventDays ?? DEFAULT_EVENT_DAYS;
  const from = windowStart(input.now, days);
  const readStory = (id: string): Story | null => {
    const text = readOrNull(join(out, storyPath(id)));
    if (!text) return null;
    const story = JSON.parse(text.toString('utf8')) as Story | { withdrawn: true };
    return 'withdrawn' in story ? null : story;
  };
  const previous = previousEvents(out, metaBefore, days);
  // This run's changed stories come with their terms (the readers computed them): nothing is read again for them.
  const staged = new Set(c.staged);
  let stories: EventStory[];
  if (previous) {
    const changed = new Set([...c.staged, ...c.tombstones.map((t) => t.id)]);
    stories = previous.stories.filter((s) => s.day >= from && !changed.has(s.id));
  } else {
    stories = [];
    const t = c.table;
    for (let s = 0; s < t.count; s++) {
      if (!t.isLive(s) || staged.has(t.ids[s]!)) continue;
      const story = readStory(t.ids[s]!);
      const event = story && eventStory(story);
      if (event && event.day >= from) stories.push(event);
    }
  }
  for (const id of c.staged) {
    const event = c.events.get(id);
    if (event) stories.push(event);
  }
  const catalogue: EventCatalogue = { stories };
  const file = await eventIndexFileOf(catalogue, days);
  const there = readOrNull(join(out, file.path));
  if (there === null || sha256hex(there) !== file.ref.sha256) await writer.write(file.path, file.bytes, 'events');
  return file.ref;
}

/** The event index the meta.json on disk names, if it has the window `days` and reads back whole. */
function previousEvents(out: string, metaBefore: string | null, days: number): EventCatalogue | null {
  try {
    const ref = metaBefore ? (JSON.parse(metaBefore) as { events?: EventIndexRef }).events : undefined;
    if (!ref || ref.days !== days || !/^[0-9a-f]{64}$/.test(ref.sha256)) return null;
    const bytes = readOrNull(join(out, eventsPath(ref.sha256)));
    if (!bytes || sha256hex(bytes) !== ref.sha256) return null;
    return expandCatalogue(decodeEventIndex(new Uint8Array(bytes)));
  } catch {
    return null;
  }
}

/**
 * Removes event index files that neither the new meta.json nor the one it replaced names (a reader holding the
 * previous meta.json can still fetch its index). Runs after meta.json is written.
 */
async function pruneEvents(input: CommitInput, current: string, metaBefore: string | null): Promise<void> {
  let previous: string | null = null;
  try {
    previous = metaBefore
      ? ((JSON.parse(metaBefore) as { events?: { sha256?: string } }).events?.sha256 ?? null)
      : null;
  } catch {
    previous = null;
  }
  let names: string[] = [];
  try {
    names = readdirSync(join(input.out, API_PREFIX, 'events'));
  } catch {
    return;
  }
  for (const name of names.sort()) {
    const sha = /^([0-9a-f]{64})\.bin$/.exec(name)?.[1];
    if (sha && sha !== current && sha !== previous) await input.writer.remove(eventsPath(sha), 'events');
  }
}

export async function commit(input: CommitInput): Promise<{ keyset: KeySetRef; generation: number }> {
  const { out, writer, collected: c, now, previous } = input;
  const generation = (previous?.generation ?? 0) + 1;
  if (previous) {
    const journal = journalOf(c, input.journal, previous.generation);
    writer.beforeFirstPublicationChange = () => writeJournal(writer, journal);
  }

  if (input.fresh)
    writer.counted('story', c.staged.length); // written in place while reading
  else for (const id of c.staged) await writer.moveInto(stagedPath(input.stagingDir, id), storyPath(id), 'story');
  for (const { id, text } of c.tombstones) await writer.write(storyPath(id), text, 'tombstone');
  input.mark?.('stories');
  // The anonymity set: the prefix length that leaves at least MIN_SHARD_KEYS keys in every shard (keys.ts).
  const length = choosePrefixLength(keyCounts(c));
  const previousLength = previous?.prefixLength ?? PREFIX_LENGTH;
  const width = 16 ** (PREFIX_LENGTH - length);
  if (length !== previousLength) c.dirty.fill(1);
  else {
    // A shard of several 5-hex prefixes is rewritten whole: all of its prefixes are read.
    for (let start = 0; start < SHARD_COUNT; start += width) {
      if (c.dirty.subarray(start, start + width).includes(1)) c.dirty.fill(1, start, start + width);
    }
  }
  const sorted = width === 1 && length === previousLength ? input.sorted : sortKeys(c.table, c.dirty);
  await writeShards(input, length, sorted);
  input.mark?.('shards');
  const keyset = await writeKeyset(input);
  input.mark?.('key set');

  const metaOnDisk = readOrNull(join(out, META_PATH))?.toString('utf8') ?? null;
  const events = await writeEvents(input, metaOnDisk);
  input.mark?.('event index');

  const meta = metaText(now, c.table.liveCount(), keyset, length, events, catalogueSites(liveSites(c.table)));
  const changed = Object.values(writer.counts).some((n) => n > 0);
  if (changed || metaOnDisk === null || metaWithoutTime(metaOnDisk) !== metaWithoutTime(meta)) {
    await writer.write(META_PATH, meta, 'meta');
  }

  await pruneEvents(input, events.sha256, metaOnDisk);

  const nowMs = now.getTime();
  let history = nextHistory(previous?.history ?? [], keyset.sha256, keysetsOnDisk(out), nowMs);
  for (const h of history.filter((h) => isExpired(h, nowMs, input.keysetGraceMs))) {
    await writer.remove(keysetPath(h.sha256), 'keyset');
  }
  history = history.filter((h) => !isExpired(h, nowMs, input.keysetGraceMs));

  // Shards of a previous prefix length stay for the grace period, then go.
  let previousPrefix = previous?.previousPrefix ?? null;
  if (length !== previousLength && previous) previousPrefix = { length: previousLength, supersededAt: nowMs };
  if (previousPrefix && nowMs - previousPrefix.supersededAt >= input.keysetGraceMs) {
    let names: string[] = [];
    try {
      names = readdirSync(join(out, LOOKUP_DIR));
    } catch {
      // no shards
    }
    for (const n of names) {
      if (n.endsWith('.json') && !shardNamePattern(length).test(n.slice(0, -5)))
        await writer.remove(shardPath(n.slice(0, -5)), 'shard');
    }
    previousPrefix = null;
  }
  const prefixChanged =
    length !== previousLength || JSON.stringify(previousPrefix) !== JSON.stringify(previous?.previousPrefix ?? null);

  const historyChanged = JSON.stringify(history) !== JSON.stringify(previous?.history ?? []);
  if (
    c.recordsChanged ||
    historyChanged ||
    prefixChanged ||
    writer.counts.meta > 0 ||
    previous?.keyset?.sha256 !== keyset.sha256
  ) {
    const indexMeta: IndexMeta = {
      format: INDEX_FORMAT,
      publisher: PUBLISHER_FORMAT,
      generation,
      scanStartedAt: c.scanStartedAt,
      keyset,
      history,
      prefixLength: length,
      previousPrefix,
    };
    await writer.writeChunks(INDEX_FILE, encodeIndex(c.table, indexMeta), 'index');
  }
  input.mark?.('meta, prune, index');
  if (readOrNull(join(out, README_FILE)) === null) await writer.write(README_FILE, README_TEXT, 'index');
  return { keyset, generation };
}

/** The live stories' sites and hosts (meta.json `sites`, revision 2.2). */
function* liveSites(table: Collected['table']): Generator<readonly string[]> {
  for (let s = 0; s < table.count; s++) if (table.isLive(s)) yield table.sitesOf(s);
}
