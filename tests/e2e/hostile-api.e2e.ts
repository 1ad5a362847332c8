/**
 * What a hostile or careless PRISM server, and a page on a shared host, can no longer do (issue 19), in real
 * Chromium: a key set that claims every key is refused, so real pages send nothing; a blog on naver.com that
 * declares a Naver News story's address is not marked as that story (the same-host rule).
 */
import { createHash } from 'node:crypto';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { matchAllKeySet } from '../unit/support/hostile-keyset';
import {
  ROOT,
  SEED,
  catalogueStory,
  corpusSample,
  corpusSites,
  launchBrowser,
  openWithPopup,
  serviceWorker,
  setApiBase,
  siteArgs,
  startServers,
  tabIdOf,
  waitForKeySet,
  waitForTabStatus,
  type Browser,
  type Servers,
} from '../../tools/harness';
import type { NewsSite } from '../../tools/servers/news-sites';

let servers: Servers | undefined;
let browser: Browser | undefined;
const cleanup: string[] = [];
afterEach(async () => {
  await browser?.close();
  await servers?.close();
  for (const dir of cleanup.splice(0)) await rm(dir, { recursive: true, force: true });
  browser = servers = undefined;
});

async function start(catalogueDir: string | undefined, extraPages: NewsSite[]) {
  servers = await startServers(catalogueDir, undefined, extraPages);
  browser = await launchBrowser({ args: siteArgs(servers.sites) });
  return { servers, browser };
}

const badge = async (b: Browser, tabId: number) =>
  (await serviceWorker(b)).evaluate((id) => chrome.action.getBadgeText({ tabId: id }), tabId);

describe('an API whose key set claims every key', () => {
  const pages = corpusSample(10, 7);

  it('is refused: browsing 10 real corpus pages sends no shard request', async () => {
    expect(pages.length).toBe(10);
    const { servers, browser } = await start(undefined, corpusSites(pages));
    // The server names the 44-byte match-all set, hashed right: only its format can tell it apart.
    const bytes = matchAllKeySet();
    const sha = createHash('sha256').update(bytes).digest('hex');
    await writeFile(join(servers.apiDir, `v2/keyset/${sha}.bin`), bytes);
    const metaPath = join(servers.apiDir, 'v2/meta.json');
    const meta = JSON.parse(await readFile(metaPath, 'utf8'));
    meta.keyset = { ...meta.keyset, path: `keyset/${sha}.bin`, sha256: sha, keys: 1, bytes: bytes.length };
    await writeFile(metaPath, JSON.stringify(meta));
    await setApiBase(browser, servers.api.url);

    const tab = await browser.ctx.newPage();
    for (const label of pages) {
      await tab.goto(servers.sites.urlOf(`${label.id}.html`), { waitUntil: 'load' });
      const tabId = await tabIdOf(browser, tab.url());
      const state = await waitForTabStatus(browser, tabId, ['no-catalogue', 'none', 'possible', 'found']);
      expect(state.status, label.id).toBe('no-catalogue');
    }
    // The reader is told the set was refused, not that it "has not been downloaded yet".
    const { popup } = await openWithPopup(browser, servers.sites.urlOf(`${pages[0]!.id}.html`));
    await popup.getByText('The answer was damaged or not what PRISM publishes').waitFor({ timeout: 10_000 });
    expect(await popup.getByText('has not been able to download it yet').count()).toBe(0);
    // The set was fetched (and refused), and nothing that depends on a page was asked.
    expect(servers.apiRequests).toContain(`200 /v2/keyset/${sha}.bin`);
    expect(servers.apiRequests.filter((l) => /\/v2\/(lookup|stories)\//.test(l))).toEqual([]);
  }, 90_000);
});

describe('a page on a shared host (naver.com)', () => {
  it('a blog.naver.com post declaring an n.news.naver.com story gets no mark; Naver News itself does', async () => {
    // The sample catalogue, and one story of Naver News.
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
    const { servers, browser } = await start(catalogue, [
      page('naver-blog.html', blogUrl),
      page('naver-news.html', naverUrl.replace('https:', 'http:')),
    ]);
    await setApiBase(browser, servers.api.url);
    await waitForKeySet(browser);

    const blog = await browser.ctx.newPage();
    await blog.goto(blogUrl);
    const blogTab = await tabIdOf(browser, blog.url());
    const blogState = await waitForTabStatus(browser, blogTab, ['possible', 'found', 'none']);
    expect(blogState).toMatchObject({ status: 'possible', storyId: story.id });
    expect(await badge(browser, blogTab)).toBe('');

    // The control: the same page on Naver News's own host is marked.
    const news = await browser.ctx.newPage();
    await news.goto(naverUrl.replace('https:', 'http:'));
    const newsTab = await tabIdOf(browser, news.url());
    expect(await waitForTabStatus(browser, newsTab, ['possible', 'found', 'none'])).toMatchObject({
      status: 'found',
      storyId: story.id,
    });
    expect(await badge(browser, newsTab)).not.toBe('');
  }, 60_000);
});
