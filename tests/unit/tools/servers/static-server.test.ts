import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiCacheControl, startStaticServer, type RunningServer } from '../../../../tools/servers/static-server';
import { publishQuiet } from '../../support/publish-fixtures';

const SEED = 'belarus-courts-us-pivot-from-moscow';
let dir: string;
let server: RunningServer;
const log: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'pub-serve-'));
  expect((await publishQuiet(resolve('data/catalogue'), join(dir, 'out'))).ok).toBe(true);
  server = await startStaticServer({
    root: join(dir, 'out'),
    cors: true,
    cacheControl: apiCacheControl,
    log: (l) => log.push(l),
  });
});
afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the test server (prism:serve) serves a v2 publication as docs/prism-api.md says', () => {
  it('with the content type and cache lifetime of each kind of file, and CORS', async () => {
    const meta = await fetch(`${server.url}/v2/meta.json`);
    expect(meta.headers.get('cache-control')).toBe('no-cache');
    expect(meta.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const { keyset } = (await meta.json()) as { keyset: { path: string } };
    const cases: [string, string, string][] = [
      [`/v2/${keyset.path}`, 'application/octet-stream', 'public, max-age=31536000, immutable'],
      [`/v2/stories/${SEED}.json`, 'application/json; charset=utf-8', 'public, max-age=3600'],
    ];
    for (const [path, type, cache] of cases) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status, path).toBe(200);
      expect(res.headers.get('content-type'), path).toBe(type);
      expect(res.headers.get('cache-control'), path).toBe(cache);
      expect(res.headers.get('access-control-allow-origin'), path).toBe('*');
    }
    expect(apiCacheControl('/v2/lookup/abcde.json')).toBe('public, max-age=300');
    expect(log).toContain('200 /v2/meta.json');
  });

  it('never serves the publisher index', async () => {
    for (const path of ['/.prism-index/index.bin', '/.prism-index/README.txt', '/v2/../.prism-index/index.bin']) {
      expect((await fetch(`${server.url}${path}`)).status, path).toBe(404);
    }
    expect(log).toContain('404 /.prism-index/index.bin');
  });
});

/** The status of a GET of `path` exactly as written (fetch would normalise `..` and encoded separators away). */
function rawStatus(base: string, path: string): Promise<number> {
  return new Promise((resolvePromise, reject) => {
    const req = request(`${base}${path}`, { method: 'GET' }, (res) => {
      res.resume();
      resolvePromise(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the test server refuses what would leave its folder', () => {
  it('a backslash or NUL in the decoded path (%5c..%5c is a parent directory on Windows)', async () => {
    // (A raw backslash is a slash to the URL parser already: only the encoded one survives to the file system.)
    for (const path of ['/v2/..%5c..%5csecret.txt', '/v2/%5cstories', '/v2/%5C..%5C..%5Cout', '/v2/meta.json%00.txt']) {
      expect(await rawStatus(server.url, path), path).toBe(400);
    }
    expect(await rawStatus(server.url, '/v2/meta.json')).toBe(200);
  });

  it('a symbolic link, to a file or a folder outside (or inside) the published folder', async () => {
    const outside = join(dir, 'secret');
    await mkdir(outside, { recursive: true });
    await writeFile(join(outside, 'secret.txt'), "the machine's secrets");
    await symlink(join(outside, 'secret.txt'), join(dir, 'out', 'v2', 'leak.txt'));
    await symlink(outside, join(dir, 'out', 'v2', 'leakdir'));
    await symlink(join(dir, 'out', 'v2', 'meta.json'), join(dir, 'out', 'v2', 'alias.json'));
    for (const path of ['/v2/leak.txt', '/v2/leakdir/secret.txt', '/v2/alias.json']) {
      const res = await fetch(`${server.url}${path}`);
      expect(res.status, path).toBe(404);
      expect(await res.text(), path).not.toContain('secret');
    }
  });
});
