/**
 * A small static file server for 127.0.0.1: the published PRISM API (with CORS and the cache headers of
 * docs/prism-api.md) and the sample news pages. Used by prism:serve, the demo and the end-to-end tests. Paths with a
 * segment starting with a dot (the publisher's `.prism-index/`) are never served, nor paths with a backslash or NUL
 * once decoded (`%5c..%5c` is `\..\`, a parent directory on Windows), nor anything reached through a symbolic link
 * (a link in the published folder could point anywhere on the machine).
 */
import { createHash } from 'node:crypto';
import { readFile, realpath, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize, relative, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.json': 'application/json; charset=utf-8',
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.bin': 'application/octet-stream',
};

/** The content type the server sends for a file name. */
export const contentTypeOf = (path: string) => TYPES[extname(path)] ?? 'application/octet-stream';

export interface StaticServerOptions {
  root: string;
  port?: number;
  host?: string;
  /** Send `Access-Control-Allow-Origin: *` (the API is public, read-only, and takes no credentials). */
  cors?: boolean;
  /** Cache-Control for a request path. */
  cacheControl?: (path: string) => string;
  log?: (line: string) => void;
  /** Tests: hold the answer to a path back this long (to see loading states). */
  delayMs?: (path: string) => number;
  /** Tests and prism:serve --faults: answers some requests wrongly (tools/servers/fault-server.ts). */
  faults?: FaultHook;
}

/** One request as a fault hook sees it, before the server has answered anything. */
export interface HookedRequest {
  req: IncomingMessage;
  res: ServerResponse;
  /** The path the server would serve (decoded, `/` → `/index.html`), or the raw one when it does not decode. */
  path: string;
  /** The folder served. */
  root: string;
  /** The bytes the server would answer 200 with, or undefined when it would answer 403 or 404. */
  load(): Promise<Buffer | undefined>;
  /** The server's log (if any), so that a faulted request is still listed. */
  log?: (line: string) => void;
}

/**
 * A hook consulted for every request before the server answers it, so that the tests can make a real server
 * misbehave (tools/servers/fault-server.ts implements it). Without one the server behaves exactly as it always has.
 */
export interface FaultHook {
  /** Resolves true when the hook answered (or dropped) the request itself; false lets the server serve it. */
  intercept(request: HookedRequest): Promise<boolean>;
  /** The server is listening at `url` (a clock that counts from the server's start starts now). */
  listening?(url: string): void;
  /** The server closed: stop whatever the hook started. */
  close?(): Promise<void>;
}

export interface RunningServer {
  server: Server;
  port: number;
  url: string;
  close(): Promise<void>;
}

/**
 * Cache lifetimes of the API (docs/prism-api.md): meta.json is revalidated every time (it names the key set), a key
 * set never changes (its name is its hash), shards may change on any publication, stories rarely do.
 */
export function apiCacheControl(path: string): string {
  if (path === '/v2/meta.json') return 'no-cache';
  if (path.startsWith('/v2/keyset/') || path.startsWith('/v2/events/')) return 'public, max-age=31536000, immutable';
  if (path.startsWith('/v2/lookup/')) return 'public, max-age=300';
  if (path.startsWith('/v2/stories/')) return 'public, max-age=3600';
  // An older publication served beside it (the v1 publisher's): its own lifetimes.
  return path.startsWith('/v1/stories/') ? 'public, max-age=3600' : 'public, max-age=300';
}

/** A path the server never answers: any segment that starts with a dot (`.prism-index/`, `.git/`…). */
const isHidden = (path: string) => path.split('/').some((segment) => segment.startsWith('.') && segment.length > 0);

/**
 * The path a request asks for (`/` → `/index.html`), or undefined when its percent-encoding is broken or it holds a
 * backslash or NUL once decoded (a separator, or an end of string, to some file system).
 */
function requestPath(url: URL): string | undefined {
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    return undefined;
  }
  if (/[\\\0]/.test(path)) return undefined;
  return path.endsWith('/') ? path + 'index.html' : path;
}

/** The file a path names under `root`, or undefined when it lies outside it (`..`). */
function fileOf(root: string, path: string): string | undefined {
  const file = join(root, normalize(path));
  return file === root || file.startsWith(root + sep) ? file : undefined;
}

/**
 * The bytes served for `file` (under `root`), or undefined when there are none to serve: hidden, missing, not a
 * file, or reached through a symbolic link (its real path is not the path asked for).
 */
async function readServable(root: string, file: string, hidden: boolean): Promise<Buffer | undefined> {
  try {
    if (hidden) return undefined;
    if ((await realpath(file)) !== join(await realpath(root), relative(root, file))) return undefined;
    const info = await stat(file);
    return info.isFile() ? await readFile(file) : undefined;
  } catch {
    return undefined;
  }
}

/** What a fault hook's `load` reads: the answer's bytes when the server would answer 200. */
function loadFor(root: string, path: string): () => Promise<Buffer | undefined> {
  return async () => {
    const file = fileOf(root, path);
    return file === undefined ? undefined : readServable(root, file, isHidden(path));
  };
}

export function startStaticServer(opts: StaticServerOptions): Promise<RunningServer> {
  const root = resolve(opts.root);
  const host = opts.host ?? '127.0.0.1';
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (opts.cors) {
      res.setHeader('Access-Control-Allow-Origin', '*');
      res.setHeader('Access-Control-Allow-Methods', 'GET, HEAD, OPTIONS');
      res.setHeader('Access-Control-Max-Age', '86400');
      // A 429 or 503 may say when to come back; a cross-origin reader sees it only if it is exposed.
      res.setHeader('Access-Control-Expose-Headers', 'Retry-After');
    }
    res.setHeader('X-Content-Type-Options', 'nosniff');
    if (opts.faults) {
      const path = requestPath(url) ?? url.pathname;
      const request = { req, res, path, root, load: loadFor(root, path), log: opts.log };
      if (await opts.faults.intercept(request)) return;
    }
    if (req.method === 'OPTIONS') return void res.writeHead(204).end();
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return void res.writeHead(405, { Allow: 'GET, HEAD, OPTIONS' }).end();
    }

    const path = requestPath(url);
    if (path === undefined) return void res.writeHead(400).end('bad path');
    const hidden = isHidden(path);
    const delay = opts.delayMs?.(path) ?? 0;
    if (delay > 0) await new Promise((r) => setTimeout(r, delay));
    const file = fileOf(root, path);
    if (file === undefined) return void res.writeHead(403).end('forbidden');

    try {
      const body = await readServable(root, file, hidden);
      if (body === undefined) throw new Error('nothing to serve');
      const etag = `"${createHash('sha1').update(body).digest('hex').slice(0, 16)}"`;
      res.setHeader('ETag', etag);
      res.setHeader('Content-Type', contentTypeOf(file));
      res.setHeader('Cache-Control', opts.cacheControl?.(path) ?? 'no-cache');
      if (req.headers['if-none-match'] === etag) return void res.writeHead(304).end();
      res.writeHead(200, { 'Content-Length': body.length });
      res.end(req.method === 'HEAD' ? undefined : body);
      opts.log?.(`200 ${path}`);
    } catch {
      res.writeHead(404, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'public, max-age=60' });
      res.end(JSON.stringify({ error: 'not found' }));
      opts.log?.(`404 ${path}`);
    }
  });
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      const url = `http://${host}:${port}`;
      opts.faults?.listening?.(url);
      resolvePromise({
        server,
        port,
        url,
        close: async () => {
          await new Promise<void>((r) => {
            server.close(() => r());
            server.closeAllConnections(); // browsers keep connections alive; do not wait for them
          });
          await opts.faults?.close?.();
        },
      });
    });
  });
}
