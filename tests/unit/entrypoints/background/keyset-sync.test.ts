/**
 * The local key set's upkeep (entrypoints/background/keyset-sync.ts) against a fake PRISM server: meta.json is
 * read with `cache: 'no-store'` and the key set downloaded only when meta.json names another one; a key set that
 * does not check out never replaces the good one in use. Real key sets (buildKeySet), real IndexedDB (fake-indexeddb),
 * the fake browser for storage and alarms.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { restoreNavigator, setOnline } from '../../../fixtures/online';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { buildKeySet } from '../../../../utils/prism/keyset';
import { sha256hex } from '../../../../utils/prism/keys';
import type { Meta } from '../../../../utils/prism/schema';
import { requestUrl } from '../../support/request-url';
import { matchAllKeySet } from '../../support/hostile-keyset';
import { resolvePage } from '../../../../utils/lookup/resolve-page';
import { eventIndexFile } from '../../../../publisher/format/publish-events';
import { makeStory } from '../../../fixtures/story';

const BASE = 'https://api.prism.test';
const OTHER = 'https://other.prism.test';

async function sha256(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** A publication: the key set of `words`' keys and the meta.json naming it. */
async function publication(words: string[], bytesOverride?: Uint8Array) {
  const keys = await Promise.all(words.map((w) => sha256hex(w)));
  const real = buildKeySet(keys);
  const bytes = bytesOverride ?? real;
  const hash = await sha256(real); // named after the real set: an override is a corrupted download
  const meta: Meta = {
    v: 2,
    generatedAt: '2026-12-01T09:00:00.000Z',
    stories: words.length,
    keyset: { path: `keyset/${hash}.bin`, sha256: hash, format: 'gcs-v1', keys: keys.length, bytes: real.length },
  };
  return { keys, bytes, meta };
}

/** The server: which publication it serves, per base; `null` for a server that cannot be reached. */
const servers = new Map<string, (Awaited<ReturnType<typeof publication>> & { events?: Uint8Array }) | null>();
const fetchSpy = vi.fn(async (input: RequestInfo | URL, _init?: RequestInit): Promise<Response> => {
  const url = requestUrl(input);
  const base = [...servers.keys()].find((b) => url.startsWith(`${b}/`));
  const pub = base === undefined ? undefined : servers.get(base);
  if (pub === null) throw new TypeError('Failed to fetch');
  if (!pub) return new Response('', { status: 404 });
  if (url === `${base}/v2/meta.json`) return new Response(JSON.stringify(pub.meta));
  if (url === `${base}/v2/${pub.meta.keyset.path}`) return new Response(pub.bytes as Uint8Array<ArrayBuffer>);
  if (pub.meta.events && pub.events && url === `${base}/v2/${pub.meta.events.path}`)
    return new Response(pub.events as Uint8Array<ArrayBuffer>);
  return new Response('', { status: 404 });
});
const requests = () => fetchSpy.mock.calls.map(([u]) => requestUrl(u).replace(/^https:\/\/[^/]+/, ''));
const keysetDownloads = () => requests().filter((u) => u.startsWith('/v2/keyset/')).length;
/** Waits for a condition (generously: the suite runs files in parallel), polling often. */
const until = <T>(check: () => T | Promise<T>) => vi.waitFor(check, { timeout: 10_000, interval: 5 });

async function load() {
  vi.resetModules(); // module state (the key set in memory, the last status) as in a fresh service worker
  const sync = await import('../../../../entrypoints/background/keyset-sync');
  const { apiBaseSetting } = await import('../../../../stores/storage-items');
  const { getDb } = await import('../../../../utils/storage/db');
  return { ...sync, apiBaseSetting, db: getDb() };
}

beforeEach(async () => {
  fakeBrowser.reset();
  servers.clear();
  fetchSpy.mockClear();
  vi.stubGlobal('fetch', fetchSpy);
  const { db, apiBaseSetting } = await load();
  await db.keysets.clear();
  await apiBaseSetting.setValue(BASE);
});
afterEach(restoreNavigator);

describe('refreshKeySet', () => {
  it('downloads the key set named by meta.json (meta fetched with no-store) and puts it in use', async () => {
    const pub = await publication(['story-a', 'story-b', 'story-c']);
    servers.set(BASE, pub);
    const s = await load();
    const changed = vi.fn();
    s.onKeySetChanged(changed);
    expect(await s.refreshKeySet()).toEqual({ ok: true });
    expect(requests()).toEqual(['/v2/meta.json', `/v2/${pub.meta.keyset.path}`]);
    for (const [, init] of fetchSpy.mock.calls) expect(init).toMatchObject({ cache: 'no-store', credentials: 'omit' });
    const set = (await s.currentKeySet())!;
    for (const k of pub.keys) expect(set.has(k)).toBe(true);
    expect(set.has(await sha256hex('story-z'))).toBe(false);
    expect(changed).toHaveBeenCalledTimes(1);
    expect(await s.keySetInfoItem.getValue()).toMatchObject({ base: BASE, sha256: pub.meta.keyset.sha256, keys: 3 });
    // and it survives the worker: a fresh worker reads it from IndexedDB without any request
    fetchSpy.mockClear();
    const fresh = await load();
    expect((await fresh.currentKeySet())?.has(pub.keys[0]!)).toBe(true);
    expect(fetchSpy).not.toHaveBeenCalled();
  });

  it('does not download the key set again while meta.json names the same one', async () => {
    const pub = await publication(['story-a']);
    servers.set(BASE, pub);
    const s = await load();
    await s.refreshKeySet();
    const checked = (await s.db.keysets.get(BASE))!.checkedAt;
    fetchSpy.mockClear();
    const changed = vi.fn();
    s.onKeySetChanged(changed);
    for (let i = 0; i < 3; i++) expect(await s.refreshKeySet()).toEqual({ ok: true });
    expect(requests()).toEqual(['/v2/meta.json', '/v2/meta.json', '/v2/meta.json']);
    expect(changed).not.toHaveBeenCalled();
    expect((await s.db.keysets.get(BASE))!.checkedAt).toBeGreaterThanOrEqual(checked);
    // A worker started later does the same: meta.json only.
    fetchSpy.mockClear();
    await (await load()).refreshKeySet();
    expect(requests()).toEqual(['/v2/meta.json']);
  });

  it('downloads once when meta.json names a new key set, and uses the new set', async () => {
    const first = await publication(['story-a']);
    servers.set(BASE, first);
    const s = await load();
    await s.refreshKeySet();
    const second = await publication(['story-b', 'story-c']);
    servers.set(BASE, second);
    fetchSpy.mockClear();
    const changed = vi.fn();
    s.onKeySetChanged(changed);
    await s.refreshKeySet();
    await s.refreshKeySet();
    expect(keysetDownloads()).toBe(1);
    expect(changed).toHaveBeenCalledTimes(1);
    const set = (await s.currentKeySet())!;
    expect(set.has(second.keys[0]!)).toBe(true);
    expect(set.has(first.keys[0]!)).toBe(false);
    expect((await s.db.keysets.get(BASE))?.ref.sha256).toBe(second.meta.keyset.sha256);
  });

  it("drops the API base's cached shards when a new key set is stored (they may lack its new keys)", async () => {
    const first = await publication(['story-a']);
    servers.set(BASE, first);
    const s = await load();
    await s.refreshKeySet();
    const { createCache } = await import('../../../../utils/storage/cache');
    // The `all` shard cached with the first set knows nothing of story-b; another base's shard is not ours.
    await createCache(s.db, BASE).putShard('all', []);
    await createCache(s.db, OTHER).putShard('all', []);
    await s.refreshKeySet(); // the same set: the shard is kept
    expect(await createCache(s.db, BASE).getShard('all')).toBeDefined();
    servers.set(BASE, await publication(['story-a', 'story-b']));
    await s.refreshKeySet();
    expect(await createCache(s.db, BASE).getShard('all')).toBeUndefined();
    expect(await createCache(s.db, OTHER).getShard('all')).toBeDefined();
  });

  it('keeps the good key set when the new one does not hash to its name', async () => {
    const good = await publication(['story-a']);
    servers.set(BASE, good);
    const s = await load();
    await s.refreshKeySet();
    const tampered = (await publication(['story-b'])).bytes.slice();
    tampered[40] = tampered[40]! ^ 0xff;
    servers.set(BASE, await publication(['story-b'], tampered));
    const status = await s.refreshKeySet();
    expect(status).toMatchObject({
      ok: false,
      offline: false,
      message: /checksum/,
      fault: { kind: 'invalid', detail: /checksum/ },
    });
    expect(s.keySetStatus()).toEqual(status);
    expect((await s.currentKeySet())?.has(good.keys[0]!)).toBe(true);
    expect((await s.db.keysets.get(BASE))?.ref.sha256).toBe(good.meta.keyset.sha256);
    // A fresh worker still has the good one.
    expect((await (await load()).currentKeySet())?.has(good.keys[0]!)).toBe(true);
  });

  it('keeps the good key set when the new one hashes right but cannot be read', async () => {
    const good = await publication(['story-a']);
    servers.set(BASE, good);
    const s = await load();
    await s.refreshKeySet();
    const garbage = new TextEncoder().encode('<html>a captive portal</html>');
    const bad = await publication(['story-b']);
    const hash = await sha256(garbage);
    servers.set(BASE, {
      ...bad,
      bytes: garbage,
      meta: { ...bad.meta, keyset: { ...bad.meta.keyset, sha256: hash, path: `keyset/${hash}.bin` } },
    });
    expect((await s.refreshKeySet()).ok).toBe(false);
    expect((await s.db.keysets.get(BASE))?.ref.sha256).toBe(good.meta.keyset.sha256);
    expect((await s.currentKeySet())?.has(good.keys[0]!)).toBe(true);
  });

  /** A server that names the 44-byte match-all set (issue 19), its hash right: only the format can refuse it. */
  async function matchAllServer() {
    const bytes = matchAllKeySet();
    const hash = await sha256(bytes);
    const base = await publication(['story-b']);
    return {
      ...base,
      bytes,
      meta: {
        ...base.meta,
        keyset: { ...base.meta.keyset, sha256: hash, path: `keyset/${hash}.bin`, keys: 1, bytes: bytes.length },
      },
    };
  }

  it('refuses the match-all key set with a clear message and keeps the good set in use', async () => {
    const good = await publication(['story-a']);
    servers.set(BASE, good);
    const s = await load();
    await s.refreshKeySet();
    servers.set(BASE, await matchAllServer());
    const status = await s.refreshKeySet();
    expect(status).toMatchObject({ ok: false, fault: { kind: 'invalid' }, message: /range 1 is too small/ });
    const set = (await s.currentKeySet())!;
    expect(set.has(good.keys[0]!)).toBe(true);
    expect(set.has(await sha256hex('any page at all'))).toBe(false);
    expect((await s.db.keysets.get(BASE))?.ref.sha256).toBe(good.meta.keyset.sha256);
  });

  it('refuses the match-all key set on a fresh install: no set, so a page sends nothing', async () => {
    servers.set(BASE, await matchAllServer());
    const s = await load();
    expect(await s.refreshKeySet()).toMatchObject({ ok: false, message: /range 1 is too small/ });
    expect(await s.db.keysets.get(BASE)).toBeUndefined();
    const keySet = await s.currentKeySet();
    expect(keySet).toBeNull();
    const shard = vi.fn(async () => []);
    const page = {
      url: 'https://www.bbc.com/news/articles/c0000000',
      declared: [],
      titles: ['A headline'],
      publisher: null,
      lang: null,
    };
    expect(await resolvePage(page, { keySet, shard })).toEqual({ status: 'no-catalogue' });
    expect(shard).not.toHaveBeenCalled();
  });

  it('says offline when the browser is offline, and keeps what it has', async () => {
    const good = await publication(['story-a']);
    servers.set(BASE, good);
    const s = await load();
    await s.refreshKeySet();
    servers.set(BASE, null);
    setOnline(false);
    fetchSpy.mockClear();
    expect(await s.refreshKeySet()).toMatchObject({ ok: false, offline: true, fault: { kind: 'offline' } });
    expect(fetchSpy).toHaveBeenCalledTimes(1); // offline: not retried
    expect((await s.currentKeySet())?.has(good.keys[0]!)).toBe(true);
  });

  it('says "unreachable" (not offline) when the server cannot be reached while online, after retrying', async () => {
    const good = await publication(['story-a']);
    servers.set(BASE, good);
    const s = await load();
    await s.refreshKeySet();
    servers.set(BASE, null);
    vi.spyOn(Math, 'random').mockReturnValue(0); // the backoff's jitter: no wait
    fetchSpy.mockClear();
    expect(await s.refreshKeySet()).toMatchObject({ ok: false, offline: false, fault: { kind: 'unreachable' } });
    expect(fetchSpy).toHaveBeenCalledTimes(4); // the first attempt and 3 retries
    expect((await s.currentKeySet())?.has(good.keys[0]!)).toBe(true);
  });

  it('downloads the key set once however many callers ask at the same time', async () => {
    servers.set(BASE, await publication(['story-a']));
    const s = await load();
    const all = await Promise.all(Array.from({ length: 10 }, () => s.refreshKeySet()));
    for (const status of all) expect(status).toEqual({ ok: true });
    expect(keysetDownloads()).toBe(1);
    // One refresh, and at most one more for the callers that came while it ran (the base may have changed).
    expect(requests().filter((u) => u === '/v2/meta.json').length).toBeLessThanOrEqual(2);
  });
});

describe('the first download, against a server that is down (issue 19, held-out fault check)', () => {
  it('is tried again by itself, seconds after it failed, and the schedule ends with the set', async () => {
    servers.set(BASE, null); // every connection dropped
    vi.spyOn(Math, 'random').mockReturnValue(0); // the client's own backoff: no wait
    const s = await load();
    const changed = vi.fn();
    s.onKeySetChanged(changed);
    expect((await s.refreshKeySet()).ok).toBe(false);
    const schedule = (await s.keySetRetryItem.getValue())!;
    expect(schedule).toMatchObject({ base: BASE, attempt: 1 });
    expect(schedule.nextAt - Date.now()).toBeLessThanOrEqual(1000);
    // An alarm at the same time wakes a worker that was stopped meanwhile.
    expect((await fakeBrowser.alarms.get(s.KEYSET_RETRY_ALARM))?.scheduledTime).toBe(schedule.nextAt);
    const pub = await publication(['story-a']);
    servers.set(BASE, pub); // the server is back: nobody asks, the set comes
    await until(() => expect(changed).toHaveBeenCalledTimes(1));
    expect((await s.currentKeySet())?.has(pub.keys[0]!)).toBe(true);
    await until(async () => expect(await s.keySetRetryItem.getValue()).toBeNull());
    expect(await fakeBrowser.alarms.get(s.KEYSET_RETRY_ALARM)).toBeFalsy();
  });

  it('waits longer after each failure: seconds first, then minutes', async () => {
    const { FIRST_KEYSET_DELAYS_MS, firstKeySetDelay } = await import('../../../../utils/prism/retry');
    expect(firstKeySetDelay(0)).toBe(1000);
    expect(FIRST_KEYSET_DELAYS_MS.slice(0, 6).every((d) => d <= 5000)).toBe(true);
    expect(firstKeySetDelay(13)).toBe(30 * 60_000);
    expect(firstKeySetDelay(1000)).toBe(30 * 60_000);
    expect(firstKeySetDelay(0, 20_000)).toBe(20_000); // never sooner than a Retry-After
    for (let i = 1; i < FIRST_KEYSET_DELAYS_MS.length; i++) {
      expect(FIRST_KEYSET_DELAYS_MS[i]!).toBeGreaterThanOrEqual(FIRST_KEYSET_DELAYS_MS[i - 1]!);
    }
  });

  it('resumes in a new worker when the old one was stopped during the download', async () => {
    const pub = await publication(['story-a']);
    servers.set(BASE, pub);
    const s = await load();
    // The worker is stopped mid-download: the try was armed (schedule and alarm) before it started.
    fetchSpy.mockImplementationOnce(() => new Promise<Response>(() => undefined));
    void s.refreshKeySet();
    await until(async () => expect(await s.keySetRetryItem.getValue()).toMatchObject({ base: BASE, attempt: 1 }));
    expect(await fakeBrowser.alarms.get(s.KEYSET_RETRY_ALARM)).toBeTruthy();
    // A new worker starts (the alarm, or any event): it takes the schedule up by itself, with no lookup asking.
    const fresh = await load();
    fresh.watchKeySet();
    await until(async () => expect((await fresh.currentKeySet())?.has(pub.keys[0]!)).toBe(true));
    expect(keysetDownloads()).toBe(1);
  });
});

describe("the shards' prefix length meta.json names (the anonymity set)", () => {
  it('is kept with the key set and used; 5 when meta.json names none', async () => {
    const pub = await publication(['story-a']);
    servers.set(BASE, { ...pub, meta: { ...pub.meta, lookup: { prefixLength: 0 } } });
    const s = await load();
    await s.refreshKeySet();
    expect(s.keySetInUse()?.prefixLength).toBe(0);
    const fresh = await load(); // a new worker reads it back with the set
    await fresh.currentKeySet();
    expect(fresh.keySetInUse()?.prefixLength).toBe(0);
    servers.set(BASE, { ...pub, meta: { ...pub.meta, lookup: { prefixLength: 2 } } }); // same set, new length
    await fresh.refreshKeySet();
    expect(fresh.keySetInUse()?.prefixLength).toBe(2);
    const other = await publication(['story-b']);
    servers.set(BASE, other);
    await fresh.refreshKeySet();
    expect(fresh.keySetInUse()?.prefixLength).toBe(5);
  });

  it('an absurd prefix length makes meta.json unreadable: refused, the set in use kept', async () => {
    const good = await publication(['story-a']);
    servers.set(BASE, { ...good, meta: { ...good.meta, lookup: { prefixLength: 3 } } });
    const s = await load();
    await s.refreshKeySet();
    for (const prefixLength of [6, -1, 1.5, 64]) {
      const next = await publication(['story-b']);
      servers.set(BASE, { ...next, meta: { ...next.meta, lookup: { prefixLength } } });
      expect(await s.refreshKeySet()).toMatchObject({ ok: false, fault: { kind: 'invalid', detail: /prefixLength/ } });
      expect(s.keySetInUse()).toMatchObject({ sha256: good.meta.keyset.sha256, prefixLength: 3 });
    }
  });
});

describe('the event index meta.json names (same-event matching, issue 23)', () => {
  /** A publication of `words`' key set whose meta.json names the event index of `titles`' stories. */
  async function withEvents(words: string[], titles: string[]) {
    const pub = await publication(words);
    const stories = titles.map((title, i) =>
      makeStory({ id: `story-${i}`, publishedAt: new Date().toISOString(), source: { ...makeStory().source, title } }),
    );
    const file = await eventIndexFile(stories, new Date());
    return { ...pub, meta: { ...pub.meta, events: file.ref }, events: file.bytes };
  }
  const eventDownloads = () => requests().filter((u) => u.startsWith('/v2/events/')).length;

  it('is downloaded with the key set, kept beside it, and not again while meta.json names the same one', async () => {
    const pub = await withEvents(['story-a'], ['Belarus frees prisoners']);
    servers.set(BASE, pub);
    const s = await load();
    expect(await s.refreshKeySet()).toEqual({ ok: true });
    expect(eventDownloads()).toBe(1);
    const row = (await s.db.keysets.get(BASE))!;
    expect(row.events?.ref).toEqual(pub.meta.events);
    expect(row.events?.bytes).toEqual(pub.events);
    await s.refreshKeySet();
    await (await load()).refreshKeySet(); // a new worker too
    expect(eventDownloads()).toBe(1);
    // A new index with the same key set is downloaded once, and replaces the old one.
    const next = await withEvents(['story-a'], ['Belarus frees prisoners', 'Iceland volcano erupts']);
    servers.set(BASE, next);
    await s.refreshKeySet();
    expect(eventDownloads()).toBe(2);
    expect((await s.db.keysets.get(BASE))!.events?.ref.sha256).toBe(next.meta.events.sha256);
  });

  it('is refused when it does not hash to its name or cannot be read: the key set still in use, the old one kept', async () => {
    const good = await withEvents(['story-a'], ['Belarus frees prisoners']);
    servers.set(BASE, good);
    const s = await load();
    await s.refreshKeySet();
    const tampered = await withEvents(['story-a'], ['Iceland volcano erupts']);
    const flipped = tampered.events.slice();
    flipped[flipped.length - 1]! ^= 1;
    servers.set(BASE, { ...tampered, events: flipped });
    expect(await s.refreshKeySet()).toEqual({ ok: true });
    expect((await s.db.keysets.get(BASE))!.events?.ref.sha256).toBe(good.meta.events.sha256);
    // Hashing right but not an index (a key set named as the event index): refused the same way.
    const garbage = tampered.bytes;
    const hash = await sha256(garbage);
    const ref = { ...tampered.meta.events, path: `events/${hash}.bin`, sha256: hash, bytes: garbage.length };
    servers.set(BASE, { ...tampered, meta: { ...tampered.meta, events: ref }, events: garbage });
    expect(await s.refreshKeySet()).toEqual({ ok: true });
    expect((await s.db.keysets.get(BASE))!.events?.ref.sha256).toBe(good.meta.events.sha256);
    // Larger than a reader accepts: not even requested.
    const before = eventDownloads();
    const huge = { ...tampered.meta.events, bytes: 64 * 1024 * 1024 };
    servers.set(BASE, { ...tampered, meta: { ...tampered.meta, events: huge } });
    expect(await s.refreshKeySet()).toEqual({ ok: true });
    expect(eventDownloads()).toBe(before);
    expect(s.keySetInUse()?.sha256).toBe(good.meta.keyset.sha256);
  });

  it('is dropped when meta.json names none (or a format this version cannot read)', async () => {
    const pub = await withEvents(['story-a'], ['Belarus frees prisoners']);
    servers.set(BASE, pub);
    const s = await load();
    await s.refreshKeySet();
    servers.set(BASE, { ...pub, meta: { ...pub.meta, events: { ...pub.meta.events, format: 'pev-v9' } } });
    await s.refreshKeySet();
    expect((await s.db.keysets.get(BASE))!.events).toBeUndefined();
    expect(eventDownloads()).toBe(1);
  });
});

describe('currentKeySet', () => {
  it('is null without a key set, and asks for one (not at every lookup)', async () => {
    const pub = await publication(['story-a']);
    servers.set(BASE, pub);
    const s = await load();
    expect(await s.currentKeySet()).toBeNull();
    expect(await s.currentKeySet()).toBeNull(); // the refresh it started may still be running
    await until(async () => expect((await s.currentKeySet())?.has(pub.keys[0]!)).toBe(true));
    expect(requests().filter((u) => u === '/v2/meta.json')).toHaveLength(1);
    expect(keysetDownloads()).toBe(1);
  });

  it("belongs to one API base: another base's key set is never used", async () => {
    const a = await publication(['story-a']);
    servers.set(BASE, a);
    const s = await load();
    await s.refreshKeySet();
    await s.apiBaseSetting.setValue(OTHER);
    expect(await s.currentKeySet()).toBeNull();
    servers.set(OTHER, await publication(['story-b']));
    await s.refreshKeySet();
    expect((await s.currentKeySet())?.has(a.keys[0]!)).toBe(false);
  });
});

describe('watchKeySet', () => {
  it('refreshes on install, at start and on its alarm, created once', async () => {
    servers.set(BASE, await publication(['story-a']));
    const s = await load();
    s.watchKeySet();
    await until(async () =>
      expect(await fakeBrowser.alarms.get(s.KEYSET_ALARM)).toMatchObject({ periodInMinutes: s.REFRESH_MINUTES }),
    );
    const alarm = (await fakeBrowser.alarms.get(s.KEYSET_ALARM))!;
    s.watchKeySet(); // a second worker start does not push the next refresh back
    await new Promise((r) => setTimeout(r, 0));
    expect((await fakeBrowser.alarms.get(s.KEYSET_ALARM))?.scheduledTime).toBe(alarm.scheduledTime);

    await fakeBrowser.runtime.onInstalled.trigger({ reason: 'install' } as never);
    await s.refreshKeySet();
    expect(keysetDownloads()).toBe(1);
    fetchSpy.mockClear();
    await fakeBrowser.alarms.onAlarm.trigger({ name: 'something-else', scheduledTime: 0 } as never);
    await fakeBrowser.alarms.onAlarm.trigger({ name: s.KEYSET_ALARM, scheduledTime: 0 } as never);
    await s.refreshKeySet();
    await fakeBrowser.runtime.onStartup.trigger();
    await s.refreshKeySet();
    expect(requests().filter((u) => u === '/v2/meta.json').length).toBeGreaterThanOrEqual(2);
    expect(keysetDownloads()).toBe(0);
  });

  it('serves a base change that comes while a refresh of the old base is running', async () => {
    servers.set(BASE, await publication(['story-a']));
    const b = await publication(['story-b']);
    servers.set(OTHER, b);
    const s = await load();
    s.watchKeySet();
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const real = fetchSpy.getMockImplementation()!;
    fetchSpy.mockImplementationOnce(async (input, init) => {
      await gate; // the old base's meta.json is slow
      return real(input, init);
    });
    const first = s.refreshKeySet();
    await until(() => expect(fetchSpy).toHaveBeenCalledTimes(1));
    await s.apiBaseSetting.setValue(OTHER);
    release();
    await first;
    // Without any lookup asking (a lookup that finds no key set would ask by itself), the new base's set comes.
    await until(async () => expect((await s.db.keysets.get(OTHER))?.ref.sha256).toBe(b.meta.keyset.sha256));
    expect((await s.currentKeySet())?.has(b.keys[0]!)).toBe(true);
  });

  it("fetches the new base's key set when the reader changes the API base", async () => {
    servers.set(BASE, await publication(['story-a']));
    const b = await publication(['story-b']);
    servers.set(OTHER, b);
    const s = await load();
    s.watchKeySet();
    await s.refreshKeySet();
    fetchSpy.mockClear();
    await s.apiBaseSetting.setValue(OTHER);
    await until(() => expect(requests()).toContain(`/v2/${b.meta.keyset.path}`));
    await s.refreshKeySet();
    expect(fetchSpy.mock.calls.every(([u]) => requestUrl(u).startsWith(OTHER))).toBe(true);
    expect((await s.currentKeySet())?.has(b.keys[0]!)).toBe(true);
  });
});
