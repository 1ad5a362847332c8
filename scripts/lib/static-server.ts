/**
 * A small static file server for 127.0.0.1: the published PRISM API (with CORS and the cache headers of
 * docs/prism-api.md) and the sample news pages. Used by prism:serve, the demo and the end-to-end tests. Paths with a
 * segment starting with a dot (the publisher's `.prism-index/`) are never served.
 */
import { createHash } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';

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
  if (path.startsWith('/v2/keyset/')) return 'public, max-age=31536000, immutable';
  if (path.startsWith('/v2/lookup/')) return 'public, max-age=300';
  if (path.startsWith('/v2/stories/')) return 'public, max-age=3600';
  // An older publication served beside it (the v1 publisher's): its own lifetimes.
  return path.startsWith('/v1/stories/') ? 'public, max-age=3600' : 'public, max-age=300';
}

/** A path the server never answers: any segment that starts with a dot (`.prism-index/`, `.git/`…). */
const isHidden = (path: string) => path.split('/').some((segment) => segment.startsWith('.') && segment.length > 0);

export function startStaticServer(opts: StaticServerOptions): Promise<RunningServer> {
  const root = resolve(opts.root);
  const host = opts.host ?? '127.0.0.1';
  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (opts.cors) {
      res.setHeader('Access-Control-Allow-Origin', '*');
      res.setHeader('Access-Control-Allow-Methods', 'GET, HEAD, OPTIONS');
      res.setHeader('Access-Control-Max-Age', '86400');
    }
    res.setHeader('X-Content-Type-Options', 'nosniff');
    if (req.method === 'OPTIONS') return void res.writeHead(204).end();
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return void res.writeHead(405, { Allow: 'GET, HEAD, OPTIONS' }).end();
    }

    let path: string;
    try {
      path = decodeURIComponent(url.pathname);
    } catch {
      return void res.writeHead(400).end('bad path');
    }
    if (path.endsWith('/')) path += 'index.html';
    const hidden = isHidden(path);
    const delay = opts.delayMs?.(path) ?? 0;
    if (delay > 0) await new Promise((r) => setTimeout(r, delay));
    const file = join(root, normalize(path));
    if (file !== root && !file.startsWith(root + sep)) return void res.writeHead(403).end('forbidden');

    try {
      if (hidden) throw new Error('hidden');
      const info = await stat(file);
      if (!info.isFile()) throw new Error('not a file');
      const body = await readFile(file);
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
      resolvePromise({
        server,
        port,
        url: `http://${host}:${port}`,
        close: () =>
          new Promise((r) => {
            server.close(() => r());
            server.closeAllConnections(); // browsers keep connections alive; do not wait for them
          }),
      });
    });
  });
}
