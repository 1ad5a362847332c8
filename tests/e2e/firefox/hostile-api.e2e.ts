/**
 * Firefox: what a hostile PRISM server, and a page on a shared host, can no longer do (issue 19): a key set that
 * claims every key is refused, so real corpus pages send no shard request; a blog.naver.com post declaring a Naver
 * News story's address gets no mark, while the same page on n.news.naver.com does.
 */
import { createHash } from 'node:crypto';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  badgeText,
  launchFirefox,
  openWebPage,
  setApiBase,
  type FirefoxExtensionBrowser,
} from '../../../tools/browsers/firefox';
import type { NewsSite } from '../../../tools/servers/news-sites';
import { matchAllKeySet } from '../../unit/support/hostile-keyset';
import {
  ROOT,
  SEED,
  catalogueStory,
  corpusSample,
  corpusSites,
  startServers,
  waitUntil,
  type Servers,
} from '../../../tools/harness';

let servers: Servers | undefined;
let fx: FirefoxExtensionBrowser | undefined;
const cleanup: string[] = [];
afterEach(async () => {
  try {
    expect(fx?.output.takeExtensionErrors() ?? [], 'JavaScript errors of the extension').toEqual([]);
  } finally {
    await fx?.close();
    await servers?.close();
    for (const dir of cleanup.splice(0)) await rm(dir, { recursive: true, force: true });
    fx = servers = undefined;
  }
});

async function start(catalogueDir: string | undefined, extraPages: NewsSite[]) {
  servers = await startServers(catalogueDir, undefined, extraPages);
  const downloads = await mkdtemp(join(tmpdir(), 'prism-ff-downloads-'));
  cleanup.push(downloads);
  fx = await launchFirefox({ proxyPort: servers.sites.port, downloadDir: downloads });
  return { servers, fx };
}

/** The tab's answer in storage.session, read from an extension page. */
async function tabState(b: FirefoxExtensionBrowser, tabId: number): Promise<{ status?: string; storyId?: string }> {
  return b.probe.evaluate(async (id) => {
    const { browser } = globalThis as unknown as {
      browser: { storage: { session: { get(k: string): Promise<Record<string, unknown>> } } };
    };
    return ((await browser.storage.session.get(`tab:${id}`))[`tab:${id}`] ?? {}) as { status?: string };
  }, tabId);
}
const settled = (b: FirefoxExtensionBrowser, tabId: number, statuses: string[]) =>
  waitUntil(
    () => tabState(b, tabId),
    (s) => statuses.includes(s.status ?? ''),
    `tab ${tabId} to reach ${statuses.join('|')}`,
    15_000,
  );

describe('an API whose key set claims every key, in Firefox', () => {
  const pages = corpusSample(10, 7);

  it('is refused: browsing 10 real corpus pages sends no shard request', async () => {
    const { servers, fx } = await start(undefined, corpusSites(pages));
    const bytes = matchAllKeySet();
    const sha = createHash('sha256').update(bytes).digest('hex');
    await writeFile(join(servers.apiDir, `v2/keyset/${sha}.bin`), bytes);
    const metaPath = join(servers.apiDir, 'v2/meta.json');
    const meta = JSON.parse(await readFile(metaPath, 'utf8'));
    meta.keyset = { ...meta.keyset, path: `keyset/${sha}.bin`, sha256: sha, keys: 1, bytes: bytes.length };
    await writeFile(metaPath, JSON.stringify(meta));
    await setApiBase(fx, servers.api.url);
    for (const label of pages) {
      const { page, tabId } = await openWebPage(fx, servers.sites.urlOf(`${label.id}.html`));
      expect((await settled(fx, tabId, ['no-catalogue', 'none', 'possible', 'found'])).status, label.id).toBe(
        'no-catalogue',
      );
      await page.close();
    }
    expect(servers.apiRequests).toContain(`200 /v2/keyset/${sha}.bin`);
    expect(servers.apiRequests.filter((l) => /\/v2\/(lookup|stories)\//.test(l))).toEqual([]);
  }, 120_000);
});

describe('a page on a shared host (naver.com), in Firefox', () => {
  it('a blog.naver.com post declaring an n.news.naver.com story gets no mark; Naver News itself does', async () => {
    const catalogue = await mkdtemp(join(tmpdir(), 'prism-catalogue-'));
    cleanup.push(catalogue);
    await cp(join(ROOT, 'data/catalogue'), catalogue, { recursive: true });
    const seed = await catalogueStory(SEED);
    const naverUrl = 'https://n.news.naver.com/article/001/0015000001';
    const title = 'Naver News: a story only Naver News carries, with a headline of its own';
    const story = {
      ...seed,
      id: 'naver-news-story',
      source: { url: naverUrl, publisher: 'Yonhap', title },
      aliases: [],
    };
    await writeFile(join(catalogue, `${story.id}.json`), JSON.stringify(story));
    const html = `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title>
      <link rel="canonical" href="${naverUrl}"><meta property="og:url" content="${naverUrl}">
      <meta property="og:title" content="${title}"></head><body><article><h1>${title}</h1>
      <p>${'A paragraph of text. '.repeat(40)}</p></article></body></html>`;
    const page = (file: string, url: string): NewsSite => ({ file, url, prefix: false, dir: '', body: () => html });
    const blogUrl = 'http://blog.naver.com/mallory/223000000001';
    const newsUrl = naverUrl.replace('https:', 'http:');
    const { servers, fx } = await start(catalogue, [
      page('naver-blog.html', blogUrl),
      page('naver-news.html', newsUrl),
    ]);
    await setApiBase(fx, servers.api.url);

    // The key set arrives (the Naver News page is marked), then the blog is looked at.
    const news = await openWebPage(fx, newsUrl);
    expect(await settled(fx, news.tabId, ['possible', 'found', 'none'])).toMatchObject({
      status: 'found',
      storyId: story.id,
    });
    expect(await badgeText(fx, news.tabId)).not.toBe('');

    const blog = await openWebPage(fx, blogUrl);
    expect(await settled(fx, blog.tabId, ['possible', 'found', 'none'])).toMatchObject({
      status: 'possible',
      storyId: story.id,
    });
    expect(await badgeText(fx, blog.tabId)).toBe('');
  }, 90_000);
});
