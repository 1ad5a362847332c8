import Dexie from 'dexie';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PrismDb } from '../../../../utils/storage/db';
import { exportJson } from '../../../../utils/storage/export-json';
import { importJson } from '../../../../utils/storage/import';
import {
  StorageFullError,
  isQuotaError,
  libraryKept,
  requestPersistence,
  storageEstimate,
  toStorageError,
} from '../../../../utils/storage/quota';
import { getSaved, listSaved, restore, saveStory, setNote, unsaveStory } from '../../../../utils/storage/saved';
import { belarus, cafe, chips, openTestDb } from '../../support/storage-fixtures';

const quotaError = () => new DOMException('The quota has been exceeded.', 'QuotaExceededError');
const page = { pageUrl: 'https://news.example/a', pageTitle: 'Page' };

let db: PrismDb;
beforeEach(() => {
  db = openTestDb();
});
afterEach(async () => {
  await db.delete();
});

describe('storage full', () => {
  it('a save that hits the quota throws StorageFullError and keeps the library as it was', async () => {
    await saveStory(db, belarus, { ...page, now: 1 });
    const before = await db.library.toArray();
    const postings = await db.postings.toArray();
    // The record is written first, then its postings: the failing second write must undo the first.
    vi.spyOn(db.recent, 'bulkPut').mockImplementation(() => Dexie.Promise.reject(quotaError()));

    const error = await saveStory(db, chips, page).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageFullError);
    expect((error as StorageFullError).code).toBe('storage-full');
    expect((error as Error).message).toMatch(/storage .* is full/);
    // the original (here re-wrapped by Dexie's transaction) stays available for diagnostics
    expect(isQuotaError((error as Error).cause)).toBe(true);

    await expect(setNote(db, belarus.id, 'new note')).rejects.toBeInstanceOf(StorageFullError);
    vi.restoreAllMocks();
    expect(await db.library.toArray()).toEqual(before);
    expect(await db.postings.toArray()).toEqual(postings);
    expect((await getSaved(db, belarus.id))?.note).toBe('');
  });

  it('restore (undo) that hits the quota says so', async () => {
    await saveStory(db, belarus, page);
    const removed = (await unsaveStory(db, belarus.id))!;
    vi.spyOn(db.recent, 'bulkPut').mockImplementation(() => Dexie.Promise.reject(quotaError()));
    await expect(restore(db, removed)).rejects.toBeInstanceOf(StorageFullError);
  });

  it('an import that hits the quota writes nothing', async () => {
    const other = openTestDb();
    await saveStory(other, chips, page);
    await saveStory(other, cafe, page);
    const file = await exportJson(other);
    await other.delete();

    await saveStory(db, belarus, { ...page, now: 7 });
    const before = await db.library.toArray();
    vi.spyOn(db.library, 'bulkAdd').mockImplementation(() => Dexie.Promise.reject(quotaError()));
    await expect(importJson(db, file)).rejects.toBeInstanceOf(StorageFullError);
    vi.restoreAllMocks();
    expect(await db.library.toArray()).toEqual(before);
    expect((await listSaved(db)).map((r) => r.id)).toEqual([belarus.id]);
  });

  it('a real storage failure half way through an import rolls the whole import back', async () => {
    const other = openTestDb();
    await saveStory(other, chips, page);
    await saveStory(other, cafe, page);
    const file = await exportJson(other);
    await other.delete();

    // Let the first write through, fail the second: the transaction must undo the first.
    const table = db.library;
    let calls = 0;
    const bulkAdd = vi.spyOn(table, 'bulkAdd').mockImplementation((rows) =>
      Dexie.Promise.resolve().then(async () => {
        for (const row of rows) {
          if (++calls === 2) throw quotaError();
          await table.add(row);
        }
        return 0;
      }),
    );
    await expect(importJson(db, file)).rejects.toBeInstanceOf(StorageFullError);
    expect(bulkAdd).toHaveBeenCalled();
    vi.restoreAllMocks();
    expect(await db.library.count()).toBe(0);
  });
});

describe('isQuotaError', () => {
  it('sees the quota error however Dexie wraps it', () => {
    const q = quotaError();
    expect(isQuotaError(q)).toBe(true);
    expect(isQuotaError(new Dexie.QuotaExceededError('full'))).toBe(true);
    expect(isQuotaError(new Dexie.AbortError('aborted', q))).toBe(true);
    expect(isQuotaError(new Dexie.BulkError('bulk', { 3: q }))).toBe(true);
    expect(isQuotaError({ name: 'NS_ERROR_DOM_QUOTA_REACHED' })).toBe(true);
    expect(isQuotaError(new Dexie.ConstraintError('key exists'))).toBe(false);
    expect(isQuotaError(new Error('x'))).toBe(false);
    expect(toStorageError(new Error('other'))).toBeInstanceOf(Error);
    expect(toStorageError(new Error('other'))).not.toBeInstanceOf(StorageFullError);
  });
});

describe('persistence and estimate', () => {
  it('asks for persistence where the API exists', async () => {
    const persist = vi.fn(async () => true);
    expect(await requestPersistence({ persist, persisted: async () => false })).toBe(true);
    expect(persist).toHaveBeenCalledOnce();
    const persist2 = vi.fn(async () => true);
    expect(await requestPersistence({ persist: persist2, persisted: async () => true })).toBe(true);
    expect(persist2).not.toHaveBeenCalled();
    expect(await requestPersistence({})).toBeUndefined();
    expect(await requestPersistence({ persist: async () => Promise.reject(new Error('no')) })).toBe(false);
  });

  it('reports usage and quota', async () => {
    expect(await storageEstimate({ estimate: async () => ({ usage: 25, quota: 100 }) })).toEqual({
      usage: 25,
      quota: 100,
      ratio: 0.25,
    });
    expect(await storageEstimate({ estimate: async () => ({}) })).toEqual({ usage: 0, quota: 0, ratio: 0 });
    expect(await storageEstimate({})).toBeUndefined();
  });
});

describe('whether the browser keeps the library', () => {
  const denied = { persist: async () => false, persisted: async () => false };
  it('is kept when storage is persistent, whatever the permission says', async () => {
    expect(await libraryKept(async () => false, { persist: async () => true, persisted: async () => false })).toBe(
      true,
    );
  });
  it('is kept with unlimitedStorage even where persist() is refused (Chrome exempts it from eviction)', async () => {
    expect(await libraryKept(async () => true, denied)).toBe(true);
  });
  it('is at risk only when both are denied', async () => {
    expect(await libraryKept(async () => false, denied)).toBe(false);
    expect(await libraryKept(() => Promise.reject(new Error('no permissions API')), denied)).toBe(false);
  });
  it('says nothing where the browser has no storage manager and no permission', async () => {
    expect(await libraryKept(async () => false, undefined)).toBeUndefined();
  });
});
