/**
 * The sample news pages, each on its own site as a reader sees it. A page folder has a `sites.json` that says at
 * which address each page lives (`"seed.html": "http://www.scmp.com/news/…"`; an address ending in `*` serves every
 * path below it, for single-page apps). One server on 127.0.0.1 answers for every site: Chromium reaches it through
 * `--host-resolver-rules` (it then sees `Host: www.scmp.com`), Firefox through its HTTP proxy setting (it then sees
 * the absolute URL). Pages are served over http, and over https too on a second port (Chromium's rules send port
 * 443 there; a Firefox proxy CONNECT is tunnelled there), because browsers go straight to https for HSTS-preloaded
 * sites (theguardian.com, ft.com…): the certificate is a throwaway self-signed one, so the browser must ignore
 * certificate errors (`--ignore-certificate-errors`; Firefox: `acceptInsecureCerts`).
 * The canonical URL rules upgrade http to https, so the keys are those of the real site either way.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface NewsSite {
  /** File name in its folder. */
  file: string;
  /** Where the page lives, e.g. `http://www.scmp.com/news/…` (without the `*` of a prefix route). */
  url: string;
  prefix: boolean;
  dir: string;
  /** A page that is not a file of the folder (e.g. a corpus page, transformed): its HTML. */
  body?: () => string | Buffer;
}

export interface NewsSites {
  port: number;
  /** The https side (self-signed). */
  tlsPort: number;
  /** Every page, by file name (its first address). */
  pages: Map<string, NewsSite>;
  /** The address of a page (its file name), on its own site. */
  urlOf(file: string): string;
  /** Chromium: `--host-resolver-rules=…` sending every host name but loopback to this server (with
   * `--ignore-certificate-errors` for its https side: see `chromiumArgs`). */
  hostResolverRules: string;
  /** Requests received, as `<status> <absolute url>`. */
  requests: string[];
  close(): Promise<void>;
}

/** A folder's sites.json: file → address, or a list of addresses (the first is the page's own). */
function readSites(dir: string): NewsSite[] {
  const table = JSON.parse(readFileSync(join(dir, 'sites.json'), 'utf8')) as Record<string, string | string[]>;
  return Object.entries(table).flatMap(([file, where]) =>
    (Array.isArray(where) ? where : [where]).map((at) => {
      const prefix = at.endsWith('*');
      return { file, url: prefix ? at.slice(0, -1) : at, prefix, dir };
    }),
  );
}

/** The page a request is for: an exact address first (query ignored), then the longest prefix route. */
function route(sites: NewsSite[], url: URL): NewsSite | undefined {
  // The scheme does not matter: a site is served over http and https alike.
  const bare = `//${url.host}${url.pathname}`;
  const strip = (u: string) => u.split('?')[0]!.replace(/^https?:/, '');
  const exact = sites.find((s) => !s.prefix && strip(s.url) === bare);
  if (exact) return exact;
  return sites.filter((s) => s.prefix && bare.startsWith(strip(s.url))).sort((a, b) => b.url.length - a.url.length)[0];
}

/** Serves the pages of `dirs` (each with its sites.json) and any `extra` pages at their addresses. */
export function startNewsSites(dirs: string[], opts: { port?: number; extra?: NewsSite[] } = {}): Promise<NewsSites> {
  const sites = [...dirs.flatMap(readSites), ...(opts.extra ?? [])];
  const port = opts.port ?? 0;
  const pages = new Map<string, NewsSite>();
  for (const site of sites) if (!pages.has(site.file)) pages.set(site.file, site);
  const requests: string[] = [];
  const answer = (scheme: 'http' | 'https') => (req: IncomingMessage, res: ServerResponse) => {
    // A proxy request carries the absolute URL; a request through the resolver rules carries the Host header.
    const url = new URL(req.url ?? '/', `${scheme}://${req.headers.host ?? 'localhost'}`);
    const site = route(sites, url);
    requests.push(`${site ? 200 : 404} ${url.href}`);
    if (!site) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      return void res.end('not found');
    }
    res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(req.method === 'HEAD' ? undefined : (site.body?.() ?? readFileSync(join(site.dir, site.file))));
  };
  const plain = createServer(answer('http'));
  const tls = createTlsServer(selfSignedCertificate(), answer('https'));
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  };
  plain.on('connection', track);
  tls.on('connection', track);
  // Firefox, with this server as its proxy, asks to CONNECT for https: the tunnel ends at the TLS server.
  plain.on('connect', (_req: IncomingMessage, client: Socket, head: Buffer) => {
    const upstream = connect(tlsPort(), '127.0.0.1', () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    track(upstream);
    upstream.on('error', () => client.destroy());
    client.on('error', () => upstream.destroy());
  });
  const tlsPort = () => {
    const address = tls.address();
    return typeof address === 'object' && address ? address.port : 0;
  };
  const server = plain;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    tls.once('error', reject);
    server.listen(port, '127.0.0.1', () =>
      tls.listen(0, '127.0.0.1', () => {
        const address = server.address();
        const bound = typeof address === 'object' && address ? address.port : 0;
        resolve({
          port: bound,
          pages,
          requests,
          urlOf(file) {
            const site = pages.get(file);
            if (!site) throw new Error(`no page ${file} in ${dirs.join(', ')}`);
            return site.url;
          },
          tlsPort: tlsPort(),
          hostResolverRules: `MAP *:443 127.0.0.1:${tlsPort()}, MAP * 127.0.0.1:${bound}, EXCLUDE 127.0.0.1, EXCLUDE localhost`,
          close: () =>
            new Promise((r) => {
              let open = 2;
              const done = () => --open === 0 && r();
              server.close(done);
              tls.close(done);
              for (const socket of sockets) socket.destroy();
            }),
        });
      }),
    );
  });
}

let certificate: { key: string; cert: string } | undefined;
/** A throwaway self-signed certificate (Debian's openssl), made once per process. */
function selfSignedCertificate(): { key: string; cert: string } {
  if (certificate) return certificate;
  const dir = mkdtempSync(join(tmpdir(), 'news-sites-tls-'));
  try {
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '2',
        '-subj',
        '/CN=news-sites.test',
        '-keyout',
        join(dir, 'key.pem'),
        '-out',
        join(dir, 'cert.pem'),
      ],
      { stdio: 'ignore' },
    );
    certificate = {
      key: readFileSync(join(dir, 'key.pem'), 'utf8'),
      cert: readFileSync(join(dir, 'cert.pem'), 'utf8'),
    };
    return certificate;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
