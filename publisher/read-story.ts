/**
 * One catalogue file, read by a worker (or in-process): validated and turned into its published text
 * (publisher/format/publish-story.ts) and hashed. What goes back to the main thread is compact (id, hash, key bytes,
 * sites, related ids), plus the text when it differs from what is published: the main thread writes it (files
 * created in one folder by several threads at once contend for the folder's lock: docs/bench.md).
 */
import { createHash } from 'node:crypto';
import { closeSync, constants, fstatSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { eventStory } from '../utils/match/from-stories';
import type { EventStory } from '../utils/match/matcher';
import { putHex } from './format/publish-format';
import { HASH_BYTES, KEY_BYTES } from './format/publish-index';
import { MAX_STORY_FILE_BYTES, prepareStory, type PublishProblem } from './format/publish-story';
import type { Story } from '../utils/prism/schema';

export interface ReadContext {
  catalogueDir: string;
  /** `<out>/v2/stories`: where 'disk' comparisons look. */
  storiesDir: string;
  /** The event index's first day (days since the epoch): a story written from then on comes with its terms. */
  eventFromDay?: number;
}

/**
 * How to tell whether the story's file must be written: against the hash the index has for it, against the file on
 * disk ('disk': after an interrupted run, or with no index), not at all ('check': validate only), or 'write' (new).
 */
export type Compare = Uint8Array | 'disk' | 'write' | 'check';

export interface StoryTask {
  /** The task's number, given back with its result. */
  n: number;
  name: string;
  compare: Compare;
}

export type StoryDone =
  | {
      ok: true;
      n: number;
      name: string;
      id: string;
      hash: Uint8Array;
      keys: Uint8Array;
      hasTitleKey: boolean;
      sites: string[];
      related: string[];
      /** The story file's text, when it must be written (it differs from what is published). */
      text: string | null;
      /** Its terms for the event index (same-event matching), when it must be written. */
      event: EventStory | null;
    }
  | { ok: false; n: number; name: string; problems: PublishProblem[] };

export const hashText = (text: string) =>
  new Uint8Array(createHash('sha256').update(text).digest().subarray(0, HASH_BYTES));

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => b[i] === x);

function readOrNull(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

class TooLarge extends Error {}

/**
 * A catalogue file's text: never through a symbolic link (O_NOFOLLOW: a link could name any file on the machine,
 * and a problem message would quote it), and never more than MAX_STORY_FILE_BYTES of it.
 */
function readCatalogueFile(path: string): string {
  const fd = openSync(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
  try {
    if (fstatSync(fd).size > MAX_STORY_FILE_BYTES) throw new TooLarge();
    return readFileSync(fd, 'utf8');
  } finally {
    closeSync(fd);
  }
}

export const stagedPath = (stagingDir: string, id: string) => join(stagingDir, `${id}.json`);

/** The story's event-index terms when it was published on or after `fromDay` (the others cost nothing). */
function eventOf(text: string, fromDay: number): EventStory | null {
  const story = JSON.parse(text) as Story;
  return Math.floor(Date.parse(story.publishedAt) / 86_400_000) >= fromDay ? eventStory(story) : null;
}

export async function readStory(ctx: ReadContext, task: StoryTask): Promise<StoryDone> {
  const { n, name, compare } = task;
  let text: string;
  const problem = (message: string): StoryDone => ({
    ok: false,
    n,
    name,
    problems: [{ file: name, path: '(file)', message }],
  });
  try {
    text = readCatalogueFile(join(ctx.catalogueDir, name));
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ELOOP') return problem("is a symbolic link; the publisher reads only the catalogue's own files");
    if (err instanceof TooLarge) return problem(`is larger than ${MAX_STORY_FILE_BYTES} bytes`);
    return problem(`cannot be read (${code ?? (err as Error).message})`);
  }
  const prepared = await prepareStory(name, text);
  if (!prepared.ok) return { ok: false, n, name, problems: prepared.problems };
  const story = prepared.story;
  const hash = hashText(story.text);
  let write: boolean;
  if (compare === 'check') write = false;
  else if (compare === 'write') write = true;
  else if (compare === 'disk') write = readOrNull(join(ctx.storiesDir, `${story.id}.json`)) !== story.text;
  else write = !sameBytes(compare, hash);
  const keys = new Uint8Array(story.keys.length * KEY_BYTES);
  story.keys.forEach((key, i) => putHex(key, keys, i * KEY_BYTES));
  return {
    ok: true,
    n,
    name,
    id: story.id,
    hash,
    keys,
    hasTitleKey: story.hasTitleKey,
    sites: story.places, // the index's site column holds the sites and the hosts (entryPlaces)
    related: story.related,
    text: write ? story.text : null,
    event: write ? eventOf(story.text, ctx.eventFromDay ?? 0) : null,
  };
}
