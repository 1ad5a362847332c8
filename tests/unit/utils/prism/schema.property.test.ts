/**
 * Properties of the PRISM API schema (utils/prism/schema.ts): no link whose scheme is not http(s) ever gets through
 * a story (the UI renders and opens these links), and parsing any value at all returns a result with problems
 * instead of throwing (the client parses whatever the network or a library file hands it).
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatProblems,
  parseLookupShard,
  parseMeta,
  parseStory,
  parseStoryFile,
  type Parsed,
  type Story,
} from '../../../../utils/prism/schema';
import { safeHref } from '../../../../utils/safe-url';
import { makeStory } from '../../../fixtures/story';

// ---------------------------------------------------------------------------------------------------------------
// Hostile links
// ---------------------------------------------------------------------------------------------------------------

const DANGEROUS_SCHEMES = [
  'javascript',
  'data',
  'vbscript',
  'file',
  'chrome-extension',
  'moz-extension',
  'about',
  'blob',
  'view-source',
  'filesystem',
  'ftp',
  'ws',
  'wss',
  'mailto',
  'tel',
  'intent',
  'jar',
  'ms-settings',
  'livescript',
  'httpx',
  'http2',
];
/** What the URL parser strips before the scheme (C0 controls and space) and what it does not (NBSP, BOM, ZWSP). */
const LEADING = [' ', '\t', '\n', '\r', '\u0000', '\u0001', '\u001f', '\u00a0', '\ufeff', '\u200b', '\u3000'];
/** What the URL parser removes anywhere (tab, CR, LF): `java\tscript:` is `javascript:` to a browser. */
const STRIPPED = ['\t', '\n', '\r'];

const schemeSpelling = fc
  .tuple(
    fc.constantFrom(...DANGEROUS_SCHEMES),
    fc.infiniteStream(
      fc.oneof({ weight: 6, arbitrary: fc.constant('') }, { weight: 1, arbitrary: fc.constantFrom(...STRIPPED) }),
    ),
  )
  .chain(([scheme, gaps]) => fc.mixedCase(fc.constant([...scheme].map((ch) => gaps.next().value + ch).join(''))));
const payload = fc.oneof(
  fc.constantFrom(
    'alert(1)',
    'alert(document.cookie)//https://example.com/',
    'text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==',
    'text/html,<script>alert(1)</script>',
    'msgbox(1)',
    '///etc/passwd',
    '//example.com/x',
    'https://example.com/',
    'abcdefghijklmnopabcdefghijklmnop/popup.html',
    '%0aalert(1)',
    'void(0)',
  ),
  fc.string(),
);
/** A link that must never be accepted: a non-http(s) scheme however it is spelled or padded. */
const hostileUrl = fc
  .tuple(
    fc.array(fc.constantFrom(...LEADING), { maxLength: 3 }),
    schemeSpelling,
    fc.constantFrom(':', ':', '&#58;', '%3A'),
    payload,
  )
  .map(([lead, scheme, colon, rest]) => `${lead.join('')}${scheme}${colon}${rest}`);
/** Links that look almost like http(s): padded, split, or with the scheme smuggled behind another one. */
const nearlyHttp = fc
  .tuple(
    fc.array(fc.constantFrom(...LEADING), { maxLength: 2 }),
    fc.constantFrom('http', 'https', 'HTTPS', 'ht\ttp', 'htt\nps', 'https\u0000', 'hxxps'),
    fc.constantFrom('://', ':/', ':', ':\\\\', '://\u0000'),
    fc.oneof(fc.domain(), fc.constantFrom('javascript:alert(1)', '', '@evil.example')),
    fc.webPath(),
  )
  .map(([lead, scheme, sep, host, path]) => `${lead.join('')}${scheme}${sep}${host}${path}`);
/** Every sort of string that might land in a link field. */
const anyLink = fc.oneof(
  { weight: 3, arbitrary: hostileUrl },
  { weight: 2, arbitrary: nearlyHttp },
  {
    weight: 2,
    arbitrary: fc.webUrl({
      validSchemes: ['http', 'https', 'HTTP', 'ftp', 'file'],
      withQueryParameters: true,
      withFragments: true,
    }),
  },
  { weight: 1, arbitrary: fc.string() },
  { weight: 1, arbitrary: fc.string({ unit: 'binary' }) },
);

/** Each link field of a story: where it sits (the problem's path) and whether only https is allowed there. */
type LinkField = { path: string; httpsOnly: boolean; set: (s: Story, url: string) => Story };
const LINK_FIELDS: LinkField[] = [
  { path: 'url', httpsOnly: true, set: (s, url) => ({ ...s, url }) },
  { path: 'source.url', httpsOnly: false, set: (s, url) => ({ ...s, source: { ...s.source, url } }) },
  { path: 'aliases.0', httpsOnly: false, set: (s, url) => ({ ...s, aliases: [url] }) },
  {
    path: 'aliases.2',
    httpsOnly: false,
    set: (s, url) => ({ ...s, aliases: ['https://a.example/1', 'http://a.example/2', url] }),
  },
  {
    path: 'related.0.url',
    httpsOnly: true,
    set: (s, url) => ({
      ...s,
      related: [{ id: 'rel', title: 'Related', summary: '', category: 'World', lang: 'en', url }],
    }),
  },
  {
    path: 'related.1.url',
    httpsOnly: true,
    set: (s, url) => ({
      ...s,
      related: [
        {
          id: 'rel-a',
          title: 'Related A',
          summary: '',
          category: 'World',
          lang: 'en',
          url: 'https://prism.example/en/a',
        },
        { id: 'rel-b', title: 'Related B', summary: 'Why', category: 'World', lang: 'ko', url },
      ],
    }),
  },
];
const linkField = fc.constantFrom(...LINK_FIELDS);

const paths = (r: Parsed<unknown>) => (r.ok ? [] : r.problems.map((p) => p.path));

describe('story links (properties)', () => {
  it('the fixture story is valid, so every rejection below is caused by the link alone', () => {
    for (const field of LINK_FIELDS) {
      const ok = field.set(makeStory(), field.httpsOnly ? 'https://example.com/x' : 'http://example.com/x');
      expect(parseStory(ok).ok).toBe(true);
    }
  });

  // If this fails, a story (from the API, the cache or an imported library file) can carry a `javascript:` or
  // `data:` link that the side panel renders as a clickable "Read the original" or related-story link.
  it('never accepts a link whose scheme is not http or https, however it is spelled or padded', () => {
    fc.assert(
      fc.property(linkField, hostileUrl, (field, url) => {
        const story = field.set(makeStory(), url);
        const result = parseStory(story);
        expect(result.ok).toBe(false);
        expect(paths(result)).toContain(field.path);
        expect(paths(parseStoryFile(story))).toContain(field.path);
      }),
      { numRuns: 1500 },
    );
  });

  // If this fails, some string that the schema accepts as a link would be opened by the browser as something
  // other than an http(s) page, or be dropped by safeHref at render time (a dead link in the UI).
  it('whatever it accepts in a link field, the browser reads as http(s) (https where required)', () => {
    fc.assert(
      fc.property(linkField, anyLink, (field, url) => {
        const result = parseStory(field.set(makeStory(), url));
        if (!result.ok) {
          expect([...new Set(paths(result))]).toEqual([field.path]);
          return;
        }
        const protocol = new URL(url).protocol;
        expect(field.httpsOnly ? ['https:'] : ['http:', 'https:']).toContain(protocol);
        expect(url).toMatch(field.httpsOnly ? /^https:\/\//i : /^https?:\/\//i);
        expect(safeHref(url)).toBeDefined();
      }),
      { numRuns: 1500 },
    );
  });

  // If this fails, a story's other fields still let through a link we never check: the only strings that are
  // validated as links are the ones listed in LINK_FIELDS, so this pins that list to the schema.
  it('a link in every link field at once is reported once per field', () => {
    fc.assert(
      fc.property(fc.array(hostileUrl, { minLength: LINK_FIELDS.length, maxLength: LINK_FIELDS.length }), (urls) => {
        let story = makeStory();
        LINK_FIELDS.forEach((field, i) => {
          story = field.set(story, urls[i]!);
        });
        const found = paths(parseStory(story));
        for (const field of LINK_FIELDS) {
          if (field.path === 'aliases.0' || field.path === 'related.0.url') continue; // overwritten by the later field
          expect(found).toContain(field.path);
        }
      }),
      { numRuns: 200 },
    );
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Any value
// ---------------------------------------------------------------------------------------------------------------

const PARSERS = { parseStory, parseStoryFile, parseLookupShard, parseMeta } as const;

/** Keys that the schemas look at, and keys that trip careless object handling. */
const schemaKey = fc.oneof(
  fc.constantFrom(
    'v',
    'id',
    'url',
    'source',
    'publisher',
    'title',
    'aliases',
    'editions',
    'en',
    'ko',
    'body',
    'tags',
    'insight',
    'disclaimer',
    'related',
    'withdrawn',
    'withdrawnAt',
    'entries',
    'key',
    'story',
    'sites',
    'keyset',
    'path',
    'sha256',
    'generatedAt',
    'stories',
    '__proto__',
    'constructor',
    'prototype',
    'toString',
    'valueOf',
    'length',
    '0',
  ),
  fc.string(),
);
const anyValue = fc.oneof(
  fc.jsonValue(),
  fc.anything({
    key: schemaKey,
    maxDepth: 4,
    withBigInt: true,
    withBoxedValues: true,
    withDate: true,
    withMap: true,
    withSet: true,
    withNullPrototype: true,
    withObjectString: true,
    withSparseArray: true,
    withTypedArray: true,
    withUnicodeString: true,
  }),
);

/** The fixture story as JSON with one subtree replaced by any JSON value (or removed). */
const mutatedStory = fc
  .tuple(fc.nat(), fc.option(fc.jsonValue(), { nil: undefined }), fc.constantFrom('story', 'tombstone'))
  .map(([pick, replacement, kind]) => {
    const doc: unknown =
      kind === 'story'
        ? JSON.parse(JSON.stringify(makeStory()))
        : { v: 1, id: 'test-story', withdrawn: true, withdrawnAt: '2025-12-14T09:00:00Z' };
    const slots: [Record<string, unknown>, string][] = [];
    const visit = (node: unknown) => {
      if (node === null || typeof node !== 'object') return;
      for (const key of Object.keys(node)) {
        slots.push([node as Record<string, unknown>, key]);
        visit((node as Record<string, unknown>)[key]);
      }
    };
    visit(doc);
    const [parent, key] = slots[pick % slots.length]!;
    if (replacement === undefined) delete parent[key];
    else parent[key] = replacement;
    return doc;
  });

function expectWellFormed(result: Parsed<unknown>) {
  if (result.ok) return;
  expect(result.problems.length).toBeGreaterThan(0);
  for (const p of result.problems) {
    expect(typeof p.path).toBe('string');
    expect(p.path.length).toBeGreaterThan(0);
    expect(typeof p.message).toBe('string');
    expect(p.message.length).toBeGreaterThan(0);
  }
  expect(typeof formatProblems(result.problems, 3)).toBe('string');
}

describe('parsing any value (properties)', () => {
  // If this fails, a malformed API response, cache row or library file crashes the caller (the side panel or the
  // import) instead of being reported as "invalid" with the fields at fault.
  it.each(Object.entries(PARSERS))('%s never throws on any value and explains each failure', (_name, parse) => {
    fc.assert(
      fc.property(anyValue, (value) => {
        expectWellFormed(parse(value));
      }),
      { numRuns: 400 },
    );
  });

  // Same for values close to a valid story or tombstone, where the parser gets deep before failing. If the
  // "stable" part fails, a story that was accepted changes when parsed again (e.g. a cached copy no longer equals
  // what was shown, or a library export stops round-tripping).
  it('a valid story with one field replaced or removed: never throws, and what it accepts parses to itself', () => {
    fc.assert(
      fc.property(mutatedStory, (doc) => {
        for (const parse of [parseStory, parseStoryFile]) {
          const result = parse(doc);
          expectWellFormed(result);
          if (result.ok) expect(parse(result.value)).toEqual(result);
        }
      }),
      { numRuns: 600 },
    );
  });
});
