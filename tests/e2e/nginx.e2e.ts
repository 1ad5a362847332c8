/**
 * The API served by Debian's nginx with the config of docs/deploy.md (tools/servers/nginx.ts), not by the test
 * server: the headers of docs/prism-api.md on every kind of file, nothing but v2/ served, and the extension
 * finding the seed story through it (the key set, a shard, the story, all from nginx).
 */
import { createHash } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { keyPrefix, storyKeys } from '../../utils/prism/keys';
import { parseMeta } from '../../utils/prism/schema';
import { publishDir } from '../../publisher/cli';
import { startNginx, type RunningNginx } from '../../tools/servers/nginx';
import { startNewsSites, type NewsSites } from '../../tools/servers/news-sites';
import {
  PAGE_DIRS,
  ROOT,
  SEED,
  catalogueStory,
  launchBrowser,
  openWithPopup,
  setApiBase,
  siteArgs,
  waitForKeySet,
  waitForTabStatus,
  type Browser,
} from '../../tools/harness';

let dir: string;
let nginx: RunningNginx;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'prism-nginx-api-'));
  await chmod(dir, 0o755); // nginx's worker reads it
  if (!(await publishDir(join(ROOT, 'data/catalogue'), join(dir, 'api'), () => undefined))) {
    throw new Error('could not publish data/catalogue');
  }
  nginx = await startNginx(join(dir, 'api'));
});
afterAll(async () => {
  await nginx?.close();
  await rm(dir, { recursive: true, force: true });
});

const get = (path: string) => fetch(`${nginx.url}${path}`);

describe('nginx with the documented config', () => {
  it('serves each kind of file with its content type, cache lifetime and CORS', async () => {
    const meta = await get('/v2/meta.json');
    expect(meta.status).toBe(200);
    expect(meta.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(meta.headers.get('cache-control')).toBe('no-cache');
    expect(meta.headers.get('access-control-allow-origin')).toBe('*');
    const parsed = parseMeta(await meta.json());
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));

    const keyset = await get(`/v2/${parsed.value.keyset.path}`);
    expect(keyset.status).toBe(200);
    expect(keyset.headers.get('content-type')).toBe('application/octet-stream');
    expect(keyset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(keyset.headers.get('access-control-allow-origin')).toBe('*');
    const bytes = new Uint8Array(await keyset.arrayBuffer());
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(parsed.value.keyset.sha256);

    // The event index (same-event matching) meta.json names: served like the key set, immutable.
    const eventsRef = parsed.value.events!;
    const events = await get(`/v2/${eventsRef.path}`);
    expect(events.status).toBe(200);
    expect(events.headers.get('content-type')).toBe('application/octet-stream');
    expect(events.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(events.headers.get('access-control-allow-origin')).toBe('*');
    const eventBytes = new Uint8Array(await events.arrayBuffer());
    expect(createHash('sha256').update(eventBytes).digest('hex')).toBe(eventsRef.sha256);

    const [key] = await storyKeys(await catalogueStory(SEED));
    const shard = await get(`/v2/lookup/${keyPrefix(key!, parsed.value.lookup?.prefixLength)}.json`);
    expect(shard.status).toBe(200);
    expect(shard.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(shard.headers.get('cache-control')).toBe('public, max-age=300');
    expect(shard.headers.get('access-control-allow-origin')).toBe('*');
    expect((await shard.json()).entries).toContainEqual({
      key,
      story: SEED,
      sites: ['scmp.com', 'yahoo.com'],
      hosts: ['scmp.com', 'yahoo.com'],
    });

    const story = await get(`/v2/stories/${SEED}.json`);
    expect(story.status).toBe(200);
    expect(story.headers.get('cache-control')).toBe('public, max-age=3600');
    expect(story.headers.get('access-control-allow-origin')).toBe('*');
    expect((await story.json()).id).toBe(SEED);
  });

  it('answers a missing shard or story with a 404 a page can read (CORS on the error too)', async () => {
    for (const path of ['/v2/lookup/00000.json', '/v2/stories/no-such-story.json']) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('access-control-allow-origin'), path).toBe('*');
    }
  });

  it('serves nothing outside the contract: not the index, not listings, not other methods', async () => {
    for (const path of ['/.prism-index/index.bin', '/.prism-index/README.txt', '/v2/', '/v2/lookup/', '/', '/v1/x']) {
      expect((await get(path)).status, path).toBe(404);
    }
    expect((await fetch(`${nginx.url}/v2/meta.json`, { method: 'POST' })).status).toBe(403);
    expect(nginx.requests()).toContain('404 /.prism-index/index.bin');
  });
});

describe('the extension, pointed at nginx', () => {
  let sites: NewsSites;
  let browser: Browser;
  beforeAll(async () => {
    sites = await startNewsSites(PAGE_DIRS);
    browser = await launchBrowser({ args: siteArgs(sites) });
    await setApiBase(browser, nginx.url);
    await waitForKeySet(browser).catch((err: Error) => {
      throw new Error(`${err.message}; nginx answered: ${nginx.requests().join(', ')}`);
    });
  });
  afterAll(async () => {
    await browser?.close();
    await sites?.close();
  });

  it('finds the seed story on its page: the popup shows its English title', async () => {
    const seed = await catalogueStory(SEED);
    const { popup, tabId } = await openWithPopup(browser, `${sites.urlOf(`${SEED}.html`)}?utm_source=newsletter`);
    await popup.getByRole('heading', { name: seed.editions.en!.title }).waitFor({ timeout: 15_000 });
    expect(await waitForTabStatus(browser, tabId, ['found'])).toMatchObject({ storyId: SEED });
    const served = nginx.requests();
    expect(served).toContainEqual(expect.stringMatching(/^200 \/v2\/keyset\/[0-9a-f]{64}\.bin$/));
    expect(served).toContainEqual(expect.stringMatching(/^200 \/v2\/lookup\/([0-9a-f]{1,5}|all)\.json$/));
    expect(served).toContain(`200 /v2/stories/${SEED}.json`);
  });
});
