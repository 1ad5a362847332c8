/**
 * The local key set of PRISM's catalogue: downloaded on install, checked at browser start and every
 * REFRESH_MINUTES (`alarms`), and again when the reader changes the API base. `meta.json` is fetched with
 * `cache: 'no-store'`; the key set file only when meta.json names another one. The bytes are kept in IndexedDB
 * (they survive the worker being stopped) and read into memory once per worker.
 *
 * Until there is a key set for the API base, every try arms the next one (FIRST_KEYSET_DELAYS_MS: seconds, then
 * minutes) before it starts: a timer in this worker, the schedule in `storage.session` and an alarm, so that a
 * worker stopped mid-download (MV3 stops it at any time) is woken and tries again (Chrome fires an alarm 30 s
 * after it is set at the soonest; a worker started for any other reason resumes the schedule at once).
 */
import { browser } from 'wxt/browser';
import { storage } from 'wxt/utils/storage';
import { KeySetError, readKeySet, type KeySet } from '@/utils/prism/keyset';
import { faultOf, PrismError } from '@/utils/prism/client';
import { PREFIX_LENGTH } from '@/utils/prism/keys';
import { createCache } from '@/utils/storage/cache';
import { getDb } from '@/utils/storage/db';
import { apiBaseSetting } from '@/stores/storage-items';
import type { Fault } from '@/utils/prism/fault';
import { firstKeySetDelay } from '@/utils/prism/retry';
import { decodeEventIndex, EVENT_INDEX_FORMAT } from '@/utils/match/event-index';
import type { Meta } from '@/utils/prism/schema';
import { rememberCatalogueSites } from './catalogue-sites';
import { forgetEventIndex } from './event-match';
import { currentClient } from './prism-service';

export const KEYSET_ALARM = 'prism-keyset-refresh';
export const REFRESH_MINUTES = 6 * 60;
/** The next try of a first download that failed or was cut off. */
export const KEYSET_RETRY_ALARM = 'prism-keyset-retry';
/** A lookup that finds no key set asks for one, but not more often than this. */
const MISSING_RETRY_MS = 30_000;

/** The last check's outcome. `offline` and `message` are `fault.kind === 'offline'` and `fault.detail`. */
export type KeySetStatus = { ok: true } | { ok: false; offline: boolean; message: string; fault: Fault };

/** The key set in use, its API base and SHA-256, and the shards' prefix length its meta.json named. */
let loaded: { base: string; sha256: string; set: KeySet; prefixLength: number } | null = null;
let lastStatus: KeySetStatus = { ok: true };
let lastMissingTry = 0;
const listeners: (() => void)[] = [];

/** Called when a new key set is in use (tabs that could not be checked are checked again). */
export function onKeySetChanged(listener: () => void): void {
  listeners.push(listener);
}

export const keySetStatus = () => lastStatus;

/** The key set in use (after currentKeySet), with its API base and SHA-256; null when none is. */
export const keySetInUse = (): typeof loaded => loaded;

/**
 * What the views may show about the key set in use (`storage.session`, `keyset`): which API base, how many keys,
 * when meta.json was last read. Written after every successful check.
 */
export interface KeySetInfo {
  base: string;
  sha256: string;
  keys: number;
  checkedAt: number;
}
export const keySetInfoItem = storage.defineItem<KeySetInfo | null>('session:keyset', { fallback: null });

/** The tries of the first download for `base`: how many were made, and when the next is due. */
interface RetrySchedule {
  base: string;
  attempt: number;
  nextAt: number;
}
export const keySetRetryItem = storage.defineItem<RetrySchedule | null>('session:keysetRetry', { fallback: null });
let retryTimer: ReturnType<typeof setTimeout> | undefined;

function retryAt(nextAt: number): void {
  clearTimeout(retryTimer);
  retryTimer = setTimeout(() => void refreshKeySet(), Math.max(0, nextAt - Date.now()));
}

/** Arms try `attempt` of the first download for `base`, `delayMs` from now (timer, schedule, alarm). */
async function armRetry(base: string, attempt: number, delayMs: number): Promise<void> {
  const nextAt = Date.now() + delayMs;
  retryAt(nextAt);
  await keySetRetryItem.setValue({ base, attempt, nextAt });
  await browser.alarms.create(KEYSET_RETRY_ALARM, { when: nextAt });
}

async function disarmRetry(): Promise<void> {
  clearTimeout(retryTimer);
  retryTimer = undefined;
  if (await keySetRetryItem.getValue()) await keySetRetryItem.setValue(null);
  await browser.alarms.clear(KEYSET_RETRY_ALARM);
}

/** At worker start: a first download still to make for the current base is tried when it is due (now, if late). */
async function resumeFirstDownload(): Promise<void> {
  const base = await apiBaseSetting.getValue();
  if (await createCache(getDb(), base).getKeySet()) return;
  const schedule = await keySetRetryItem.getValue();
  retryAt(schedule?.base === base ? schedule.nextAt : Date.now());
}

/** The key set of the current API base, from memory or IndexedDB; null when none was ever downloaded. */
export async function currentKeySet(): Promise<KeySet | null> {
  const base = await apiBaseSetting.getValue();
  if (loaded?.base === base) return loaded.set;
  const row = await createCache(getDb(), base).getKeySet();
  if (!row) {
    if (Date.now() - lastMissingTry > MISSING_RETRY_MS) {
      lastMissingTry = Date.now();
      void refreshKeySet();
    }
    return null;
  }
  try {
    loaded = {
      base,
      sha256: row.ref.sha256,
      set: readKeySet(row.bytes),
      prefixLength: row.prefixLength ?? PREFIX_LENGTH,
    };
    return loaded.set;
  } catch {
    return null; // a stored set this version cannot read: refreshKeySet replaces it
  }
}

let running: { base: string; promise: Promise<KeySetStatus> } | null = null;
/**
 * Brings the key set up to date with meta.json. Never throws: the outcome is returned and kept. Callers share a
 * refresh of the same API base; a refresh for another base (the reader changed it meanwhile) waits for the running
 * one and then runs, so the last ask is always served.
 */
export async function refreshKeySet(): Promise<KeySetStatus> {
  const base = await apiBaseSetting.getValue();
  while (running && running.base !== base) await running.promise;
  if (running) return running.promise;
  // The refresh works on `base` throughout: read again later, a base changed meanwhile would be fetched under
  // this refresh's name, and the refresh that change started would fetch it a second time.
  const promise: Promise<KeySetStatus> = doRefresh(base).finally(() => {
    if (running?.promise === promise) running = null;
  });
  running = { base, promise };
  return promise;
}

function readable(bytes: Uint8Array): boolean {
  try {
    readKeySet(bytes);
    return true;
  } catch {
    return false; // stored by a version that wrote another format, or damaged: download it again
  }
}

/** The key set, or a PrismError `invalid` that says why the file is refused (a match-all set, a slow bucket…). */
function readOrRefuse(bytes: Uint8Array): KeySet {
  try {
    return readKeySet(bytes);
  } catch (err) {
    if (!(err instanceof KeySetError)) throw err;
    throw new PrismError('invalid', `PRISM sent a key set that PRISM Lens refuses: ${err.message}.`);
  }
}

async function doRefresh(base: string): Promise<KeySetStatus> {
  const client = await currentClient(base);
  const cache = createCache(getDb(), client.base);
  // No key set yet: the next try is armed before this one starts (this worker may be stopped during it).
  const first = !(await cache.getKeySet());
  const schedule = first ? await keySetRetryItem.getValue() : null;
  const attempt = schedule?.base === base ? schedule.attempt : 0;
  if (first) await armRetry(base, attempt + 1, firstKeySetDelay(attempt));
  const status = await download(client, cache);
  if (status.ok) await disarmRetry();
  // Counted from the end of this try (it may have taken long), and never sooner than the server asked.
  else if (first) await armRetry(base, attempt + 1, firstKeySetDelay(attempt, status.fault.retryAfterMs));
  return status;
}

async function download(
  client: Awaited<ReturnType<typeof currentClient>>,
  cache: ReturnType<typeof createCache>,
): Promise<KeySetStatus> {
  try {
    const meta = await client.meta();
    await rememberCatalogueSites(client.base, meta);
    const stored = await cache.getKeySet();
    const info: KeySetInfo = {
      base: client.base,
      sha256: meta.keyset.sha256,
      keys: meta.keyset.keys,
      checkedAt: Date.now(),
    };
    const prefixLength = meta.lookup?.prefixLength ?? PREFIX_LENGTH;
    const events = stored?.events; // kept with whichever key set is stored next; brought up to date below
    if (stored?.ref.sha256 === meta.keyset.sha256 && readable(stored.bytes)) {
      await cache.touchKeySet(info.checkedAt);
      if ((stored.prefixLength ?? PREFIX_LENGTH) !== prefixLength) {
        await cache.putKeySet({ ...stored, prefixLength, checkedAt: info.checkedAt });
        if (loaded?.base === client.base) loaded = { ...loaded, prefixLength };
      }
      await keySetInfoItem.setValue(info);
      await syncEventIndex(client, cache, meta);
    } else {
      const bytes = await client.keySetBytes(meta.keyset);
      const set = readOrRefuse(bytes); // refuse what cannot be read before it replaces a good set
      await cache.putKeySet({
        ref: meta.keyset,
        bytes,
        checkedAt: Date.now(),
        prefixLength,
        ...(events && { events }),
      });
      // A shard cached before this set may lack its new keys: it would answer "no such key" for a new story.
      await cache.dropShards();
      loaded = { base: client.base, sha256: meta.keyset.sha256, set, prefixLength };
      await keySetInfoItem.setValue(info);
      await syncEventIndex(client, cache, meta);
      lastStatus = { ok: true };
      for (const l of listeners) l();
      return lastStatus;
    }
    lastStatus = { ok: true };
    if (loaded?.base !== client.base) {
      loaded = null;
      if (await currentKeySet()) for (const l of listeners) l();
    }
  } catch (err) {
    const fault = faultOf(err);
    lastStatus = { ok: false, offline: fault.kind === 'offline', message: fault.detail, fault };
  }
  return lastStatus;
}

/**
 * The event index meta.json names, kept beside the key set (same-event matching: event-match.ts). Fetched only when
 * its SHA-256 changed; refused (the previous one kept) when it is too large, does not hash to its name or does not
 * read back whole. Its failure is not the key set's: exact lookups go on whatever happens here.
 */
async function syncEventIndex(
  client: Awaited<ReturnType<typeof currentClient>>,
  cache: ReturnType<typeof createCache>,
  meta: Meta,
): Promise<void> {
  const row = await cache.getKeySet();
  if (!row) return;
  const ref = meta.events?.format === EVENT_INDEX_FORMAT ? meta.events : undefined;
  if (!ref) {
    // The publication offers no matching (or one this version cannot read): nothing is matched.
    if (row.events) {
      const { events: _dropped, ...rest } = row;
      await cache.putKeySet(rest);
      forgetEventIndex();
    }
    return;
  }
  if (row.events?.ref.sha256 === ref.sha256) return;
  try {
    const bytes = await client.eventIndexBytes(ref);
    decodeEventIndex(bytes); // every check of the format, before it replaces a good index
    const now = await cache.getKeySet(); // written meanwhile by nobody else: the refresh runs one at a time
    if (!now) return;
    await cache.putKeySet({ ...now, events: { ref, bytes } });
    forgetEventIndex();
  } catch {
    // Kept: the previous index, if any (a reader without matching loses nothing PRISM Lens promised).
  }
}

export function watchKeySet(): void {
  browser.runtime.onInstalled.addListener(() => void refreshKeySet());
  browser.runtime.onStartup.addListener(() => void refreshKeySet());
  // Created once: creating it again at every worker start would push the next refresh back each time.
  void browser.alarms.get(KEYSET_ALARM).then((alarm) => {
    if (!alarm) void browser.alarms.create(KEYSET_ALARM, { periodInMinutes: REFRESH_MINUTES });
  });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === KEYSET_ALARM || alarm.name === KEYSET_RETRY_ALARM) void refreshKeySet();
  });
  void resumeFirstDownload();
  apiBaseSetting.watch(() => {
    loaded = null;
    forgetEventIndex();
    void refreshKeySet();
  });
}
