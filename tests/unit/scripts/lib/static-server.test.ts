import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiCacheControl, startStaticServer, type RunningServer } from '../../../../scripts/lib/static-server';
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
