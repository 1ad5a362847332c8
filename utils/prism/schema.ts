/**
 * PRISM API contract v1: the one schema the extension, the publisher and the tests share.
 * docs/prism-api.md describes it for people; this file is what is enforced.
 */
import * as v from 'valibot';

export const API_VERSION = 1 as const;

const nonEmpty = (what: string) => v.pipe(v.string(), v.trim(), v.minLength(1, `${what} must not be empty`));

/** Only http(s) links are ever shown or opened. */
export const HttpUrl = v.pipe(
  v.string(),
  v.url('must be an absolute URL'),
  v.check((s) => /^https?:\/\//i.test(s), 'must be an http(s) URL'),
);
export const HttpsUrl = v.pipe(
  v.string(),
  v.url('must be an absolute URL'),
  v.check((s) => /^https:\/\//i.test(s), 'must be an https URL'),
);

export const StoryId = v.pipe(v.string(), v.regex(/^[a-z0-9-]{1,128}$/, 'must match [a-z0-9-]{1,128}'));

export const IsoDate = v.pipe(
  v.string(),
  v.isoTimestamp('must be an ISO 8601 timestamp, e.g. 2025-12-14T09:00:00Z'),
);

export const Lang = v.picklist(['en', 'ko'], 'must be "en" or "ko"');
export type Lang = v.InferOutput<typeof Lang>;

export const Insight = v.object({
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

export const Related = v.object({
  id: StoryId,
  title: nonEmpty('title'),
  summary: v.string(),
  category: v.string(),
  lang: Lang,
  url: HttpsUrl,
});
export type Related = v.InferOutput<typeof Related>;

export const Story = v.object({
  v: v.literal(API_VERSION, 'must be 1'),
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

export const Key = v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/, 'must be 64 lower-case hex digits'));

export const LookupShard = v.object({
  v: v.literal(API_VERSION, 'must be 1'),
  entries: v.array(v.object({ key: Key, story: StoryId })),
});
export type LookupShard = v.InferOutput<typeof LookupShard>;

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
export const parseLookupShard = (input: unknown) => parseWith(LookupShard, input);

/** `path: message; …`, at most `max` problems (then "and N more"). */
export function formatProblems(problems: SchemaProblem[], max = Infinity): string {
  const shown = problems.slice(0, max).map((p) => `${p.path}: ${p.message}`);
  if (problems.length > max) shown.push(`and ${problems.length - max} more`);
  return shown.join('; ');
}
