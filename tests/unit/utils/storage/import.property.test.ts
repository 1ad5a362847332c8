/**
 * Properties of importing a library file (utils/storage/import.ts) into the Dexie library (fake-indexeddb).
 * What the module documents: the envelope must be ours, or ImportFormatError is thrown and nothing changes; each
 * record is then checked on its own: a broken one is skipped and reported by index, a story already saved (or
 * earlier in the file) is kept as saved and reported as a duplicate, the rest are added, all in one transaction
 * (StorageFullError, nothing changed, when storage is full).
 */
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Edition } from '../../../../utils/prism/schema';
import type { PrismDb } from '../../../../utils/storage/db';
import type { SavedStory } from '../../../../utils/storage/library-rows';
import { EXPORT_FORMAT, exportJson } from '../../../../utils/storage/export-json';
import { ImportFormatError, importJson, readEnvelope } from '../../../../utils/storage/import';
import { StorageFullError } from '../../../../utils/storage/quota';
import { countSaved, saveStory } from '../../../../utils/storage/saved';
import { BULK_AT, mergeIndex } from '../../../../utils/storage/saved-index';
import { MAX_SAVED_AT, normalizeSaved, toSavedStory } from '../../../../utils/storage/saved-record';
import { belarus, chips, makeStory, openTestDb } from '../../support/storage-fixtures';

const opened: PrismDb[] = [];
afterEach(async () => {
  await Promise.all(opened.splice(0).map((db) => db.delete()));
});

/** A library holding two stories (one saved a while ago, with a note), as a reader's would. */
async function seededDb(): Promise<PrismDb> {
  const db = openTestDb();
  opened.push(db);
  await saveStory(db, belarus, {
    pageUrl: 'https://news.example/a',
    pageTitle: 'A',
    note: 'my note',
    now: 1_700_000_000_000,
  });
  await saveStory(db, chips, { pageUrl: '', pageTitle: 'B', tags: ['mine'], now: 1_700_000_000_000 });
  return db;
}

/** Every table an import writes, row for row (local keys included): "nothing changed" means this is equal. */
async function snapshotAll(db: PrismDb) {
  const [library, postings, recent, gone, facets] = await Promise.all([
    db.library.toArray(),
    db.postings.toArray(),
    db.recent.toArray(),
    db.gone.toArray(),
    db.facets.toArray(),
  ]);
  return { library, postings: postings.map((p) => ({ ...p, keys: Array.from(p.keys) })), recent, gone, facets };
}

/** The outcome of an import, whatever it is. */
async function attempt(db: PrismDb, text: string) {
  try {
    return { ok: true as const, result: await importJson(db, text) };
  } catch (error) {
    return { ok: false as const, error };
  }
}

/** The tag and category counts, and the filtered counts from the search index, agree with the records. */
async function expectIndexConsistent(db: PrismDb) {
  const records = await db.library.toArray();
  expect(await countSaved(db)).toBe(records.length);
  const byCategory = new Map<string, number>();
  for (const r of records) byCategory.set(r.category, (byCategory.get(r.category) ?? 0) + 1);
  for (const [category, n] of byCategory) expect(await countSaved(db, { category })).toBe(n);
  const tagCounts = new Map<string, number>();
  for (const r of records) for (const tag of new Set(r.tags)) tagCounts.set(tag, (tagCounts.get(tag) ?? 0) + 1);
  const facets = (await db.facets.where('kind').equals('tag').toArray()).map((f) => [f.value, f.count]);
  expect(new Map(facets as [string, number][])).toEqual(tagCounts);
}

// ---------------------------------------------------------------------------------------------------------------
// Records
// ---------------------------------------------------------------------------------------------------------------

const text = fc
  .string({ unit: 'grapheme', minLength: 1, maxLength: 24 })
  .map((s) => s.trim())
  .filter((s) => s.length > 0);
const edition: fc.Arbitrary<Edition> = fc.record(
  {
    title: text,
    summary: text,
    body: fc.array(text, { minLength: 1, maxLength: 3 }),
    tags: fc.array(text, { maxLength: 3 }),
  },
  { requiredKeys: ['title', 'summary', 'body', 'tags'] },
);
const storyId = fc.oneof(fc.stringMatching(/^[a-z0-9-]{1,16}$/), fc.constantFrom('story-a', 'story-b', belarus.id));
const epoch = fc.oneof(fc.constantFrom(0, 1_700_000_000_000, MAX_SAVED_AT), fc.integer({ min: 0, max: MAX_SAVED_AT }));

/** A record that the schema accepts, as export-json writes it. */
const validItem: fc.Arbitrary<SavedStory> = fc
  .record({
    id: storyId,
    ko: fc.option(edition, { nil: undefined }),
    en: fc.option(edition, { nil: undefined }),
    savedAt: epoch,
    pageUrl: fc.oneof(
      fc.constant(''),
      fc.webUrl({ withQueryParameters: true }).filter((u) => URL.canParse(u)),
    ),
    pageTitle: fc.string({ unit: 'grapheme', maxLength: 20 }),
    tags: fc.array(fc.string({ unit: 'grapheme', maxLength: 10 }), { maxLength: 4 }),
    note: fc.string({ unit: 'grapheme', maxLength: 40 }),
    category: fc.oneof(fc.constantFrom('Politics', 'Economy', ''), fc.string({ maxLength: 8 })),
    withdrawnAt: fc.option(epoch, { nil: undefined }),
  })
  .filter((r) => Boolean(r.ko || r.en))
  .map(({ id, ko, en, withdrawnAt, ...rest }) => ({
    id,
    story: makeStory(id, { ...(ko ? { ko } : {}), ...(en ? { en } : {}) }),
    ...rest,
    ...(withdrawnAt !== undefined ? { withdrawnAt } : {}),
  }));

/** A record with fields the format does not have (the local key, index terms…): they are dropped, not stored. */
const itemWithExtras = fc
  .tuple(
    validItem,
    fc.dictionary(fc.constantFrom('key', 'terms', 'tagKeys', 'extra', '__proto__'), fc.jsonValue(), { minKeys: 1 }),
  )
  .map(([item, extras]) => ({ item, raw: { ...JSON.parse(JSON.stringify(extras)), ...item } as unknown }));

const hostile = fc.constantFrom(
  'javascript:alert(1)',
  ' JavaScript:alert(1)',
  'java\tscript:alert(1)',
  'data:text/html,<b>x</b>',
  'vbscript:msgbox',
  'file:///etc/passwd',
  'chrome-extension://abc/x.html',
);

type Corruption = { what: string; reason: RegExp; apply: (item: SavedStory) => unknown };
/** Ways to break one record, each with the field its reason must name. */
const corruption: fc.Arbitrary<Corruption> = fc.oneof(
  hostile.map((u) => ({
    what: 'story.url',
    reason: /story\.url/,
    apply: (i: SavedStory) => ({ ...i, story: { ...i.story, url: u } }),
  })),
  hostile.map((u) => ({
    what: 'story.source.url',
    reason: /story\.source\.url/,
    apply: (i: SavedStory) => ({ ...i, story: { ...i.story, source: { ...i.story.source, url: u } } }),
  })),
  hostile.map((u) => ({
    what: 'story.aliases',
    reason: /story\.aliases\.0/,
    apply: (i: SavedStory) => ({ ...i, story: { ...i.story, aliases: [u] } }),
  })),
  hostile.map((u) => ({ what: 'pageUrl', reason: /pageUrl/, apply: (i: SavedStory) => ({ ...i, pageUrl: u }) })),
  fc.constant({
    what: 'related http',
    reason: /story\.related\.0\.url/,
    apply: (i: SavedStory) => ({
      ...i,
      story: { ...i.story, related: [{ ...i.story.related[0]!, url: 'http://prism.example/x' }] },
    }),
  }),
  fc
    .constantFrom(-1, 1.5, 'yesterday', null, MAX_SAVED_AT + 1, 1e300, '1700000000000')
    .map((v) => ({ what: `savedAt ${v}`, reason: /savedAt/, apply: (i: SavedStory) => ({ ...i, savedAt: v }) })),
  fc.constant({
    what: 'id ≠ story.id',
    reason: /id must equal story\.id/,
    apply: (i: SavedStory) => ({ ...i, id: `${i.id}-x` }),
  }),
  fc.constantFrom('Bad Id!', '', 'x'.repeat(129)).map((id) => ({
    what: `id ${id}`,
    reason: /\bid\b/,
    apply: (i: SavedStory) => ({ ...i, id, story: { ...i.story, id } }),
  })),
  fc.constantFrom(2, 0, '1', null).map((v) => ({
    what: `story.v ${v}`,
    reason: /story\.v/,
    apply: (i: SavedStory) => ({ ...i, story: { ...i.story, v } }),
  })),
  fc.constant({
    what: 'no editions',
    reason: /story\.editions/,
    apply: (i: SavedStory) => ({ ...i, story: { ...i.story, editions: {} } }),
  }),
  fc.constant({ what: 'no story', reason: /story/, apply: ({ story: _s, ...rest }: SavedStory) => rest }),
  fc
    .constantFrom<unknown>([1], 'tag', null)
    .map((v) => ({ what: 'tags', reason: /tags/, apply: (i: SavedStory) => ({ ...i, tags: v }) })),
  fc
    .constantFrom<unknown>(null, 5, undefined)
    .map((v) => ({ what: 'note', reason: /note/, apply: (i: SavedStory) => ({ ...i, note: v ?? undefined }) })),
  fc
    .constantFrom(-5, 1.5, 'now')
    .map((v) => ({ what: 'withdrawnAt', reason: /withdrawnAt/, apply: (i: SavedStory) => ({ ...i, withdrawnAt: v }) })),
  fc.constant({
    what: 'publishedAt',
    reason: /story\.publishedAt/,
    apply: (i: SavedStory) => ({ ...i, story: { ...i.story, publishedAt: 'yesterday' } }),
  }),
  fc
    .constantFrom<unknown>('not a record', null, [], 42, true)
    .map((v) => ({ what: `record ${JSON.stringify(v)}`, reason: /./, apply: () => v })),
);

/** One entry of a file, with what the module must make of it. */
type Entry = { raw: unknown; valid: SavedStory | null; reason?: RegExp };
const entry: fc.Arbitrary<Entry> = fc.oneof(
  { weight: 4, arbitrary: validItem.map((item) => ({ raw: item, valid: item })) },
  { weight: 1, arbitrary: itemWithExtras.map(({ item, raw }) => ({ raw, valid: item })) },
  {
    weight: 3,
    arbitrary: fc
      .tuple(validItem, corruption)
      .map(([item, c]) => ({ raw: c.apply(item), valid: null, reason: c.reason })),
  },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }).map((raw) => ({ raw, valid: null })) },
);
/** A file's entries, often repeating a record (a file exported twice and concatenated, or edited by hand). */
const entries = fc
  .array(entry, { maxLength: 7 })
  .chain((list) => fc.tuple(fc.constant(list), fc.array(fc.nat(), { maxLength: 2 })))
  .map(([list, repeats]) => (list.length === 0 ? list : [...list, ...repeats.map((r) => list[r % list.length]!)]));

const envelope = (items: unknown[], extra: Record<string, unknown> = {}) =>
  JSON.stringify(
    { format: EXPORT_FORMAT, version: 1, exportedAt: '2025-12-14T10:00:00.000Z', items, ...extra },
    null,
    2,
  );

/** What the module must report for these entries, given the ids already saved. */
function expected(list: Entry[], saved: Set<string>) {
  const seen = new Set(saved);
  const added: SavedStory[] = [];
  const duplicates: { index: number; id: string }[] = [];
  const broken: number[] = [];
  list.forEach((e, index) => {
    if (!e.valid) broken.push(index);
    else if (seen.has(e.valid.id)) duplicates.push({ index, id: e.valid.id });
    else {
      seen.add(e.valid.id);
      added.push(e.valid);
    }
  });
  return { added, duplicates, broken };
}

// ---------------------------------------------------------------------------------------------------------------
// Files that are not imports
// ---------------------------------------------------------------------------------------------------------------

/** Text a reader might pick by mistake, or a damaged or hand-made export. */
const notAnExport = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.json(),
  fc.jsonValue().map((v) => JSON.stringify(v) ?? ''),
  fc
    .record(
      {
        format: fc.oneof(
          fc.constant(EXPORT_FORMAT),
          fc.constant(EXPORT_FORMAT.toUpperCase()),
          fc.string(),
          fc.jsonValue(),
        ),
        version: fc.oneof(
          fc.constantFrom(0, -1, 1.5, 2, 99, '1', null, Number.POSITIVE_INFINITY),
          fc.integer(),
          fc.double(),
          fc.jsonValue(),
        ),
        items: fc.oneof(fc.constant({}), fc.constant('items'), fc.constant(null), fc.jsonValue()),
      },
      { requiredKeys: [] },
    )
    .map((e) => JSON.stringify(e)),
  // our envelope, with versions from the past and the future and items of any kind
  fc
    .record({
      format: fc.constant(EXPORT_FORMAT),
      version: fc.constantFrom(1, 1, 1, 0, -1, 0.5, 1.5, 2, 99, Number.POSITIVE_INFINITY, 1e-300),
      exportedAt: fc.oneof(fc.constant('2025-12-14T10:00:00.000Z'), fc.jsonValue()),
      items: fc.array(fc.jsonValue({ maxDepth: 3 }), { maxLength: 4 }),
    })
    .map((e) => JSON.stringify(e)),
  // a real export, cut short (a partial download or copy)
  fc.tuple(validItem, fc.double({ min: 0, max: 0.999, noNaN: true })).map(([item, at]) => {
    const full = envelope([item]);
    return full.slice(0, Math.floor(full.length * at));
  }),
);

describe('import: files that are not a library export (properties)', () => {
  // If this fails, picking the wrong file crashes the library page with a raw error (SyntaxError, TypeError…)
  // instead of the explanation, or the refused file still changed the library.
  it('any text: resolves with a report or throws ImportFormatError with a message; refused means unchanged', async () => {
    const db = await seededDb();
    await fc.assert(
      fc.asyncProperty(notAnExport, async (input) => {
        const before = await snapshotAll(db);
        const outcome = await attempt(db, input);
        if (outcome.ok) {
          const { added, duplicates, broken } = outcome.result;
          const items = readEnvelope(input);
          expect(added + duplicates.length + broken.length).toBe(items.length);
          return;
        }
        expect(outcome.error).toBeInstanceOf(ImportFormatError);
        const error = outcome.error as ImportFormatError;
        expect(['not-json', 'not-library', 'newer-version']).toContain(error.code);
        expect(error.message.length).toBeGreaterThan(10);
        expect(() => readEnvelope(input)).toThrow(ImportFormatError);
        expect(await snapshotAll(db)).toEqual(before);
      }),
      { numRuns: 300 },
    );
  });
});

describe('import: records (properties)', () => {
  // If this fails, an import reports the wrong counts or indexes ("#3: …" points at the wrong record), drops a
  // valid record because another one is broken, overwrites a story the reader already saved (and their note), or
  // leaves the search index and tag counts out of step with the records.
  it('each record is handled on its own: valid ones added, broken and duplicate ones reported by index', async () => {
    await fc.assert(
      fc.asyncProperty(entries, async (list) => {
        const db = await seededDb();
        const before = await db.library.toArray();
        const want = expected(list, new Set(before.map((r) => r.id)));

        const result = await importJson(db, envelope(list.map((e) => e.raw)));

        expect(result.added).toBe(want.added.length);
        expect(result.duplicates).toEqual(want.duplicates);
        expect(result.broken.map((b) => b.index)).toEqual(want.broken);
        result.broken.forEach((b, i) => {
          expect(typeof b.reason).toBe('string');
          expect(b.reason.length).toBeGreaterThan(0);
          const reason = list[want.broken[i]!]!.reason;
          if (reason) expect(b.reason).toMatch(reason);
        });
        const after = await db.library.toArray();
        // What was saved is untouched (same key, note, tags, savedAt)…
        for (const old of before) expect(after).toContainEqual(old);
        // …and each added record is stored in its normal form, without the fields the format does not have.
        expect(after.length).toBe(before.length + want.added.length);
        const stored = new Map(after.map((r) => [r.id, r]));
        for (const item of want.added) {
          const row = stored.get(item.id)!;
          expect(Object.keys(row).sort()).toEqual([...Object.keys(item), 'key'].sort());
          expect(toSavedStory(row)).toEqual(normalizeSaved(item));
        }
        expect(new Set(after.map((r) => r.key)).size).toBe(after.length);
        await expectIndexConsistent(db);
      }),
      { numRuns: 30 },
    );
  });

  // If this fails, one bad record in an otherwise good export costs the reader other records, or the report
  // does not say which record was skipped and why.
  it('a valid export with one corrupted record: only that record is skipped, and its reason names the field', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc
          .uniqueArray(validItem, { minLength: 1, maxLength: 5, selector: (i) => i.id })
          .map((items) => items.filter((i) => i.id !== belarus.id && i.id !== chips.id))
          .filter((items) => items.length > 0),
        fc.nat(),
        corruption,
        async (items, pick, c) => {
          const db = await seededDb();
          const at = pick % items.length;
          const raw: unknown[] = items.map((item, i) => (i === at ? c.apply(item) : item));
          const result = await importJson(db, envelope(raw));
          expect(result.broken).toHaveLength(1);
          expect(result.broken[0]!.index).toBe(at);
          expect(result.broken[0]!.reason).toMatch(c.reason);
          expect(result.duplicates).toEqual([]);
          expect(result.added).toBe(items.length - 1);
          const ids = new Set((await db.library.toArray()).map((r) => r.id));
          items.forEach((item, i) => expect([item.id, ids.has(item.id)]).toEqual([item.id, i !== at]));
        },
      ),
      { numRuns: 25 },
    );
  });

  // If this fails, a large file (from BULK_AT records on, written straight into the merged postings rather than
  // as `recent` rows) breaks search or the counts, or a full disk during such a write half-imports it.
  it('a large file: every valid record indexed, or with storage full nothing written', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(validItem, { minLength: BULK_AT, maxLength: BULK_AT + 10, selector: (i) => i.id }),
        fc.array(fc.tuple(fc.nat(), corruption), { maxLength: 3 }),
        fc.boolean(),
        fc.boolean(),
        async (items, corruptions, merged, full) => {
          const db = await seededDb();
          if (merged) await mergeIndex(db); // then the import adds to existing postings instead of starting them
          const raw: unknown[] = [...items];
          for (const [at, c] of corruptions) raw[at % raw.length] = c.apply(items[at % raw.length]!);
          const before = await snapshotAll(db);
          const spy = full
            ? vi
                .spyOn(db.postings, 'bulkPut')
                .mockRejectedValue(new DOMException('The quota has been exceeded.', 'QuotaExceededError'))
            : undefined;
          const outcome = await attempt(db, envelope(raw));
          spy?.mockRestore();
          const brokenAt = new Set(corruptions.map(([at]) => at % raw.length));
          const fresh = items.filter((item, i) => !brokenAt.has(i) && item.id !== belarus.id && item.id !== chips.id);
          if (full && fresh.length >= BULK_AT) {
            expect(outcome.ok ? null : outcome.error).toBeInstanceOf(StorageFullError);
            expect(await snapshotAll(db)).toEqual(before);
            return;
          }
          if (!outcome.ok) throw outcome.error;
          expect(outcome.result.added).toBe(fresh.length);
          expect(outcome.result.broken.map((b) => b.index)).toEqual([...brokenAt].sort((a, b) => a - b));
          await expectIndexConsistent(db);
        },
      ),
      { numRuns: 4 },
    );
  });

  // If this fails, importing the same file twice (a common mistake) adds copies or changes what the first import stored.
  it('importing the same file again adds nothing and changes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(entries, async (list) => {
        const db = await seededDb();
        const file = envelope(list.map((e) => e.raw));
        const first = await importJson(db, file);
        const before = await snapshotAll(db);
        const second = await importJson(db, file);
        expect(second.added).toBe(0);
        expect(second.broken).toEqual(first.broken);
        expect(second.duplicates.length).toBe(list.length - first.broken.length);
        expect(await snapshotAll(db)).toEqual(before);
      }),
      { numRuns: 20 },
    );
  });

  // If this fails, an export does not restore the library it came from (a reader moving to a new browser loses
  // or changes saved stories, notes or tags).
  it('export then import into an empty library restores every record', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(validItem, { maxLength: 6, selector: (i) => i.id }), async (items) => {
        const source = openTestDb();
        const target = openTestDb();
        opened.push(source, target);
        expect((await importJson(source, envelope(items))).added).toBe(items.length);
        const exported = await exportJson(source);
        expect(await importJson(target, exported)).toEqual({ added: items.length, duplicates: [], broken: [] });
        const records = async (db: PrismDb) =>
          (await db.library.toArray()).map(toSavedStory).sort((a, b) => a.id.localeCompare(b.id));
        expect(await records(target)).toEqual(await records(source));
        await expectIndexConsistent(target);
      }),
      { numRuns: 15 },
    );
  });

  // If this fails, a full disk half-imports a file (some records added, or an index written without its records)
  // or surfaces a raw QuotaExceededError instead of the "storage is full" message.
  it('storage full at any write: StorageFullError and the library exactly as before', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(validItem, { minLength: 1, maxLength: 4, selector: (i) => i.id }),
        fc.constantFrom('library', 'recent', 'facets') as fc.Arbitrary<'library' | 'recent' | 'facets'>,
        async (items, table) => {
          const db = await seededDb();
          const before = await snapshotAll(db);
          const method = table === 'library' ? 'bulkAdd' : 'bulkPut';
          const spy = vi
            .spyOn(db[table], method)
            .mockRejectedValue(new DOMException('The quota has been exceeded.', 'QuotaExceededError'));
          const fresh = items.filter((i) => i.id !== belarus.id && i.id !== chips.id);
          const outcome = await attempt(db, envelope(items));
          spy.mockRestore();
          if (fresh.length === 0) {
            expect(outcome.ok).toBe(true); // nothing to write, so nothing can fail
          } else {
            expect(outcome.ok).toBe(false);
            expect(outcome.ok ? null : outcome.error).toBeInstanceOf(StorageFullError);
          }
          expect(await snapshotAll(db)).toEqual(before);
        },
      ),
      { numRuns: 20 },
    );
  });
});
