/**
 * One catalogue file as the publisher sees it: parsed, validated, its lookup keys and sites computed, and the exact
 * text of its published story file. Pure (no I/O): the in-memory publisher (publish.ts) and the streaming one's
 * workers (scripts/lib/publisher/) both call it, so the two can never disagree about a story.
 */
import { parseStory, STORY_FORMAT, type LookupEntry, type Story, type WithdrawnStory } from './schema';
import { storyKeys, titleKey as titleKeyOf } from './keys';
import { hostOf, siteOf } from '../url/site';

export interface PublishProblem {
  file: string;
  /** Dotted field path, `(file)` for the file as a whole. */
  path: string;
  message: string;
}

export interface PreparedStory {
  id: string;
  /** The published file's text: the validated story (unknown fields dropped), pretty JSON and a newline. */
  text: string;
  /** Lookup keys (64 hex): URL keys first, then the title key when `hasTitleKey`. No duplicates. */
  keys: string[];
  hasTitleKey: boolean;
  /** siteOf of source.url and each alias: deduplicated, sorted. */
  sites: string[];
  /** hostOf of source.url and each alias: deduplicated, sorted. */
  hosts: string[];
  /** What the publisher's index keeps for the shard entries: the sites, then the hosts marked (entryPlaces). */
  places: string[];
  /** Ids the story's related list names (checked against the catalogue by the caller). */
  related: string[];
}

export type Prepared = { ok: true; story: PreparedStory } | { ok: false; problems: PublishProblem[] };

/** A lookup entry may name at most this many sites (schema.ts LookupEntry). */
export const MAX_SITES = 64;

/** Pretty JSON and a newline: the form of every JSON file the publisher writes. */
export const jsonText = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

export const storyText = (story: Story) => jsonText(story);

/** The file of a withdrawn story (docs/prism-api.md): small, valid, and never rewritten once written. */
export function tombstoneText(id: string, withdrawnAt: Date): string {
  const tombstone: WithdrawnStory = { v: STORY_FORMAT, id, withdrawn: true, withdrawnAt: withdrawnAt.toISOString() };
  return jsonText(tombstone);
}

/** The story id a catalogue file name stands for (`<id>.json`). */
export const idOfFileName = (name: string) => name.replace(/\.json$/i, '');

/** The sites a story's shard entries carry. */
export function storySites(story: Pick<Story, 'source' | 'aliases'>): string[] {
  const sites = new Set<string>();
  for (const url of [story.source.url, ...story.aliases]) {
    const site = siteOf(url);
    if (site !== null) sites.add(site);
  }
  return [...sites].sort();
}

/**
 * A story's sites and hosts as one list (the publisher's index keeps them in one column): the sites, then each
 * host after HOST_MARK, which no site can start with. `entryOf` splits them again.
 */
const HOST_MARK = 'host:';
export const entryPlaces = (sites: readonly string[], hosts: readonly string[]) => [
  ...sites,
  ...hosts.map((h) => HOST_MARK + h),
];

/** The shard entry of `key`, of story `story` whose sites and hosts are `places` (entryPlaces). */
export function entryOf(key: string, story: string, places: readonly string[]): LookupEntry {
  const sites = places.filter((p) => !p.startsWith(HOST_MARK));
  const hosts = places.filter((p) => p.startsWith(HOST_MARK)).map((p) => p.slice(HOST_MARK.length));
  return { key, story, sites, ...(hosts.length > 0 ? { hosts } : {}) };
}

/** The hosts a story's shard entries carry (the same-host rule, utils/url/site.ts). */
export function storyHosts(story: Pick<Story, 'source' | 'aliases'>): string[] {
  const hosts = new Set<string>();
  for (const url of [story.source.url, ...story.aliases]) {
    const host = hostOf(url);
    if (host !== null) hosts.add(host);
  }
  return [...hosts].sort();
}

export async function prepareStory(name: string, text: string): Promise<Prepared> {
  const fail = (path: string, message: string): Prepared => ({ ok: false, problems: [{ file: name, path, message }] });
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    return fail('(file)', `not valid JSON (${(err as Error).message})`);
  }
  const parsed = parseStory(data);
  if (!parsed.ok) return { ok: false, problems: parsed.problems.map((p) => ({ file: name, ...p })) };
  const story = parsed.value;
  if (story.id !== idOfFileName(name)) return fail('id', `is "${story.id}" but the file is named ${name}`);

  const sites = storySites(story);
  if (sites.length === 0) return fail('source.url', 'has no site (registrable domain), nor has any alias');
  if (sites.length > MAX_SITES) return fail('aliases', `are on ${sites.length} sites; at most ${MAX_SITES}`);
  const hosts = storyHosts(story);
  if (hosts.length > MAX_SITES) return fail('aliases', `are on ${hosts.length} hosts; at most ${MAX_SITES}`);

  const keys = await storyKeys(story);
  const title = await titleKeyOf(story.source.title, story.source.publisher);
  return {
    ok: true,
    story: {
      id: story.id,
      text: storyText(story),
      keys,
      hasTitleKey: title !== null && keys.at(-1) === title,
      sites,
      hosts,
      places: entryPlaces(sites, hosts),
      related: story.related.map((r) => r.id),
    },
  };
}
