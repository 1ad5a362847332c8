/**
 * Imports a JSON library export (export-json.ts). The envelope must be ours; each record is checked against
 * the PRISM story schema; a story already saved keeps the saved copy; a broken record is skipped and reported.
 * Everything is added in one transaction: a storage error leaves the library exactly as it was.
 */
import * as v from 'valibot';
import { HttpUrl, Story, StoryId, formatProblems, type SchemaProblem } from '../prism/schema';
import type { PrismDb } from './db';
import type { SavedStory } from './library-rows';
import { EXPORT_FORMAT, EXPORT_VERSION } from './export-json';
import { withStorageErrors } from './quota';
import { insertSaved, libraryTables } from './saved';
import { MAX_SAVED_AT } from './saved-record';

/** The file cannot be imported at all (not JSON, not a library export, a newer format). Nothing was changed. */
export class ImportFormatError extends Error {
  override readonly name = 'ImportFormatError';
  readonly code: 'not-json' | 'not-library' | 'newer-version';
  constructor(code: ImportFormatError['code'], message: string) {
    super(message);
    this.code = code;
  }
}

export interface ImportResult {
  /** Records added. */
  added: number;
  /** Records skipped because the story is already saved (or appears earlier in the file). */
  duplicates: { index: number; id: string }[];
  /** Records skipped because they are not valid; `index` is the position in `items`. */
  broken: { index: number; reason: string }[];
}

/** MAX_SAVED_AT as a day (2223-07-06) that a reader can check a date against. */
const LATEST_SAVED_DAY = new Date(MAX_SAVED_AT).toISOString().slice(0, 10);

const SavedItem = v.pipe(
  v.object({
    id: StoryId,
    story: Story,
    savedAt: v.pipe(
      v.number(),
      v.safeInteger('must be a whole number'),
      v.minValue(0, 'must not be negative'),
      v.maxValue(MAX_SAVED_AT, `must be a time no later than ${LATEST_SAVED_DAY}`),
    ),
    pageUrl: v.union([HttpUrl, v.literal('')], 'must be an http(s) URL or empty'),
    pageTitle: v.string(),
    tags: v.array(v.string()),
    note: v.string(),
    category: v.string(),
    withdrawnAt: v.optional(v.pipe(v.number(), v.safeInteger('must be a whole number'), v.minValue(0))),
    sameEvent: v.optional(v.object({ site: v.pipe(v.string(), v.maxLength(253, 'must be a host name')) })),
  }),
  v.check((item) => item.id === item.story.id, 'id must equal story.id'),
);

function problems(issues: v.GenericIssue[]): SchemaProblem[] {
  return issues.map((issue) => ({ path: v.getDotPath(issue) ?? '(root)', message: issue.message }));
}

const Envelope = v.object({
  format: v.literal(EXPORT_FORMAT),
  version: v.number(),
  items: v.array(v.unknown()),
});

/** Reads the envelope, or throws ImportFormatError. */
export function readEnvelope(text: string): unknown[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new ImportFormatError('not-json', 'This file is not a JSON file, so it cannot be imported.');
  }
  const parsed = v.safeParse(Envelope, data);
  if (!parsed.success) {
    throw new ImportFormatError(
      'not-library',
      `This file is not a PRISM Lens library export (${formatProblems(problems(parsed.issues))}).`,
    );
  }
  if (parsed.output.version > EXPORT_VERSION) {
    throw new ImportFormatError(
      'newer-version',
      `This library export was made by a newer version of PRISM Lens (format version ${parsed.output.version}); update the extension to import it.`,
    );
  }
  if (parsed.output.version < 1 || !Number.isInteger(parsed.output.version)) {
    throw new ImportFormatError('not-library', `Unknown library export version: ${parsed.output.version}.`);
  }
  return parsed.output.items;
}

/**
 * Imports the text of a library export. Throws ImportFormatError (nothing changed) when the file is not one,
 * StorageFullError (nothing changed) when storage is full.
 */
export async function importJson(db: PrismDb, text: string): Promise<ImportResult> {
  const items = readEnvelope(text);
  const broken: ImportResult['broken'] = [];
  const valid: { index: number; item: SavedStory }[] = [];
  items.forEach((raw, index) => {
    const parsed = v.safeParse(SavedItem, raw);
    if (parsed.success) valid.push({ index, item: parsed.output });
    else broken.push({ index, reason: formatProblems(problems(parsed.issues)) });
  });

  return withStorageErrors(() =>
    db.transaction('rw', libraryTables(db), async () => {
      const seen = new Set(
        (await db.library
          .where('id')
          .anyOf(valid.map((x) => x.item.id))
          .keys()) as string[],
      );
      const duplicates: ImportResult['duplicates'] = [];
      const fresh: SavedStory[] = [];
      for (const { index, item } of valid) {
        if (seen.has(item.id)) {
          duplicates.push({ index, id: item.id });
          continue;
        }
        seen.add(item.id);
        fresh.push(item);
      }
      await insertSaved(db, fresh);
      return { added: fresh.length, duplicates, broken };
    }),
  );
}
