/**
 * From a page report to the tab's answer, with a real key set (built by the publisher's own code from the
 * stories' keys) and a fake shard endpoint that counts what it is asked. What a reader would notice: a page PRISM
 * has not analysed causes no request at all; a page on the story's own site is marked; a page that only declares
 * another site's address, or copies a headline, gets at most a possible match that names the other site.
 */
import { describe, expect, it, vi } from 'vitest';
import { resolvePage, type ResolveDeps } from '../../../../utils/lookup/resolve-page';
import { PrismError } from '../../../../utils/prism/client';
import { buildKeySet, readKeySet, type KeySet } from '../../../../utils/prism/keyset';
import { keyPrefix, storyKeys, titleKey, urlKey } from '../../../../utils/prism/keys';
import type { LookupEntry } from '../../../../utils/prism/schema';
import { storyHosts, storySites } from '../../../../publisher/format/publish-story';
import { siteOf } from '../../../../utils/url/site';
import type { PageDetection, PageReport } from '../../../../utils/tab-state';

interface CatalogueStory {
  id: string;
  source: { url: string; title: string; publisher: string };
  aliases: string[];
}
const SCMP: CatalogueStory = {
  id: 'belarus-pivot',
  source: {
    url: 'https://www.scmp.com/news/china/article/3300000/belarus-frees-prisoners',
    title: 'Belarus frees 123 prisoners as US lifts potash sanctions',
    publisher: 'South China Morning Post',
  },
  aliases: ['https://sg.news.yahoo.com/belarus-frees-prisoners-090000123.html'],
};
const BBC: CatalogueStory = {
  id: 'storm-amy',
  source: {
    url: 'https://www.bbc.co.uk/news/articles/c123',
    title: 'Storm Amy brings record winds to Scotland and Ireland',
    publisher: 'BBC News',
  },
  aliases: [],
};

/** The publisher's entries for the stories, and a key set of them plus `extraKeys` (false positives by design). */
async function catalogue(stories: CatalogueStory[] = [SCMP, BBC], extraKeys: string[] = []) {
  const entries: LookupEntry[] = [];
  for (const s of stories) {
    const sites = storySites(s);
    const hosts = storyHosts(s);
    for (const key of await storyKeys(s)) entries.push({ key, story: s.id, sites, hosts });
  }
  const keySet: KeySet = readKeySet(buildKeySet([...entries.map((e) => e.key), ...extraKeys]));
  const shard = vi.fn(async (prefix: string) => entries.filter((e) => e.key.startsWith(prefix)));
  return { keySet, shard, entries };
}

const detection = (over: Partial<PageDetection> = {}): PageDetection => ({
  isNews: true,
  score: 6,
  signals: ['jsonld:NewsArticle'],
  title: null,
  publisher: null,
  canonicalUrl: null,
  ...over,
});

const page = (over: Partial<PageReport> = {}): PageReport => ({
  url: 'https://www.theguardian.com/world/2025/dec/14/some-other-story',
  declared: ['https://www.theguardian.com/world/2025/dec/14/some-other-story'],
  titles: ['Some other story that PRISM never analysed', 'Some other story | The Guardian'],
  publisher: 'The Guardian',
  lang: 'en',
  ...over,
});

function deps(c: Awaited<ReturnType<typeof catalogue>>, over: Partial<ResolveDeps> = {}) {
  const detect = vi.fn(async (): Promise<PageDetection | null> => detection());
  return { keySet: c.keySet, shard: c.shard, detect, ...over } as ResolveDeps & { detect: typeof detect };
}

describe('a page PRISM has not analysed', () => {
  it('is answered "none" without a single request, whatever the page declares or is titled', async () => {
    const c = await catalogue();
    const d = deps(c);
    const pages = [
      page(),
      page({ declared: [], titles: [] }),
      page({
        url: 'http://127.0.0.1:8000/a.html',
        declared: ['https://evil.example/b', 'https://www.scmp.com/news/other'],
      }),
      page({ titles: ['Belarus frees 122 prisoners as US lifts potash sanctions'] }), // near miss
    ];
    for (const p of pages) expect(await resolvePage(p, d)).toEqual({ status: 'none' });
    expect(c.shard).not.toHaveBeenCalled();
    expect(d.detect).not.toHaveBeenCalled(); // no detector on a miss either: nothing runs in the page
  });

  it('is "no-catalogue" while no key set is on the device, and nothing is asked', async () => {
    const c = await catalogue();
    const d = deps(c, { keySet: null });
    expect(await resolvePage(page({ url: SCMP.source.url }), d)).toEqual({ status: 'no-catalogue' });
    expect(await resolvePage(page({ url: SCMP.source.url }), d, true)).toEqual({ status: 'no-catalogue' });
    expect(c.shard).not.toHaveBeenCalled();
    expect(d.detect).not.toHaveBeenCalled();
  });

  it('settles a key-set false positive with the shard: "none", after at most 2 shard requests', async () => {
    const p = page({
      declared: ['https://www.theguardian.com/world/declared-one', 'https://evil.example/declared-two'],
    });
    const pageKeys = [
      (await urlKey(p.url))!,
      (await urlKey(p.declared[0]!))!,
      (await urlKey(p.declared[1]!))!,
      (await titleKey(p.titles[0]!, p.publisher))!,
    ];
    const c = await catalogue([SCMP], pageKeys); // every key of the page "hits" locally; none is in a shard
    const d = deps(c);
    expect(await resolvePage(p, d)).toEqual({ status: 'none' });
    expect(c.shard.mock.calls.length).toBeGreaterThan(0);
    expect(c.shard.mock.calls.length).toBeLessThanOrEqual(2);
    // Only 5-hex prefixes are asked for, never a key.
    for (const [prefix] of c.shard.mock.calls) expect(prefix).toMatch(/^[0-9a-f]{5}$/);
  });
});

describe('a confirmed match ("found": the icon is marked)', () => {
  it("on the page's own address: one shard request, for the 5-hex prefix of that address's key", async () => {
    const c = await catalogue();
    const d = deps(c);
    const r = await resolvePage(
      page({
        url: `${SCMP.source.url}?utm_source=twitter`,
        declared: [],
        titles: [SCMP.source.title],
        publisher: 'SCMP',
      }),
      d,
    );
    expect(r).toEqual({
      status: 'found',
      storyId: SCMP.id,
      match: { by: 'address', site: 'scmp.com', pageSite: 'scmp.com' },
    });
    expect(c.shard).toHaveBeenCalledTimes(1);
    expect(c.shard).toHaveBeenCalledWith(keyPrefix((await urlKey(SCMP.source.url))!));
    expect(d.detect).not.toHaveBeenCalled();
  });

  it('on an alias of the story (a syndicated copy on its own site)', async () => {
    const c = await catalogue();
    const r = await resolvePage(page({ url: SCMP.aliases[0]!, declared: [], titles: [] }), deps(c));
    expect(r).toMatchObject({
      status: 'found',
      storyId: SCMP.id,
      match: { by: 'address', site: 'yahoo.com', pageSite: 'yahoo.com' },
    });
  });

  it('on a declared canonical on the same registrable domain', async () => {
    const c = await catalogue();
    const r = await resolvePage(
      page({
        url: 'https://www.bbc.co.uk/news/live/c999?at_medium=social',
        declared: ['https://bbc.co.uk/news/articles/c123'],
        titles: ['Live: storms across the UK'],
      }),
      deps(c),
    );
    expect(r).toEqual({
      status: 'found',
      storyId: BBC.id,
      match: { by: 'declared', site: 'bbc.co.uk', pageSite: 'bbc.co.uk' },
    });
    expect(c.shard).toHaveBeenCalledTimes(1);
  });

  it("on a page served from the site's AMP cache that declares the article", async () => {
    const c = await catalogue();
    const r = await resolvePage(
      page({
        url: 'https://www-bbc-co-uk.cdn.ampproject.org/c/s/www.bbc.co.uk/news/live/c999',
        declared: ['https://www.bbc.co.uk/news/articles/c123'],
        titles: [],
      }),
      deps(c),
    );
    expect(r).toEqual({
      status: 'found',
      storyId: BBC.id,
      match: { by: 'declared', site: 'bbc.co.uk', pageSite: 'bbc.co.uk' },
    });
  });

  it("on a headline alone, when the page is on one of the story's sites (the detector is asked first)", async () => {
    const c = await catalogue();
    const d = deps(c);
    const r = await resolvePage(
      page({
        url: 'https://www.scmp.com/news/china/article/3300000/amp-ish-copy',
        declared: [],
        titles: [SCMP.source.title],
      }),
      d,
    );
    expect(r).toMatchObject({
      status: 'found',
      storyId: SCMP.id,
      match: { by: 'headline', site: 'scmp.com', pageSite: 'scmp.com' },
    });
    expect(d.detect).toHaveBeenCalledTimes(1);
    expect(r.page?.detection).toEqual(detection()); // the report carries what the detector found
  });
});

describe('a possible match (shown labelled, never marked)', () => {
  it("for a page on another site that declares the story's address as its canonical", async () => {
    const c = await catalogue();
    for (const url of ['http://127.0.0.1:8000/story.html', 'https://evil.example/news/belarus']) {
      const r = await resolvePage(page({ url, declared: [SCMP.source.url], titles: [] }), deps(c));
      expect(r.status).toBe('possible');
      expect(r).toMatchObject({ storyId: SCMP.id, match: { by: 'declared', site: 'scmp.com', pageSite: siteOf(url) } });
    }
  });

  it("for a headline copied by a page on another site, naming the story's site", async () => {
    const c = await catalogue();
    const d = deps(c);
    const r = await resolvePage(
      page({ url: 'https://www.aggregator.example/news/123', declared: [], titles: [SCMP.source.title] }),
      d,
    );
    expect(r).toMatchObject({
      status: 'possible',
      storyId: SCMP.id,
      match: { by: 'headline', site: 'scmp.com', pageSite: 'aggregator.example' },
    });
    expect(d.detect).toHaveBeenCalledTimes(1);
  });

  it('never "found" for a cross-site declaration, even with the story\'s headline on the page', async () => {
    const c = await catalogue();
    const r = await resolvePage(
      page({ url: 'http://127.0.0.1:8000/story.html', declared: [SCMP.source.url], titles: [SCMP.source.title] }),
      deps(c),
    );
    expect(r.status).toBe('possible');
    expect(r.match?.site).toBe('scmp.com');
  });
});

describe('a headline-only hit on a page that is not news', () => {
  it('is dropped: "not-news", without any shard request', async () => {
    const c = await catalogue();
    const d = deps(c, { detect: vi.fn(async () => detection({ isNews: false, score: 0, signals: [] })) });
    const r = await resolvePage(
      page({ url: 'https://forum.example/threads/99', declared: [], titles: [SCMP.source.title] }),
      d,
    );
    expect(r.status).toBe('not-news');
    expect(r.page?.detection?.isNews).toBe(false);
    expect(d.detect).toHaveBeenCalledTimes(1);
    expect(c.shard).not.toHaveBeenCalled();
  });

  it('is still looked up when the detector cannot answer (no content script): the site rule still applies', async () => {
    const c = await catalogue();
    const d = deps(c, { detect: vi.fn(async () => null) });
    const r = await resolvePage(
      page({ url: 'https://forum.example/t/1', declared: [], titles: [SCMP.source.title] }),
      d,
    );
    expect(r).toMatchObject({ status: 'possible', match: { by: 'headline', site: 'scmp.com' } });
    // Recorded as tried-without-answer, so the page is not asked again and again.
    expect(r.page).toMatchObject({ detection: null });
  });
});

describe('examining a page on demand (the reader opened the popup)', () => {
  it('runs the detector and says "not-news" truthfully, carrying the detection', async () => {
    const c = await catalogue();
    const found = detection({ isNews: false, score: 1, signals: ['og:type=website'] });
    const d = deps(c, { detect: vi.fn(async () => found) });
    const r = await resolvePage(page(), d, true);
    expect(r).toEqual({ status: 'not-news', page: { ...page(), detection: found } });
    expect(d.detect).toHaveBeenCalledTimes(1);
    expect(c.shard).not.toHaveBeenCalled();
  });

  it('runs the detector and says "none" for a news article PRISM has not analysed', async () => {
    const c = await catalogue();
    const d = deps(c);
    const r = await resolvePage(page(), d, true);
    expect(r).toEqual({ status: 'none', page: { ...page(), detection: detection() } });
    expect(c.shard).not.toHaveBeenCalled();
  });

  it('tries the headline and canonical address the detector found (JSON-LD), not only <title>', async () => {
    const c = await catalogue();
    const d = deps(c, {
      detect: vi.fn(async () => detection({ title: BBC.source.title, publisher: 'BBC News', canonicalUrl: null })),
    });
    const r = await resolvePage(
      page({ url: 'https://www.bbc.co.uk/news/live/c999', declared: [], titles: ['BBC News'] }),
      d,
      true,
    );
    expect(r).toMatchObject({ status: 'found', storyId: BBC.id, match: { by: 'headline', site: 'bbc.co.uk' } });
    expect(r.page?.detection?.title).toBe(BBC.source.title);

    const viaCanonical = deps(c, { detect: vi.fn(async () => detection({ canonicalUrl: BBC.source.url })) });
    const r2 = await resolvePage(
      page({ url: 'https://www.bbc.co.uk/news/live/c999', declared: [], titles: [] }),
      viaCanonical,
      true,
    );
    expect(r2).toMatchObject({ status: 'found', storyId: BBC.id, match: { by: 'declared' } });
  });

  it('does not run the detector again on a page that was already examined', async () => {
    const c = await catalogue();
    const d = deps(c);
    const r = await resolvePage({ ...page(), detection: detection({ isNews: false }) }, d, true);
    expect(r).toEqual({ status: 'not-news' });
    expect(d.detect).not.toHaveBeenCalled();
  });
});

describe('failures', () => {
  const hit = page({ url: SCMP.source.url, declared: [], titles: [] });

  it('offline → "offline"; every other fault → "error"; with the fault (kind, status, detail)', async () => {
    const c = await catalogue();
    const offline = deps(c, {
      shard: vi.fn(async () => Promise.reject(new PrismError('offline', 'The browser is offline.'))),
    });
    expect(await resolvePage(hit, offline)).toEqual({
      status: 'offline',
      fault: { kind: 'offline', detail: 'The browser is offline.' },
    });
    const http = deps(c, {
      shard: vi.fn(async () => Promise.reject(new PrismError('http', 'The PRISM server answered 503.', 503))),
    });
    expect(await resolvePage(hit, http)).toEqual({
      status: 'error',
      fault: { kind: 'http', status: 503, detail: 'The PRISM server answered 503.' },
    });
    for (const kind of ['unreachable', 'timeout', 'invalid', 'newer', 'refused'] as const) {
      const d = deps(c, { shard: vi.fn(async () => Promise.reject(new PrismError(kind, 'x'))) });
      expect(await resolvePage(hit, d)).toEqual({ status: 'error', fault: { kind, detail: 'x' } });
    }
  });

  it('keeps the detection when the confirmation fails after an examination', async () => {
    const c = await catalogue();
    const d = deps(c, { shard: vi.fn(async () => Promise.reject(new PrismError('offline', 'x'))) });
    const r = await resolvePage(page({ url: 'https://www.scmp.com/x', declared: [], titles: [SCMP.source.title] }), d);
    expect(r).toMatchObject({ status: 'offline', page: { detection: detection() } });
  });

  it('an unexpected failure (a rate limit) is an error, not a crash', async () => {
    const c = await catalogue();
    const d = deps(c, {
      shard: () => {
        throw new Error('Too many lookups from this page; try again in a moment.');
      },
    });
    expect(await resolvePage(hit, d)).toEqual({
      status: 'error',
      fault: { kind: 'unknown', detail: 'Too many lookups from this page; try again in a moment.' },
    });
  });
});

describe('the same-host rule on shared hosts (issue 19, finding 3)', () => {
  const story = (id: string, url: string, aliases: string[] = []): CatalogueStory => ({
    id,
    source: { url, title: `The headline of ${id}, a story long enough to be a headline`, publisher: 'Some Desk' },
    aliases,
  });
  const NAVER = story('naver-news', 'https://n.news.naver.com/article/001/0014900000');
  const MEDIUM = story('medium-post', 'https://medium.com/@alice/a-story-0123456789ab');
  const GSITES = story('gsites', 'https://sites.google.com/view/city-council/news/budget');
  const BBC_AMP = story('bbc-amp', 'https://www.bbc.com/news/articles/c0000000');

  async function resolve(s: CatalogueStory, over: Partial<PageReport>) {
    const c = await catalogue([s]);
    const d = deps(c, { detect: vi.fn(async () => detection({ title: s.source.title })) });
    return resolvePage(page({ declared: [], titles: [], publisher: null, ...over }), d);
  }

  it('a blog.naver.com post that declares an n.news.naver.com story, or copies its headline, is not confirmed', async () => {
    const url = 'https://blog.naver.com/mallory/223000000000';
    expect(await resolve(NAVER, { url, declared: [NAVER.source.url] })).toMatchObject({
      status: 'possible',
      storyId: NAVER.id,
    });
    expect(await resolve(NAVER, { url, titles: [NAVER.source.title] })).toMatchObject({ status: 'possible' });
    // The mobile blog, with the blog id in the query, is no closer.
    const mobile = 'https://m.blog.naver.com/PostView.naver?blogId=mallory&logNo=1';
    expect(await resolve(NAVER, { url: mobile, declared: [NAVER.source.url] })).toMatchObject({ status: 'possible' });
  });

  it('another Medium author, and another Google Sites site, cannot confirm a story there', async () => {
    const medium = { url: 'https://medium.com/@mallory/copy-1', declared: [MEDIUM.source.url] };
    expect(await resolve(MEDIUM, medium)).toMatchObject({ status: 'possible' });
    expect(await resolve(MEDIUM, { url: medium.url, titles: [MEDIUM.source.title] })).toMatchObject({
      status: 'possible',
    });
    const gsite = { url: 'https://sites.google.com/view/mallory/home', declared: [GSITES.source.url] };
    expect(await resolve(GSITES, gsite)).toMatchObject({ status: 'possible' });
    // news.google.com is google.com too, and not the council's site.
    const gnews = { url: 'https://news.google.com/articles/x', titles: [GSITES.source.title] };
    expect(await resolve(GSITES, gnews)).toMatchObject({ status: 'possible' });
  });

  it('still confirms on the same host: www and bare host, the mobile host, AMP, and the same author', async () => {
    const bare = { url: 'https://bbc.com/news/live/c999', declared: [BBC_AMP.source.url] };
    expect(await resolve(BBC_AMP, bare)).toMatchObject({ status: 'found', match: { by: 'declared' } });
    const mobile = { url: 'https://m.bbc.com/news/live/c999', titles: [BBC_AMP.source.title] };
    expect(await resolve(BBC_AMP, mobile)).toMatchObject({ status: 'found', match: { by: 'headline' } });
    const cache = 'https://www-bbc-com.cdn.ampproject.org/c/s/www.bbc.com/news/articles/c0000000.amp';
    expect(await resolve(BBC_AMP, { url: cache, declared: [BBC_AMP.source.url] })).toMatchObject({ status: 'found' });
    const ampHost = { url: 'https://amp.bbc.com/news/articles/c0000000', declared: [BBC_AMP.source.url] };
    expect(await resolve(BBC_AMP, ampHost)).toMatchObject({ status: 'found' });
    const author = { url: 'https://medium.com/@alice/another-post', declared: [MEDIUM.source.url] };
    expect(await resolve(MEDIUM, author)).toMatchObject({ status: 'found' });
    const naverMobile = { url: 'https://n.news.naver.com/mnews/article/001/0014900000', titles: [NAVER.source.title] };
    expect(await resolve(NAVER, naverMobile)).toMatchObject({ status: 'found' });
  });

  it("an entry of an older publication (no hosts) is confirmed only by the page's own address", async () => {
    const c = await catalogue([BBC_AMP]);
    const old = vi.fn(async (prefix: string) =>
      (await c.shard(prefix)).map((e): LookupEntry => ({ key: e.key, story: e.story, sites: e.sites })),
    );
    const d = deps(c, { shard: old, detect: vi.fn(async () => detection({ title: BBC_AMP.source.title })) });
    const copy = page({ url: 'https://www.bbc.com/news/live/c1', declared: [], titles: [BBC_AMP.source.title] });
    expect(await resolvePage(copy, d)).toMatchObject({ status: 'possible' });
    expect(await resolvePage(page({ url: BBC_AMP.source.url, declared: [], titles: [] }), d)).toMatchObject({
      status: 'found',
    });
  });
});

describe("the publication's shard prefix length", () => {
  it('asks the shard of that many hex digits, and the one shard "all" at 0', async () => {
    const c = await catalogue();
    const own = page({ url: BBC.source.url, declared: [], titles: [] });
    const key = (await urlKey(BBC.source.url))!;
    for (const [prefixLength, name] of [
      [0, 'all'],
      [2, key.slice(0, 2)],
      [5, key.slice(0, 5)],
    ] as const) {
      c.shard.mockClear();
      const shard = vi.fn(async (prefix: string) => (prefix === name ? c.entries : []));
      expect(await resolvePage(own, deps(c, { shard, prefixLength }))).toMatchObject({ status: 'found' });
      expect(shard.mock.calls).toEqual([[name]]);
    }
  });
});
