/**
 * PRISM API contract v2: the one schema the extension, the publisher and the tests share.
 * docs/prism-api.md describes it for people; this file is what is enforced.
 *
 * Two version numbers, on purpose: API_VERSION names the contract (the `/v2/` paths, `meta.json`, the key set and the
 * shards); STORY_FORMAT is the version of a story document, which v2 did not change, so stories saved in a reader's
 * library and library exports stay valid.
 */
import * as v from 'valibot';
import { isHttpUrlText } from '../safe-url';

export const API_VERSION = 2 as const;
export const STORY_FORMAT = 1 as const;
/** Every path of the contract starts with this, after the API base. */
export const API_PREFIX = `v${API_VERSION}` as const;

const nonEmpty = (what: string) => v.pipe(v.string(), v.trim(), v.minLength(1, `${what} must not be empty`));

/** Only http(s) links are ever shown or opened. */
export const HttpUrl = v.pipe(
  v.string(),
  v.url('must be an absolute URL'),
  v.check(isHttpUrlText, 'must be an http(s) URL'),
);
const HttpsUrl = v.pipe(
  v.string(),
  v.url('must be an absolute URL'),
  v.check((s) => /^https:\/\//i.test(s), 'must be an https URL'),
);

/** The id rule: what may stand in a file name (`stories/<id>.json`), never a path of its own. */
const STORY_ID_PATTERN = /^[a-z0-9-]{1,128}$/;
export const isStoryId = (id: unknown): id is string => typeof id === 'string' && STORY_ID_PATTERN.test(id);
export const StoryId = v.pipe(v.string(), v.regex(STORY_ID_PATTERN, 'must match [a-z0-9-]{1,128}'));

const IsoDate = v.pipe(v.string(), v.isoTimestamp('must be an ISO 8601 timestamp, e.g. 2025-12-14T09:00:00Z'));

export const Lang = v.picklist(['en', 'ko'], 'must be "en" or "ko"');
export type Lang = v.InferOutput<typeof Lang>;

const Insight = v.object({
  title: nonEmpty('insight title'),
  body: v.pipe(v.array(nonEmpty('paragraph')), v.minLength(1, 'needs at least one paragraph')),
});

export const Edition = v.object({
  title: nonEmpty('title'),
  summary: nonEmpty('summary'),
  body: v.pipe(v.array(nonEmpty('paragraph')), v.minLength(1, 'needs at least one paragraph')),
  insight: v.optional(Insight),
  tags: v.array(nonEmpty('tag')),
});
export type Edition = v.InferOutput<typeof Edition>;

const Related = v.object({
  id: StoryId,
  title: nonEmpty('title'),
  summary: v.string(),
  category: v.string(),
  lang: Lang,
  url: HttpsUrl,
});

export const Story = v.object({
  v: v.literal(STORY_FORMAT, 'must be 1'),
  id: StoryId,
  url: HttpsUrl,
  category: nonEmpty('category'),
  publishedAt: IsoDate,
  source: v.object({ url: HttpUrl, publisher: nonEmpty('publisher'), title: nonEmpty('title') }),
  aliases: v.array(HttpUrl),
  editions: v.pipe(
    v.object({ en: v.optional(Edition), ko: v.optional(Edition) }),
    v.check((e) => Boolean(e.en || e.ko), 'needs at least one edition (en or ko)'),
  ),
  disclaimer: v.object({ ko: nonEmpty('Korean disclaimer'), en: nonEmpty('English disclaimer') }),
  related: v.array(Related),
});
export type Story = v.InferOutput<typeof Story>;

/**
 * What a story file holds once PRISM has withdrawn the story: small and valid, so a client drops its cached copy
 * (a copy in the reader's library is kept, marked as withdrawn).
 */
export const WithdrawnStory = v.object({
  v: v.literal(STORY_FORMAT, 'must be 1'),
  id: StoryId,
  withdrawn: v.literal(true),
  withdrawnAt: IsoDate,
});
export type WithdrawnStory = v.InferOutput<typeof WithdrawnStory>;

/** A story file: the story, or its tombstone. */
export type StoryFile = Story | WithdrawnStory;
export const isWithdrawn = (file: StoryFile): file is WithdrawnStory => 'withdrawn' in file;

const Key = v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hex digits'));

/** A registrable domain (`bbc.co.uk`), an IP address or `localhost`, as utils/url/site.ts computes it. */
const Site = v.pipe(v.string(), v.regex(/^[a-z0-9.:[\]-]{1,253}$/, 'must be a lower-case host name'));

/** A host as `hostOf` gives it: a host name, and on a host shared by path the owner's part (`medium.com/@alice`). */
const Host = v.pipe(
  v.string(),
  v.regex(/^[a-z0-9.:[\]-]{1,253}(\/[^/\s]{1,256}){0,2}$/, 'must be a lower-case host name, and an owner path'),
);

export const LookupEntry = v.object({
  key: Key,
  story: StoryId,
  /**
   * The sites of the story's source URL and aliases: a match is *confirmed* only when the page is on one of them
   * (a page cannot borrow another site's analysis by declaring its address or copying its headline).
   */
  sites: v.pipe(v.array(Site), v.minLength(1, 'needs at least one site'), v.maxLength(64)),
  /**
   * The hosts of the story's source URL and aliases (utils/url/site.ts `hostOf`; since publisher format 3): a page's
   * declared address or headline confirms a match only on one of them. Absent (an older publication): only the
   * page's own address confirms.
   */
  hosts: v.optional(v.pipe(v.array(Host), v.maxLength(64))),
});
export type LookupEntry = v.InferOutput<typeof LookupEntry>;

export const LookupShard = v.object({
  v: v.literal(API_VERSION, 'must be 2'),
  entries: v.array(LookupEntry),
});
export type LookupShard = v.InferOutput<typeof LookupShard>;

/** The key-set file, content-addressed: its SHA-256 is in its name, and a client checks it. */
export const KeySetRef = v.object({
  path: v.pipe(v.string(), v.regex(/^keyset\/[0-9a-f]{64}\.bin$/, 'must be keyset/<sha256>.bin')),
  sha256: v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hex digits')),
  format: v.pipe(v.string(), v.minLength(1), v.maxLength(32)),
  keys: v.pipe(v.number(), v.integer(), v.minValue(0)),
  bytes: v.pipe(v.number(), v.integer(), v.minValue(0)),
});
export type KeySetRef = v.InferOutput<typeof KeySetRef>;

/**
 * The event index (same-event matching, utils/match/event-index.ts), content-addressed like the key set. Optional:
 * a publication without it (or a client that does not know it) still works.
 */
export const EventIndexRef = v.object({
  path: v.pipe(v.string(), v.regex(/^events\/[0-9a-f]{64}\.bin$/, 'must be events/<sha256>.bin')),
  sha256: v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hex digits')),
  format: v.pipe(v.string(), v.minLength(1), v.maxLength(32)),
  stories: v.pipe(v.number(), v.integer(), v.minValue(0)),
  days: v.pipe(v.number(), v.integer(), v.minValue(1)),
  bytes: v.pipe(v.number(), v.integer(), v.minValue(0)),
});
export type EventIndexRef = v.InferOutput<typeof EventIndexRef>;

/** `{base}/v2/meta.json`: the one file a client polls (`cache: 'no-store'`); it names the current key set. */
export const Meta = v.object({
  v: v.literal(API_VERSION, 'must be 2'),
  generatedAt: IsoDate,
  stories: v.pipe(v.number(), v.integer(), v.minValue(0)),
  keyset: KeySetRef,
  events: v.optional(EventIndexRef),
  /**
   * Revision 2.2: the registrable domains the catalogue's stories come from (link marks are on there by default).
   * Read loosely (utils/link-marks/sites.ts parseCatalogueSites): a bad list is ignored, never the whole meta.json.
   */
  sites: v.optional(v.unknown()),
  /**
   * Revision 2.1: the shards' prefix length in hex digits (0: the one shard `lookup/all.json`), chosen by the
   * publisher so that every shard holds at least 128 keys. Absent: 5. Anything but a whole number from 0 to 5 makes
   * the whole meta.json unreadable (the client keeps what it has).
   */
  lookup: v.optional(
    v.object({
      prefixLength: v.pipe(v.number(), v.integer(), v.minValue(0, 'must be 0 to 5'), v.maxValue(5, 'must be 0 to 5')),
    }),
  ),
});
export type Meta = v.InferOutput<typeof Meta>;

export interface SchemaProblem {
  /** Dotted path of the field, e.g. `editions.ko.title` or `related.2.url`. */
  path: string;
  message: string;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; problems: SchemaProblem[] };

function parseWith<S extends v.GenericSchema>(schema: S, input: unknown): Parsed<v.InferOutput<S>> {
  const result = v.safeParse(schema, input);
  if (result.success) return { ok: true, value: result.output };
  return {
    ok: false,
    problems: result.issues.map((issue) => ({
      path: v.getDotPath(issue) ?? '(root)',
      message: issue.message,
    })),
  };
}

export const parseStory = (input: unknown) => parseWith(Story, input);
/** A story file: a tombstone when it says `withdrawn`, else a story (so problems name the story's own fields). */
export function parseStoryFile(input: unknown): Parsed<StoryFile> {
  const tombstone = typeof input === 'object' && input !== null && 'withdrawn' in input;
  return tombstone ? parseWith(WithdrawnStory, input) : parseWith(Story, input);
}
export const parseLookupShard = (input: unknown) => parseWith(LookupShard, input);
export const parseMeta = (input: unknown) => parseWith(Meta, input);

/** `path: message; …`, at most `max` problems (then "and N more"). */
export function formatProblems(problems: SchemaProblem[], max = Infinity): string {
  const shown = problems.slice(0, max).map((p) => `${p.path}: ${p.message}`);
  if (problems.length > max) shown.push(`and ${problems.length - max} more`);
  return shown.join('; ');
}
