/**
 * The fault server (tools/servers/fault-server.ts) on a real startStaticServer over a tiny v2 tree: each fault does
 * to the client what docs/faults.md says, only to the paths it is scoped to, only as often as it says, and a bad
 * spec is refused naming its bad part.
 */
import { request } from 'node:http';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  createFaultController,
  FaultSpecError,
  HUGE_BYTES,
  parseFaults,
  type FaultController,
} from '../../../../tools/servers/fault-server';
import { apiCacheControl, startStaticServer, type RunningServer } from '../../../../tools/servers/static-server';

const META = '/v2/meta.json';
const KEYSET = `/v2/keyset/${'a'.repeat(64)}.bin`;
const SHARD = '/v2/lookup/abcde.json';
const STORY = '/v2/stories/s1.json';
const STORY_TEXT = JSON.stringify({ v: 1, id: 's1', padding: 'x'.repeat(2000) });

let dir: string;
let server: RunningServer;
let faults: FaultController;
const log: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'fault-server-'));
  const files: Record<string, string> = {
    [META]: JSON.stringify({ v: 2, stories: 1 }),
    [KEYSET]: 'keyset bytes',
    [SHARD]: JSON.stringify({ v: 2, entries: [] }),
    [STORY]: STORY_TEXT,
    '/index.html': '<p>not the API</p>',
  };
  for (const [path, text] of Object.entries(files)) {
    await mkdir(join(dir, path, '..'), { recursive: true });
    await writeFile(join(dir, path), text);
  }
  faults = createFaultController();
  server = await startStaticServer({
    root: dir,
    cors: true,
    cacheControl: apiCacheControl,
    log: (l) => log.push(l),
    faults,
  });
});
afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});
beforeEach(() => {
  faults.clear();
  log.length = 0;
});

const get = (path: string, init?: RequestInit) => fetch(`${server.url}${path}`, init);
/** The statuses of `paths` fetched one after the other (bodies read). */
async function statuses(...paths: string[]): Promise<number[]> {
  const out: number[] = [];
  for (const path of paths) {
    const res = await get(path);
    await res.arrayBuffer();
    out.push(res.status);
  }
  return out;
}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('without faults', () => {
  it('serves every path as before', async () => {
    expect(await statuses(META, KEYSET, SHARD, STORY, '/', '/v2/stories/none.json')).toEqual([
      200, 200, 200, 200, 200, 404,
    ]);
    expect(faults.applied()).toEqual([]);
    expect(log).toContain(`200 ${STORY}`);
  });
});

describe('status faults', () => {
  it('503-once answers only the first matching request with 503, and says so in the log and applied()', async () => {
    faults.set('503-once');
    expect(await statuses(STORY, STORY, META, STORY)).toEqual([503, 200, 200, 200]);
    expect(faults.applied()).toEqual([{ fault: '503-once', path: STORY }]);
    expect(log[0]).toBe(`503 ${STORY} (fault 503-once)`);
  });

  it('500-once and 503:N answer the first one and the first N', async () => {
    faults.set('500-once');
    expect(await statuses(META, META)).toEqual([500, 200]);
    faults.set('503:3');
    expect(await statuses(SHARD, SHARD, SHARD, SHARD)).toEqual([503, 503, 503, 200]);
    expect(faults.applied()).toHaveLength(3); // set() started a new record
  });

  it('429:<s> and 503-retry-after:<s> send Retry-After (exposed to cross-origin readers), then serve', async () => {
    faults.set('story:429:7');
    const limited = await get(STORY);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect(limited.headers.get('access-control-expose-headers')).toBe('Retry-After');
    expect(limited.headers.get('cache-control')).toBe('no-store');
    await limited.arrayBuffer();
    expect(await statuses(STORY)).toEqual([200]);

    faults.set('503-retry-after:2');
    const busy = await get(META);
    expect([busy.status, busy.headers.get('retry-after')]).toEqual([503, '2']);
    await busy.arrayBuffer();
    expect(await statuses(META)).toEqual([200]);
  });

  it('answering faults of one kind take turns in spec order', async () => {
    faults.set('story:503-once,story:429:1,story:500-once');
    expect(await statuses(STORY, STORY, STORY, STORY)).toEqual([503, 429, 500, 200]);
    expect(faults.applied().map((a) => a.fault)).toEqual(['story:503-once', 'story:429:1', 'story:500-once']);
  });
});

describe('scoping', () => {
  it('a prefix limits a fault to its kind of path', async () => {
    faults.set('story:503-once,lookup:500-once');
    expect(await statuses(META, KEYSET, SHARD, STORY, SHARD, STORY)).toEqual([200, 200, 500, 503, 200, 200]);
    faults.set('meta:503:2,keyset:503-once');
    expect(await statuses(STORY, SHARD, META, KEYSET, META, KEYSET)).toEqual([200, 200, 503, 503, 503, 200]);
  });

  it('unscoped faults leave non-API paths and other methods alone', async () => {
    faults.set('503:5');
    expect(await statuses('/index.html', '/v2/other.json', '/v1/stories/s1.json')).toEqual([200, 404, 404]);
    expect((await get(STORY, { method: 'HEAD' })).status).toBe(200);
    expect((await get(STORY, { method: 'OPTIONS' })).status).toBe(204);
    expect(faults.applied()).toEqual([]);
  });
});

describe('slow', () => {
  it('holds every matching answer back, and nothing else', async () => {
    faults.set('story:slow:300ms');
    for (let i = 0; i < 2; i++) {
      const started = Date.now();
      expect(await statuses(STORY)).toEqual([200]);
      expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    }
    const started = Date.now();
    expect(await statuses(META)).toEqual([200]);
    expect(Date.now() - started).toBeLessThan(290);
    expect(faults.applied()).toEqual([
      { fault: 'story:slow:300ms', path: STORY },
      { fault: 'story:slow:300ms', path: STORY },
    ]);
  });

  it('a client that gives up frees the request', async () => {
    faults.set('slow:5s');
    const started = Date.now();
    await expect(get(META, { signal: AbortSignal.timeout(100) })).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(1000);
    faults.clear();
    expect(await statuses(META)).toEqual([200]);
  });
});

describe('broken connections and wrong bodies', () => {
  it('reset: the client gets a network error, on every matching request', async () => {
    faults.set('story:reset');
    await expect(get(STORY)).rejects.toThrow(TypeError);
    await expect(get(STORY)).rejects.toThrow(TypeError);
    expect(await statuses(META)).toEqual([200]);
    expect(faults.applied()).toHaveLength(2);
  });

  it('truncate: the full Content-Length, half the body, then the connection drops', async () => {
    faults.set('story:truncate');
    const res = await get(STORY);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBe(String(Buffer.byteLength(STORY_TEXT)));
    await expect(res.text()).rejects.toThrow(TypeError);

    const received = await new Promise<{ bytes: number; error?: Error }>((resolve) => {
      let bytes = 0;
      request(`${server.url}${STORY}`, (answer) => {
        answer.on('data', (chunk: Buffer) => (bytes += chunk.length));
        answer.on('error', (error) => resolve({ bytes, error }));
        answer.on('end', () => resolve({ bytes }));
      }).end();
    });
    expect(received.error).toBeDefined();
    expect(received.bytes).toBe(Math.floor(Buffer.byteLength(STORY_TEXT) / 2));
  });

  it('truncate leaves a path with nothing to serve to its 404', async () => {
    faults.set('truncate');
    expect(await statuses('/v2/stories/none.json')).toEqual([404]);
    expect(faults.applied()).toEqual([]);
  });

  it('html: 200 with a text/html error page instead of the JSON', async () => {
    faults.set('lookup:html');
    const res = await get(SHARD);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await res.text()).toMatch(/^<!doctype html>/);
  });

  it('huge: a JSON start and more than 64 MiB, with no Content-Length', async () => {
    faults.set('story:huge');
    const abort = new AbortController();
    const res = await get(STORY, { signal: abort.signal });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBeNull();
    const reader = res.body!.getReader();
    const cap = 64 * 1024 * 1024;
    let total = 0;
    let first = '';
    while (total <= cap) {
      const { value, done } = await reader.read();
      if (done) break;
      if (!first) first = new TextDecoder().decode(value.subarray(0, 20));
      total += value.length;
    }
    abort.abort();
    expect(first).toMatch(/^\{"v":1,/);
    expect(total).toBeGreaterThan(cap);
    expect(HUGE_BYTES).toBeGreaterThan(cap);
    expect(await statuses(META)).toEqual([200]); // the server is still there
  }, 30_000);
});

describe('redirects', () => {
  it('redirect-same-origin: 302 to the same path with ?r=1, which is served', async () => {
    faults.set('story:redirect-same-origin');
    const manual = await get(STORY, { redirect: 'manual' });
    expect(manual.status).toBe(302);
    expect(manual.headers.get('location')).toBe(`${STORY}?r=1`);
    const followed = await get(STORY);
    expect([followed.status, followed.redirected, followed.url]).toEqual([200, true, `${server.url}${STORY}?r=1`]);
    expect(await followed.text()).toBe(STORY_TEXT);
  });

  it('redirect-cross-origin: 302 to another origin, which serves the same folder and lists who came', async () => {
    faults.set('meta:redirect-cross-origin');
    const manual = await get(`${META}?x=1`, { redirect: 'manual' });
    expect(manual.status).toBe(302);
    const to = new URL(manual.headers.get('location')!);
    expect(to.hostname).toBe('127.0.0.1');
    expect(to.origin).not.toBe(new URL(server.url).origin);
    expect(to.origin).toBe(faults.elsewhereUrl());
    expect(to.pathname + to.search).toBe(`${META}?x=1`);
    expect(faults.elsewhereRequests()).toEqual([]);

    const followed = await get(META);
    expect(followed.redirected).toBe(true);
    expect(new URL(followed.url).origin).toBe(to.origin);
    expect(await followed.json()).toEqual({ v: 2, stories: 1 });
    expect(faults.elsewhereRequests()).toEqual([`200 ${META}`]);
  });
});

describe('down', () => {
  it('down refuses every request, API or not, until the faults change', async () => {
    faults.set('down');
    await expect(get(META)).rejects.toThrow(TypeError);
    await expect(get('/index.html')).rejects.toThrow(TypeError);
    expect(faults.applied()).toEqual([
      { fault: 'down', path: META },
      { fault: 'down', path: '/index.html' },
    ]);
    faults.clear();
    expect(await statuses(META)).toEqual([200]);
  });

  it('down-for:<duration> refuses until that long after the spec was set, then recovers', async () => {
    faults.set('down-for:300ms');
    await expect(get(STORY)).rejects.toThrow(TypeError);
    await sleep(350);
    expect(await statuses(STORY, META)).toEqual([200, 200]);
    expect(faults.applied()).toEqual([{ fault: 'down-for:300ms', path: STORY }]);
  });

  it('down-for counts from the server start when given at the start', async () => {
    const own = createFaultController('story:down-for:300ms');
    await sleep(400); // before the server starts: not counted
    const other = await startStaticServer({ root: dir, faults: own });
    try {
      await expect(fetch(`${other.url}${STORY}`)).rejects.toThrow(TypeError);
      expect((await fetch(`${other.url}${META}`)).status).toBe(200);
      await sleep(350);
      expect((await fetch(`${other.url}${STORY}`)).status).toBe(200);
    } finally {
      await other.close();
    }
  });
});

describe('the spec', () => {
  it('parses every fault, with its scope and argument', () => {
    const spec =
      '503-once,story:500-once,lookup:503:4,meta:429:30,keyset:503-retry-after:5,slow:12s,story:slow:500ms,' +
      'slow:1.5s,reset,truncate,html,huge,redirect-cross-origin,redirect-same-origin,down-for:2s,down';
    const parsed = parseFaults(spec);
    expect(parsed.map((f) => f.text)).toEqual(spec.split(','));
    expect(parsed[2]).toMatchObject({ type: 'status', status: 503, times: 4, scope: 'lookup' });
    expect(parsed[3]).toMatchObject({ type: 'status', status: 429, times: 1, retryAfter: 30, scope: 'meta' });
    expect(parsed[5]).toMatchObject({ type: 'slow', ms: 12_000 });
    expect(parsed[6]).toMatchObject({ type: 'slow', ms: 500, scope: 'story' });
    expect(parsed[7]).toMatchObject({ type: 'slow', ms: 1500 });
    expect(parsed[14]).toMatchObject({ type: 'down', forMs: 2000 });
    expect(parsed[15]).toEqual({ text: 'down', scope: undefined, type: 'down' });
    expect(parseFaults(' story:503-once , lookup:slow:1s ').map((f) => f.text)).toEqual([
      'story:503-once',
      'lookup:slow:1s',
    ]);
  });

  it.each([
    ['story:503-twice', 'story:503-twice', /unknown fault "503-twice"/],
    ['stories:503-once', 'stories:503-once', /unknown kind of path "stories"/],
    ['slow:12', 'slow:12', /slow:<duration> needs a duration/],
    ['slow:fast', 'slow:fast', /needs a duration/],
    ['slow', 'slow', /needs a duration/],
    ['down-for:1m', 'down-for:1m', /needs a duration/],
    ['429', '429', /429:<seconds> needs a whole number of seconds/],
    ['429:1.5', '429:1.5', /whole number/],
    ['503', '503', /503:<n> needs a count/],
    ['503:0', '503:0', /503:<n> needs a count/],
    ['reset:5', 'reset:5', /reset takes no argument/],
    ['503-once:2', '503-once:2', /takes no argument/],
    ['story:slow:1s:2', 'story:slow:1s:2', /too many ":"/],
    ['story:503-once,,html', '', /empty fault/],
    ['story:', 'story:', /empty fault/],
    ['', '', /empty spec/],
  ])('refuses %j, naming the bad part', (spec, part, reason) => {
    let error: unknown;
    try {
      parseFaults(spec);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(FaultSpecError);
    expect((error as FaultSpecError).part).toBe(part);
    expect((error as Error).message).toContain(`bad fault ${JSON.stringify(part)}`);
    expect((error as Error).message).toMatch(reason);
  });

  it('a bad spec given to set() leaves the faults in force', async () => {
    faults.set('story:503:2');
    expect(() => faults.set('story:503-once,oops')).toThrow(/unknown fault "oops"/);
    expect(faults.active().map((f) => f.text)).toEqual(['story:503:2']);
    expect(await statuses(STORY, STORY, STORY)).toEqual([503, 503, 200]);
  });
});
