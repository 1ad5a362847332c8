/**
 * The PRISM API client (contract v2, docs/prism-api.md). What it asks for: `meta.json` and the key set (the same
 * for every reader), the one shard that names a key the local key set holds, and a story by id when the reader
 * opens it. Every answer is read under a byte cap counted on the stream and validated against the schema before
 * it is used or cached. Requests carry no cookies, no referrer and no validators (`cache: 'no-store'`: an ETag
 * would let a server recognise a browser). Identical requests in flight are shared.
 *
 * How it fails, and when it tries again (utils/prism/retry.ts has the policy): a network failure while online and
 * a 5xx are retried with backoff, 429/503 after their `Retry-After`; nothing else is. At most MAX_IN_FLIGHT
 * requests are on the network at once (the others wait in a FIFO of this module), and each request's timeout
 * starts when it leaves that queue, so it measures the server, not the number of tabs. Every failure is a
 * PrismError whose `kind` says what went wrong (the UI picks the reader's words from it) and whose `message` is an
 * English sentence for logs and "details".
 */
import { AnswerNotTextError, AnswerTooLargeError, readCappedBytes, readCappedText } from './read-capped';
import {
  API_PREFIX,
  API_VERSION,
  formatProblems,
  isWithdrawn,
  parseLookupShard,
  parseMeta,
  parseStoryFile,
  STORY_FORMAT,
  type EventIndexRef,
  type KeySetRef,
  type LookupEntry,
  type Meta,
  type Parsed,
  type Story,
} from './schema';
import type { Cache } from '../storage/cache';
import type { Fault, PrismErrorKind } from './fault';
import { ALL_SHARD, sha256hexOfBytes } from './keys';
import { decide, RETRY_POLICY, type Decision, type Failure, type RetryPolicy } from './retry';

export class PrismError extends Error {
  constructor(
    readonly kind: PrismErrorKind,
    message: string,
    readonly status?: number,
    /** How long the server asked to be left alone (a `Retry-After` longer than the client waits by itself). */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'PrismError';
  }
}

/**
 * What went wrong, as the views receive it. Anything that is not a PrismError (a bug, the per-page lookup limit,
 * a lookup superseded by a newer one) is `unknown`: nothing says it is the network's fault, so it is not called so.
 */
export function faultOf(err: unknown): Fault {
  if (err instanceof PrismError) {
    return {
      kind: err.kind,
      detail: err.message,
      ...(err.status === undefined ? {} : { status: err.status }),
      ...(err.retryAfterMs === undefined ? {} : { retryAfterMs: err.retryAfterMs }),
    };
  }
  return { kind: 'unknown', detail: err instanceof Error ? err.message : String(err) };
}

/** Failures of the network itself, after which an expired cached answer is better than none. */
const NETWORK_KINDS: ReadonlySet<PrismErrorKind> = new Set(['offline', 'unreachable', 'timeout']);
const networkFailure = (err: unknown) => err instanceof PrismError && NETWORK_KINDS.has(err.kind);

export interface PrismClientOptions {
  base: string;
  cache: Cache;
  fetch?: typeof fetch;
  /** Per request, from the moment it leaves the queue until its whole answer is read. */
  timeoutMs?: number;
  /** Set when this build may not talk to `base` (not https): every request fails with this reason. */
  refused?: string;
  /** Whether the browser has a network; asked when a request fails. */
  isOnline?: () => boolean;
  /** Waits between attempts (tests pass one that returns at once). */
  sleep?: (ms: number) => Promise<void>;
  /** In [0, 1), for the backoff's jitter. */
  random?: () => number;
  /** Epoch ms, for the retry budget and an HTTP-date `Retry-After`. */
  now?: () => number;
  retry?: RetryPolicy;
}

/** Caps per kind of answer: none comes near them (bench.md has the real sizes). */
export const MAX_BYTES = {
  meta: 64 * 1024,
  // A shard holds at least 128 keys, and up to a few thousand (the publisher's prefix length: docs/privacy.md).
  shard: 4 * 1024 * 1024,
  story: 2 * 1024 * 1024,
  keyset: 64 * 1024 * 1024,
  // The event index (utils/match/event-index.ts MAX_EVENT_INDEX_BYTES): 100k stories are ~16 MB (docs/bench.md).
  events: 32 * 1024 * 1024,
} as const;

const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * Requests on the network at once, for this module (every client: the background makes one per use). Chromium
 * queues requests per host beyond its own limit, and a timeout started before that queue would measure the queue.
 */
export const MAX_IN_FLIGHT = 4;

export function apiUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${API_PREFIX}/${path}`;
}

/** One request per URL at a time, shared by every caller (twenty tabs of one article make one request). */
const inflight = new Map<string, Promise<unknown>>();
function shared<T>(url: string, run: () => Promise<T>): Promise<T> {
  const running = inflight.get(url);
  if (running) return running as Promise<T>;
  const p = run().finally(() => inflight.delete(url));
  inflight.set(url, p);
  return p;
}

/** At most `max` tasks at once; the others wait, first come first served. */
function createSlots(max: number) {
  let busy = 0;
  const waiting: (() => void)[] = [];
  return {
    async run<T>(task: () => Promise<T>): Promise<T> {
      if (busy < max) busy++;
      else await new Promise<void>((resolve) => waiting.push(resolve));
      try {
        return await task();
      } finally {
        const next = waiting.shift();
        if (next)
          next(); // the slot passes to the next in line
        else busy--;
      }
    },
  };
}
const slots = createSlots(MAX_IN_FLIGHT);

/** `promise`, or a rejection as soon as `signal` aborts (a fetch or body that ignores its signal frees the slot). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e as Error);
      },
    );
  });
}

function parseUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

function discard(res: Response): void {
  void res.body?.cancel().catch(() => undefined); // nothing to read: free the connection
}

/** A JSON object's numeric `v` above `version`: an answer of a newer contract or format. */
function newerVersion(json: unknown, version: number): number | null {
  const v = typeof json === 'object' && json !== null ? (json as { v?: unknown }).v : undefined;
  return typeof v === 'number' && Number.isInteger(v) && v > version ? v : null;
}

type Outcome<T> = { ok: true; value: T | null } | { ok: false; error: PrismError; failure: Failure };
const FINAL: Failure = { kind: 'final' };
const fail = (error: PrismError, failure: Failure = FINAL): Outcome<never> => ({ ok: false, error, failure });

export function createPrismClient(opts: PrismClientOptions) {
  const {
    base,
    cache,
    fetch: fetchFn = fetch,
    timeoutMs = DEFAULT_TIMEOUT_MS,
    isOnline = () => globalThis.navigator?.onLine !== false,
    sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
    random = () => Math.random(),
    now = () => Date.now(),
    retry: policy = RETRY_POLICY,
  } = opts;

  /** Why an answer that came through redirects is refused, or null when it is not. */
  function refusedRedirect(res: Response): string | null {
    if (!res.redirected) return null;
    const from = parseUrl(base);
    const to = parseUrl(res.url);
    if (!from || !to)
      return 'The PRISM server redirected to an address PRISM Lens cannot check; PRISM Lens does not use its answer.';
    if (from.protocol === 'https:' && to.protocol !== 'https:') {
      return 'The PRISM server redirected to a plain http address; PRISM Lens does not use its answer.';
    }
    // Redirects are followed only within the API's own origin (a static host's /path → /path/, say).
    if (to.origin !== from.origin)
      return 'The PRISM server redirected to another address; PRISM Lens does not use its answer.';
    return null;
  }

  /** One attempt, in a slot: the request and its whole body, under the timeout (which starts here). */
  async function attempt<T>(url: string, what: string, readBody: (res: Response) => Promise<T>): Promise<Outcome<T>> {
    const ctrl = new AbortController();
    const timer = setTimeout(
      () => ctrl.abort(new DOMException('The PRISM server did not answer in time.', 'TimeoutError')),
      timeoutMs,
    );
    const networkFault = (err: unknown, broke: boolean): Outcome<never> => {
      if (ctrl.signal.aborted || (err instanceof DOMException && err.name === 'TimeoutError')) {
        return fail(new PrismError('timeout', `The PRISM server did not answer within ${timeoutMs / 1000} s.`));
      }
      if (!isOnline()) return fail(new PrismError('offline', 'The browser is offline.'));
      const message = broke ? 'The connection to the PRISM server broke off' : 'Cannot reach the PRISM server';
      const why = err instanceof Error && err.message ? `: ${err.message}` : '';
      return fail(new PrismError('unreachable', `${message}${why.replace(/\.$/, '')}.`), { kind: 'network' });
    };
    try {
      let res: Response;
      try {
        res = await untilAborted(
          fetchFn(url, { credentials: 'omit', referrerPolicy: 'no-referrer', cache: 'no-store', signal: ctrl.signal }),
          ctrl.signal,
        );
      } catch (err) {
        return networkFault(err, false);
      }
      const refusal = refusedRedirect(res);
      if (refusal) {
        discard(res);
        return fail(new PrismError('refused', refusal));
      }
      if (res.status === 404) {
        discard(res);
        return { ok: true, value: null };
      }
      if (!res.ok) {
        discard(res);
        const failure: Failure = { kind: 'status', status: res.status, retryAfter: res.headers.get('retry-after') };
        return fail(new PrismError('http', `The PRISM server answered ${res.status}.`, res.status), failure);
      }
      try {
        return { ok: true, value: await untilAborted(readBody(res), ctrl.signal) };
      } catch (err) {
        if (err instanceof AnswerTooLargeError)
          return fail(new PrismError('invalid', `The PRISM server sent a ${what} that is too large.`));
        if (err instanceof AnswerNotTextError)
          return fail(new PrismError('invalid', `The PRISM server sent a ${what} that is not text.`));
        return networkFault(err, true);
      }
    } finally {
      clearTimeout(timer);
    }
  }

  /** The error to throw when the policy says no more. */
  function givenUp(error: PrismError, decision: Decision & { retry: false }, tries: number): PrismError {
    if (decision.why === 'final') return error;
    if (decision.why === 'retry-after') {
      const seconds = Math.ceil((decision.waitMs ?? 0) / 1000);
      return new PrismError(
        'http',
        `The PRISM server answered ${error.status} and asked to wait ${seconds} s; PRISM Lens does not wait that long now.`,
        error.status,
        decision.waitMs,
      );
    }
    const times = tries === 1 ? 'once' : `${tries} times`;
    return new PrismError(error.kind, `${error.message.replace(/\.$/, '')} (tried ${times}).`, error.status);
  }

  /**
   * The body of `path` as `readBody` reads it, or null for a 404 (an answer: "there is no such file"). Retried as
   * the policy says; the whole sequence runs inside the caller's `shared` promise.
   */
  async function request<T>(path: string, what: string, readBody: (res: Response) => Promise<T>): Promise<T | null> {
    if (opts.refused) throw new PrismError('refused', opts.refused);
    const url = apiUrl(base, path);
    const start = now();
    for (let retries = 0; ; retries++) {
      const outcome = await slots.run(() => attempt(url, what, readBody));
      if (outcome.ok) return outcome.value;
      const t = now();
      const decision = decide(policy, outcome.failure, { retries, elapsedMs: t - start, now: t, random });
      if (!decision.retry) throw givenUp(outcome.error, decision, retries + 1);
      await sleep(decision.waitMs);
    }
  }

  /** The JSON of `path`, or null for a 404. */
  async function getJson(path: string, max: number, what: string): Promise<unknown> {
    const text = await request(path, what, (res) => readCappedText(res, max));
    if (text === null) return null;
    try {
      return JSON.parse(text) as unknown;
    } catch {
      throw new PrismError('invalid', `The PRISM server sent a ${what} that is not JSON.`);
    }
  }

  /** The parsed value, or the error that says why not: `newer` when the answer is of a later version. */
  function valid<T>(json: unknown, parsed: Parsed<T>, what: string, version: number, versionName: string): T {
    if (parsed.ok) return parsed.value;
    const newer = newerVersion(json, version);
    if (newer !== null) {
      throw new PrismError(
        'newer',
        `PRISM sent a ${what} of ${versionName} ${newer}; this version of PRISM Lens reads ${versionName} ${version}.`,
      );
    }
    throw new PrismError(
      'invalid',
      `PRISM sent a ${what} this version cannot read (${formatProblems(parsed.problems, 3)}).`,
    );
  }

  async function fetchShard(prefix: string): Promise<LookupEntry[]> {
    const json = await getJson(`lookup/${prefix}.json`, MAX_BYTES.shard, 'lookup answer');
    if (json === null) return [];
    const shard = valid(json, parseLookupShard(json), 'lookup answer', API_VERSION, 'contract');
    return prefix === ALL_SHARD ? shard.entries : shard.entries.filter((e) => e.key.startsWith(prefix));
  }

  async function shardAnswer(prefix: string): Promise<{ entries: LookupEntry[]; network: boolean }> {
    const cached = await cache.getShard(prefix);
    if (cached?.fresh) return { entries: cached.value, network: false };
    try {
      const entries = await shared(apiUrl(base, `lookup/${prefix}.json`), () => fetchShard(prefix));
      await cache.putShard(prefix, entries);
      return { entries, network: true };
    } catch (err) {
      // The network failed with a stale answer at hand: the stale answer is better than none.
      if (cached && networkFailure(err)) return { entries: cached.value, network: false };
      throw err;
    }
  }

  return {
    base,

    /** The current publication (`cache: 'no-store'`, every time). */
    meta: (): Promise<Meta> =>
      shared(apiUrl(base, 'meta.json'), async () => {
        const json = await getJson('meta.json', MAX_BYTES.meta, 'catalogue description');
        if (json === null) throw new PrismError('invalid', 'This address is not a PRISM v2 API (it has no meta.json).');
        return valid(json, parseMeta(json), 'catalogue description', API_VERSION, 'contract');
      }),

    /** The key-set file meta.json names; refused unless its bytes hash to the name. */
    keySetBytes: (ref: KeySetRef): Promise<Uint8Array> =>
      shared(apiUrl(base, ref.path), async () => {
        const bytes = await request(ref.path, 'key set', (res) => readCappedBytes(res, MAX_BYTES.keyset));
        if (bytes === null) throw new PrismError('invalid', 'The key set that meta.json names is missing.');
        if ((await sha256hexOfBytes(bytes)) !== ref.sha256) {
          throw new PrismError('invalid', 'The PRISM key set does not match its published checksum.');
        }
        return bytes;
      }),

    /** The event index meta.json names (same-event matching); refused unless its bytes hash to the name. */
    eventIndexBytes: (ref: EventIndexRef): Promise<Uint8Array> =>
      shared(apiUrl(base, ref.path), async () => {
        if (ref.bytes > MAX_BYTES.events) {
          throw new PrismError('invalid', 'The PRISM event index is larger than PRISM Lens accepts.');
        }
        const bytes = await request(ref.path, 'event index', (res) => readCappedBytes(res, MAX_BYTES.events));
        if (bytes === null) throw new PrismError('invalid', 'The event index that meta.json names is missing.');
        if ((await sha256hexOfBytes(bytes)) !== ref.sha256) {
          throw new PrismError('invalid', 'The PRISM event index does not match its published checksum.');
        }
        return bytes;
      }),

    /** The entries of one shard, from the cache when fresh. */
    shard: async (prefix: string): Promise<LookupEntry[]> => (await shardAnswer(prefix)).entries,

    /** The entries of one shard and whether they came from the network (the shard-miss guard counts only those). */
    shardAnswer,

    async story(id: string): Promise<Story> {
      const cached = await cache.getStory(id);
      if (cached?.fresh) return cached.value;
      try {
        const story = await shared(apiUrl(base, `stories/${id}.json`), async () => {
          const json = await getJson(`stories/${encodeURIComponent(id)}.json`, MAX_BYTES.story, 'story');
          if (json === null) throw new PrismError('http', 'PRISM has no such story any more.', 404);
          const file = valid(json, parseStoryFile(json), 'story', STORY_FORMAT, 'format');
          if (file.id !== id) throw new PrismError('invalid', `Asked for story ${id}, got ${file.id}.`);
          if (isWithdrawn(file)) {
            await cache.dropStory(id);
            throw new PrismError('withdrawn', 'PRISM has withdrawn this analysis.');
          }
          return file;
        });
        await cache.putStory(story);
        return story;
      } catch (err) {
        if (cached && networkFailure(err)) return cached.value;
        throw err;
      }
    },
  };
}
export type PrismClient = ReturnType<typeof createPrismClient>;
