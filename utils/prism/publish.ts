/**
 * The reference PRISM publisher, in memory: story files in, every file of a v2 publication out. Small catalogues
 * and the tests use it; the real catalogue goes through the streaming, incremental publisher
 * (scripts/lib/publisher/), which must produce the same files (tests/unit/scripts/prism-publish.incremental.test.ts).
 */
import { buildKeySet, KEYSET_FORMAT, readKeySet } from './keyset';
import { choosePrefixLength, keyPrefix, PREFIX_LENGTH, sha256hexOfBytes } from './keys';
import { eventIndexFile } from '../match/publish-events';
import type { LookupEntry, Story } from './schema';
import {
  keysetPath,
  keysetRef,
  META_PATH,
  catalogueSites,
  metaText,
  prefixNumber,
  SHARD_COUNT,
  shardPath,
  shardText,
  storyPath,
} from './publish-format';
import { entryOf, prepareStory, type PreparedStory, type PublishProblem } from './publish-story';

export type { PublishProblem } from './publish-story';

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
