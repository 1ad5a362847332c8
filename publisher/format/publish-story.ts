/**
 * One catalogue file as the publisher sees it: parsed, validated, its lookup keys and sites computed, and the exact
 * text of its published story file. Pure (no I/O): the publisher's workers (publisher/read-story.ts) and the test
 * oracle (tests/unit/support/publish-oracle.ts) both call it, so the two can never disagree about a story.
 */
import { parseStory, STORY_FORMAT, type LookupEntry, type Story, type WithdrawnStory } from '../../utils/prism/schema';
import { storyKeys, titleKey as titleKeyOf } from '../../utils/prism/keys';
import { hostOf, siteOf } from '../../utils/url/site';
import { toCanonicalUrl } from '../../utils/url/canonical';

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
const MAX_SITES = 64;
/**
 * A catalogue file larger than this is refused unread (the extension refuses story answers over 2 MiB:
 * client.ts MAX_BYTES.story; a catalogue file is the published text before its unknown fields are dropped).
 */
export const MAX_STORY_FILE_BYTES = 2 * 1024 * 1024;
/** Aliases per story: each is one more key in every reader's key set (an article has a few addresses, not hundreds). */
export const MAX_ALIASES = 32;
/** Keys per story: one per address (source and aliases) and the title's. */
const MAX_KEYS = MAX_ALIASES + 2;

/**
 * Whether an address is a site's home page (`https://news.example/`, `/index.html`, no query): as a story's source or
 * alias it would make every visit to that site's front page a match, and every such visit ask PRISM's server.
 */
export function isHomePage(url: string): boolean {
  const canonical = toCanonicalUrl(url);
  if (canonical === null) return false;
  const u = new URL(canonical);
  return /^\/(?:index\.[a-z]+)?$/i.test(u.pathname) && u.search === '';
}

/** JSON.parse's complaint without the text it quotes (a catalogue file could be any file the link pointed at). */
function jsonProblem(err: unknown): string {
  const at = /position (\d+)/.exec(err instanceof Error ? err.message : '')?.[1];
  return at === undefined ? 'not valid JSON' : `not valid JSON (at character ${at})`;
}

/** Pretty JSON and a newline: the form of every JSON file the publisher writes. */
export const jsonText = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;

const storyText = (story: Story) => jsonText(story);

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
  if (text.length > MAX_STORY_FILE_BYTES) return fail('(file)', `is larger than ${MAX_STORY_FILE_BYTES} bytes`);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    return fail('(file)', jsonProblem(err));
  }
  const parsed = parseStory(data);
  if (!parsed.ok) return { ok: false, problems: parsed.problems.map((p) => ({ file: name, ...p })) };
  const story = parsed.value;
  if (story.id !== idOfFileName(name)) return fail('id', `is "${story.id}" but the file is named ${name}`);
  if (story.aliases.length > MAX_ALIASES) return fail('aliases', `are ${story.aliases.length}; at most ${MAX_ALIASES}`);
  if (isHomePage(story.source.url)) return fail('source.url', "is a site's home page, not an article");
  const home = story.aliases.findIndex(isHomePage);
  if (home >= 0) return fail(`aliases.${home}`, "is a site's home page: every visit to it would match this story");

  const sites = storySites(story);
  if (sites.length === 0) return fail('source.url', 'has no site (registrable domain), nor has any alias');
  if (sites.length > MAX_SITES) return fail('aliases', `are on ${sites.length} sites; at most ${MAX_SITES}`);
  const hosts = storyHosts(story);
  if (hosts.length > MAX_SITES) return fail('aliases', `are on ${hosts.length} hosts; at most ${MAX_SITES}`);

  const keys = await storyKeys(story);
  if (keys.length > MAX_KEYS) return fail('aliases', `make ${keys.length} lookup keys; at most ${MAX_KEYS}`);
  const published = storyText(story);
  if (new TextEncoder().encode(published).length > MAX_STORY_FILE_BYTES) {
    return fail('(file)', `would be published larger than ${MAX_STORY_FILE_BYTES} bytes, which readers refuse`);
  }
  const title = await titleKeyOf(story.source.title, story.source.publisher);
  return {
    ok: true,
    story: {
      id: story.id,
      text: published,
      keys,
      hasTitleKey: title !== null && keys.at(-1) === title,
      sites,
      hosts,
      places: entryPlaces(sites, hosts),
      related: story.related.map((r) => r.id),
    },
  };
}
