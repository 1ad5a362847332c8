/**
 * The test oracle: a whole v2 publication written in memory from story files, in one plain pass (no index, no
 * journal, no workers). Only tests use it. The real publisher (publisher/, `npm run prism:publish`) is streaming and
 * incremental; tests/unit/publisher/cli.oracle.test.ts checks it writes the same files as this one, and the tests of
 * the event index and of the publisher's commit use it to make their expected publications.
 */
import { buildKeySet, KEYSET_FORMAT, readKeySet } from '../../../utils/prism/keyset';
import { choosePrefixLength, keyPrefix, PREFIX_LENGTH, sha256hexOfBytes } from '../../../utils/prism/keys';
import { eventIndexFile } from '../../../publisher/format/publish-events';
import type { LookupEntry, Story } from '../../../utils/prism/schema';
import {
  keysetPath,
  keysetRef,
  META_PATH,
  catalogueSites,
  metaText,
  SHARD_COUNT,
  shardPath,
  shardText,
  storyPath,
} from '../../../publisher/format/publish-format';
import {
  entryOf,
  prepareStory,
  type PreparedStory,
  type PublishProblem,
} from '../../../publisher/format/publish-story';

/** A shard's number from its hex name (`'abcde'` → 0xabcde). */
export const prefixNumber = (name: string) => Number.parseInt(name, 16);

export interface SourceFile {
  /** File name, e.g. `belarus-pivot.json`; the story id must be its stem. */
  name: string;
  text: string;
}

export type PublishResult =
  | { ok: true; files: Map<string, string | Uint8Array>; stories: number; keys: number; warnings: PublishProblem[] }
  | { ok: false; problems: PublishProblem[] };

/** A clash: blame the later file (by name), on the field the key came from. */
function clashProblem(file: string, story: PreparedStory, key: string, owner: { id: string; file: string }) {
  const isTitle = story.hasTitleKey && story.keys.at(-1) === key;
  return {
    file,
    path: isTitle ? 'source.title' : 'source.url/aliases',
    message: `gives the same lookup key as story "${owner.id}" (${owner.file})`,
  };
}

export interface PublishInMemoryOptions {
  /** The event index holds the stories of the last this many days (default 30). */
  eventDays?: number;
}

export async function publish(
  sources: SourceFile[],
  now: Date = new Date(),
  options: PublishInMemoryOptions = {},
): Promise<PublishResult> {
  const problems: PublishProblem[] = [];
  const warnings: PublishProblem[] = [];
  const stories: { file: string; story: PreparedStory }[] = [];
  for (const { name, text } of [...sources].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const prepared = await prepareStory(name, text);
    if (prepared.ok) stories.push({ file: name, story: prepared.story });
    else problems.push(...prepared.problems);
  }

  // Every key must lead to one story: two stories claiming one source URL or headline is an error in the catalogue.
  const owner = new Map<string, { id: string; file: string; places: string[] }>();
  for (const { file, story } of stories) {
    for (const key of story.keys) {
      const prev = owner.get(key);
      if (prev) problems.push(clashProblem(file, story, key, prev));
      else owner.set(key, { id: story.id, file, places: story.places });
    }
  }
  const ids = new Set(stories.map((s) => s.story.id));
  for (const { file, story } of stories) {
    story.related.forEach((id, i) => {
      if (!ids.has(id)) warnings.push({ file, path: `related.${i}.id`, message: `"${id}" is not in this catalogue` });
    });
  }
  if (problems.length > 0) return { ok: false, problems };

  const files = new Map<string, string | Uint8Array>();
  for (const { story } of stories) files.set(storyPath(story.id), story.text);
  const shards = new Map<string, LookupEntry[]>();
  const counts = new Uint32Array(SHARD_COUNT);
  for (const key of owner.keys()) counts[prefixNumber(key.slice(0, PREFIX_LENGTH))]!++;
  const prefixLength = choosePrefixLength(counts);
  for (const key of [...owner.keys()].sort()) {
    const { id, places } = owner.get(key)!;
    const prefix = keyPrefix(key, prefixLength);
    const entries = shards.get(prefix) ?? [];
    entries.push(entryOf(key, id, places));
    shards.set(prefix, entries);
  }
  for (const [prefix, entries] of shards) files.set(shardPath(prefix), shardText(entries));
  const keyset = buildKeySet(owner.keys());
  const sha256 = await sha256hexOfBytes(keyset);
  files.set(keysetPath(sha256), keyset);
  const keys = readKeySet(keyset).count;
  const ref = { path: keysetRef(sha256), sha256, format: KEYSET_FORMAT, keys, bytes: keyset.length };
  // Same-event matching (utils/match): the recent stories' terms, beside the key set.
  const live = stories.map(({ story }) => JSON.parse(story.text) as Story).filter((s) => !('withdrawn' in s));
  const events = await eventIndexFile(live, now, options.eventDays);
  files.set(events.path, events.bytes);
  const sites = catalogueSites(stories.map(({ story }) => story.sites));
  files.set(META_PATH, metaText(now, stories.length, ref, prefixLength, events.ref, sites));
  return { ok: true, files, stories: stories.length, keys: owner.size, warnings };
}
