/**
 * Fault injection for the local PRISM API server (tools/servers/static-server.ts), so that the tests and a developer
 * (`npm run prism:serve -- <dir> --faults <spec>`) can see what the extension does when the API misbehaves the way
 * real hosts and networks do: error statuses with and without Retry-After, slow answers, dropped and cut-off
 * connections, an HTML error page or an endless body where JSON was expected, redirects, a server that is down.
 * The spec grammar is in docs/faults.md. A controller is plugged into `startStaticServer({ faults })`, can be
 * changed while the server runs (`set`, `clear`) and records every fault it applied (`applied`), so that a test
 * can assert which requests were faulted rather than infer it.
 */
import type { Socket } from 'node:net';
import type { ServerResponse } from 'node:http';
import {
  apiCacheControl,
  contentTypeOf,
  startStaticServer,
  type FaultHook,
  type HookedRequest,
  type RunningServer,
} from './static-server';

/** The kinds of API path a fault can be scoped to (docs/prism-api.md). */
const PATH_KINDS = ['meta', 'keyset', 'lookup', 'story'] as const;
type PathKind = (typeof PATH_KINDS)[number];

/** Every fault, as written in a spec (`<n>`, `<seconds>`, `<duration>` are its argument). */
const FAULT_FORMS = [
  '503-once',
  '500-once',
  '503:<n>',
  '429:<seconds>',
  '503-retry-after:<seconds>',
  'slow:<duration>',
  'reset',
  'truncate',
  'html',
  'huge',
  'redirect-cross-origin',
  'redirect-same-origin',
  'down-for:<duration>',
  'down',
] as const;

/**
 * What an injected fault does, parsed (`InjectedFault`: a test server's misbehaviour, not utils/prism/fault.ts's
 * `Fault`, the failure a reader is shown). `text` is the fault as written (with its scope), the name `applied()` reports. */
export type InjectedFault = { text: string; scope?: PathKind } & (
  | { type: 'status'; status: 429 | 500 | 503; times: number; retryAfter?: number }
  | { type: 'slow'; ms: number }
  | { type: 'down'; forMs?: number }
  | { type: 'reset' | 'truncate' | 'html' | 'huge' | 'redirect-cross-origin' | 'redirect-same-origin' }
);

/** A spec, or one part of it, that is not a fault. */
export class FaultSpecError extends Error {
  constructor(
    readonly part: string,
    reason: string,
  ) {
    super(
      `bad fault ${JSON.stringify(part)}: ${reason} (faults: ${FAULT_FORMS.join(', ')}; optionally after story:, lookup:, meta: or keyset:)`,
    );
    this.name = 'FaultSpecError';
  }
}

const DURATION = /^(\d+(?:\.\d+)?)(ms|s)$/;
const SECONDS = /^\d+$/;
const COUNT = /^[1-9]\d*$/;
/** Fault names that take no argument. */
const PLAIN = ['reset', 'truncate', 'html', 'huge', 'redirect-cross-origin', 'redirect-same-origin'] as const;
const NAMES = new Set(FAULT_FORMS.map((form) => form.split(':')[0]!));

const isPathKind = (word: string): word is PathKind => (PATH_KINDS as readonly string[]).includes(word);

/** Milliseconds of `<n>ms` or `<n>s`. */
function parseDuration(part: string, arg: string | undefined, form: string): number {
  const m = arg === undefined ? null : DURATION.exec(arg);
  if (!m)
    throw new FaultSpecError(part, `${form} needs a duration such as 500ms or 12s, not ${JSON.stringify(arg ?? '')}`);
  return Math.round(Number(m[1]) * (m[2] === 's' ? 1000 : 1));
}

function parseSeconds(part: string, arg: string | undefined, form: string): number {
  if (arg === undefined || !SECONDS.test(arg)) {
    throw new FaultSpecError(part, `${form} needs a whole number of seconds, not ${JSON.stringify(arg ?? '')}`);
  }
  return Number(arg);
}

/** One part of a spec (`story:503-once`, `slow:12s`…). */
function parseInjectedFault(part: string): InjectedFault {
  const words = part.split(':');
  let scope: PathKind | undefined;
  if (isPathKind(words[0]!)) scope = words.shift() as PathKind;
  else if (words.length > 1 && !NAMES.has(words[0]!) && NAMES.has(words[1]!)) {
    throw new FaultSpecError(
      part,
      `unknown kind of path ${JSON.stringify(words[0])} (kinds: ${PATH_KINDS.join(', ')})`,
    );
  }
  const [name = '', arg, ...extra] = words;
  if (extra.length > 0) throw new FaultSpecError(part, `too many ":"`);
  const base = { text: part, scope };
  if ((PLAIN as readonly string[]).includes(name)) {
    if (arg !== undefined) throw new FaultSpecError(part, `${name} takes no argument`);
    return { ...base, type: name as (typeof PLAIN)[number] };
  }
  const noArg = (form: string) => {
    if (arg !== undefined) throw new FaultSpecError(part, `${form} takes no argument`);
  };
  switch (name) {
    case '503-once':
      noArg(name);
      return { ...base, type: 'status', status: 503, times: 1 };
    case '500-once':
      noArg(name);
      return { ...base, type: 'status', status: 500, times: 1 };
    case '503':
      if (arg === undefined || !COUNT.test(arg)) {
        throw new FaultSpecError(
          part,
          `503:<n> needs a count of requests of 1 or more, not ${JSON.stringify(arg ?? '')}`,
        );
      }
      return { ...base, type: 'status', status: 503, times: Number(arg) };
    case '429':
      return { ...base, type: 'status', status: 429, times: 1, retryAfter: parseSeconds(part, arg, '429:<seconds>') };
    case '503-retry-after': {
      const retryAfter = parseSeconds(part, arg, '503-retry-after:<seconds>');
      return { ...base, type: 'status', status: 503, times: 1, retryAfter };
    }
    case 'slow':
      return { ...base, type: 'slow', ms: parseDuration(part, arg, 'slow:<duration>') };
    case 'down-for':
      return { ...base, type: 'down', forMs: parseDuration(part, arg, 'down-for:<duration>') };
    case 'down':
      noArg(name);
      return { ...base, type: 'down' };
    default:
      throw new FaultSpecError(part, name === '' ? 'empty fault' : `unknown fault ${JSON.stringify(name)}`);
  }
}

/** The faults of a spec: comma-separated, each optionally scoped (`story:503-once,lookup:slow:2s`). Throws FaultSpecError. */
export function parseFaults(spec: string): InjectedFault[] {
  if (spec.trim() === '') throw new FaultSpecError(spec, 'empty spec (to serve without faults, clear them)');
  return spec.split(',').map((part) => parseInjectedFault(part.trim()));
}

/** One line for a reader of prism:serve's output: what the fault does, to which requests. */
export function describeFault(f: InjectedFault): string {
  const which = f.scope ? `${f.scope} requests` : f.type === 'down' ? 'all requests' : 'API requests';
  const what = (() => {
    switch (f.type) {
      case 'status': {
        const first = f.times === 1 ? 'the first gets' : `the first ${f.times} get`;
        return `${first} ${f.status}${f.retryAfter === undefined ? '' : ` with Retry-After: ${f.retryAfter}`}`;
      }
      case 'slow':
        return `each is held back ${f.ms} ms`;
      case 'down':
        return `refused (connection dropped)${f.forMs === undefined ? ' until the faults change' : ` for ${f.forMs} ms`}`;
      case 'reset':
        return 'the connection is reset without an answer';
      case 'truncate':
        return 'half the body, then the connection is dropped';
      case 'html':
        return '200 with an HTML error page';
      case 'huge':
        return `200 with an endless body (${HUGE_BYTES} bytes, no Content-Length)`;
      case 'redirect-cross-origin':
        return '302 to the same path on another origin';
      case 'redirect-same-origin':
        return '302 to the same path with ?r=1';
    }
  })();
  return `${f.text}: ${which}, ${what}`;
}

/** A fault applied to a request: the fault as written, and the request's path. */
interface AppliedFault {
  fault: string;
  path: string;
}

/** A fault controller: a FaultHook for startStaticServer whose faults can change while the server runs. */
export interface FaultController extends FaultHook {
  /** Replaces the faults (FaultSpecError on a bad spec, leaving the old ones), re-arms `-once`/`:<n>` counts,
   * restarts the `down-for` clock and starts a new `applied()` record. */
  set(spec: string): void;
  /** No faults any more (the `applied()` record is kept, to be read after). */
  clear(): void;
  /** The faults in force. */
  active(): readonly InjectedFault[];
  /** Every fault applied since the last `set` (or the start), in order. */
  applied(): AppliedFault[];
  /** The address redirect-cross-origin sends to (started on its first use), or undefined before that. */
  elsewhereUrl(): string | undefined;
  /** Requests the other origin of redirect-cross-origin received, as `<status> <path>` (the client followed). */
  elsewhereRequests(): string[];
}

/** More than the client's largest cap (the key set's, 64 MiB), so that only a cap stops it. */
export const HUGE_BYTES = 72 * 1024 * 1024;

const ERROR_PAGE =
  '<!doctype html><html><head><title>502 Bad Gateway</title></head>' +
  '<body><h1>502 Bad Gateway</h1><p>The upstream server did not answer. Please try again later.</p></body></html>';

/** The kind of API path, or undefined for any other path (unscoped faults but `down` leave those alone). */
function pathKindOf(path: string): PathKind | undefined {
  if (path === '/v2/meta.json') return 'meta';
  if (path.startsWith('/v2/keyset/')) return 'keyset';
  if (path.startsWith('/v2/lookup/')) return 'lookup';
  if (path.startsWith('/v2/stories/')) return 'story';
  return undefined;
}

/** A fault with what is left of it: how many more requests a counted one takes. */
interface Armed {
  fault: InjectedFault;
  left: number;
}

/**
 * A controller with the faults of `spec` (none when absent). Faults apply to GET requests of their kind of path;
 * `down` and `down-for` to every request, whatever its method or path unless scoped. Per request, in order: a
 * down fault drops it; every slow fault holds it back; then the first answering fault of the spec that is still
 * armed answers it (so `story:503-once,story:429:5` gives 503, then 429, then the story); otherwise it is served.
 */
export function createFaultController(spec?: string): FaultController {
  let armed: Armed[] = [];
  let since = Date.now();
  let record: AppliedFault[] = [];
  let elsewhere: Promise<RunningServer> | undefined;
  const elsewhereLog: string[] = [];
  let elsewhereAt: string | undefined;
  let closed = false;

  function set(next: string) {
    armed = parseFaults(next).map((fault) => ({
      fault,
      left: fault.type === 'status' ? fault.times : Number.POSITIVE_INFINITY,
    }));
    since = Date.now();
    record = [];
  }
  if (spec !== undefined) set(spec);

  const applies = (f: InjectedFault, method: string | undefined, kind: PathKind | undefined) =>
    f.type === 'down'
      ? f.scope === undefined || f.scope === kind
      : method === 'GET' && kind !== undefined && (f.scope === undefined || f.scope === kind);

  const isDown = (f: InjectedFault) => f.type === 'down' && (f.forMs === undefined || Date.now() < since + f.forMs);

  /** The other origin: a plain static server on the same folder, on another port (started once, on demand). */
  function elsewhereServer(root: string): Promise<RunningServer> {
    elsewhere ??= startStaticServer({
      root,
      cors: true,
      cacheControl: apiCacheControl,
      log: (line) => elsewhereLog.push(line),
    }).then((running) => {
      elsewhereAt = running.url;
      return running;
    });
    return elsewhere;
  }

  async function intercept(request: HookedRequest): Promise<boolean> {
    try {
      return await apply(request);
    } catch (err) {
      // A fault that fails (the other origin cannot start…) drops the request rather than the server's process.
      request.log?.(`fault error ${request.path}: ${String(err)}`);
      request.req.socket.destroy();
      return true;
    }
  }

  async function apply(request: HookedRequest): Promise<boolean> {
    const { req, res, path } = request;
    if (closed) return false;
    const kind = pathKindOf(path);
    const matching = armed.filter((a) => applies(a.fault, req.method, kind));
    if (matching.length === 0) return false;
    const note = (fault: InjectedFault, status: string) => {
      record.push({ fault: fault.text, path });
      request.log?.(`${status} ${path} (fault ${fault.text})`);
    };

    const down = matching.find((a) => isDown(a.fault));
    if (down) {
      note(down.fault, 'down');
      req.socket.resetAndDestroy();
      return true;
    }
    const slow = matching.filter((a) => a.fault.type === 'slow');
    for (const a of slow) record.push({ fault: a.fault.text, path });
    const ms = slow.reduce((sum, a) => sum + (a.fault.type === 'slow' ? a.fault.ms : 0), 0);
    if (ms > 0 && !(await holdBack(ms, req.socket))) return true; // the client went away meanwhile

    const redirected = new URL(req.url ?? '/', 'http://localhost').searchParams.get('r') === '1';
    const body = matching.some((a) => a.fault.type === 'truncate') ? await request.load() : undefined;
    const answer = matching.find(
      (a) =>
        a.left > 0 &&
        a.fault.type !== 'slow' &&
        a.fault.type !== 'down' &&
        !(a.fault.type === 'redirect-same-origin' && redirected) &&
        !(a.fault.type === 'truncate' && body === undefined),
    );
    if (!answer) return false;
    answer.left--;
    const f = answer.fault;
    res.setHeader('Cache-Control', 'no-store'); // a fault must not outlive itself in a cache
    switch (f.type) {
      case 'status': {
        note(f, String(f.status));
        const headers: Record<string, string> = { 'Content-Type': 'application/json; charset=utf-8' };
        if (f.retryAfter !== undefined) {
          headers['Retry-After'] = String(f.retryAfter);
          // A cross-origin reader sees only the CORS-safelisted headers unless told otherwise.
          if (res.hasHeader('Access-Control-Allow-Origin')) headers['Access-Control-Expose-Headers'] = 'Retry-After';
        }
        res.writeHead(f.status, headers).end(JSON.stringify({ error: `fault ${f.text}` }));
        return true;
      }
      case 'reset':
        note(f, 'reset');
        req.socket.resetAndDestroy();
        return true;
      case 'truncate': {
        note(f, '200');
        const whole = body!;
        res.writeHead(200, { 'Content-Type': contentTypeOf(path), 'Content-Length': whole.length });
        res.write(whole.subarray(0, Math.floor(whole.length / 2)), () => req.socket.destroy());
        return true;
      }
      case 'html':
        note(f, '200');
        res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' }).end(ERROR_PAGE);
        return true;
      case 'huge':
        note(f, '200');
        await sendHuge(res, path, kind);
        return true;
      case 'redirect-same-origin': {
        note(f, '302');
        const to = new URL(req.url ?? '/', 'http://localhost');
        to.searchParams.set('r', '1');
        res.writeHead(302, { Location: to.pathname + to.search }).end();
        return true;
      }
      case 'redirect-cross-origin': {
        note(f, '302');
        const other = await elsewhereServer(request.root);
        res.writeHead(302, { Location: other.url + (req.url ?? '/') }).end();
        return true;
      }
      default:
        return false; // slow and down were handled above
    }
  }

  return {
    set,
    clear: () => void (armed = []),
    active: () => armed.map((a) => a.fault),
    applied: () => [...record],
    elsewhereUrl: () => elsewhereAt,
    elsewhereRequests: () => [...elsewhereLog],
    intercept,
    listening: () => void (since = Date.now()),
    async close() {
      closed = true;
      await (await elsewhere)?.close();
    },
  };
}

/** Waits `ms`; resolves false as soon as the client goes away (so no timer keeps a closed server's process alive). */
function holdBack(ms: number, socket: Socket): Promise<boolean> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      socket.off('close', done);
      resolve(!socket.destroyed);
    };
    const timer = setTimeout(done, ms);
    socket.once('close', done);
  });
}

let filler: Buffer | undefined;

/** A valid-looking JSON start, then HUGE_BYTES in all, chunked (no Content-Length), at the pace the client reads. */
async function sendHuge(res: ServerResponse, path: string, kind: PathKind | undefined) {
  res.writeHead(200, { 'Content-Type': contentTypeOf(path) });
  const start = kind === 'story' ? '{"v":1,"id":"huge","padding":"' : '{"v":2,"entries":[],"padding":"';
  filler ??= Buffer.alloc(1024 * 1024, 'a');
  let sent = start.length;
  let ok = res.write(start);
  while (sent < HUGE_BYTES) {
    if (!ok && !(await drained(res))) return;
    if (res.destroyed) return;
    ok = res.write(filler);
    sent += filler.length;
  }
  res.end('"}');
}

/** Resolves true when `res` can take more, false when its connection closed first. */
function drained(res: ServerResponse): Promise<boolean> {
  return new Promise((resolve) => {
    const finish = (ok: boolean) => () => {
      res.off('drain', onDrain);
      res.off('close', onClose);
      resolve(ok);
    };
    const onDrain = finish(true);
    const onClose = finish(false);
    res.once('drain', onDrain);
    res.once('close', onClose);
  });
}
