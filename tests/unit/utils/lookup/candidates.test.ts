/**
 * The keys a page is known by, and what each would mean if it matched. The order matters: the first key the local
 * key set holds is the one confirmed online, so the page's own address must come before anything the page merely
 * declares, and a declared address on the page's own site before one on another site, and headlines last.
 */
import { describe, expect, it } from 'vitest';
import { pageCandidates } from '../../../../utils/lookup/candidates';
import { titleKey, urlKey } from '../../../../utils/prism/keys';
import type { PageReport } from '../../../../utils/tab-state';

const page = (over: Partial<PageReport> = {}): PageReport => ({
  url: 'https://www.bbc.co.uk/sport/live/c0000000',
  declared: [],
  titles: [],
  publisher: null,
  lang: 'en',
  ...over,
});
const HEADLINE = 'Belarus frees 123 prisoners as US lifts potash sanctions';

describe('pageCandidates', () => {
  it('gives the page its own address first, then declared addresses (own host, then others), then headlines', async () => {
    const candidates = await pageCandidates(
      page({
        declared: ['https://evil.example/copied', 'https://bbc.co.uk/news/articles/c123'],
        titles: [HEADLINE],
      }),
    );
    expect(candidates).toEqual([
      {
        key: await urlKey('https://www.bbc.co.uk/sport/live/c0000000'),
        by: 'address',
        sameHost: true,
        site: 'bbc.co.uk',
      },
      { key: await urlKey('https://bbc.co.uk/news/articles/c123'), by: 'declared', sameHost: true, site: 'bbc.co.uk' },
      { key: await urlKey('https://evil.example/copied'), by: 'declared', sameHost: false, site: 'evil.example' },
      { key: await titleKey(HEADLINE, null), by: 'headline', sameHost: false, site: null },
    ]);
  });

  it('counts a declared address as its own only on the same host (www and bare host are one; public suffixes respected)', async () => {
    const declared = async (url: string, declaredUrl: string) =>
      (await pageCandidates(page({ url, declared: [declaredUrl] }))).find((c) => c.by === 'declared');
    expect(await declared('https://bbc.co.uk/x', 'https://www.bbc.co.uk/news/1')).toMatchObject({
      sameHost: true,
      site: 'bbc.co.uk',
    });
    // One registrable domain, two hosts: a blog on naver.com is not Naver News.
    expect(await declared('https://blog.naver.com/alice/1', 'https://n.news.naver.com/article/001/1')).toMatchObject({
      sameHost: false,
      site: 'naver.com',
    });
    expect(await declared('https://www.bbc.co.uk/x', 'https://www.itv.co.uk/news/1')).toMatchObject({
      sameHost: false,
      site: 'itv.co.uk',
    });
    expect(await declared('http://127.0.0.1:8000/story.html', 'https://www.scmp.com/news/1')).toMatchObject({
      sameHost: false,
      site: 'scmp.com',
    });
    // Two people's pages on one hosting suffix are two sites.
    expect(await declared('https://alice.github.io/a', 'https://bob.github.io/b')).toMatchObject({
      sameHost: false,
      site: 'bob.github.io',
    });
  });

  it('unwraps AMP cache and viewer URLs, of the location and of a declared address', async () => {
    const amp = 'https://www-bbc-co-uk.cdn.ampproject.org/c/s/www.bbc.co.uk/news/live/c999';
    const [own, decl] = await pageCandidates(
      page({ url: amp, declared: ['https://www.bbc.co.uk/news/articles/c123'] }),
    );
    expect(own).toEqual({
      key: await urlKey('https://www.bbc.co.uk/news/live/c999'),
      by: 'address',
      sameHost: true,
      site: 'bbc.co.uk',
    });
    expect(decl).toMatchObject({
      key: await urlKey('https://www.bbc.co.uk/news/articles/c123'),
      by: 'declared',
      sameHost: true,
    });

    const viewer = await pageCandidates(
      page({
        url: 'https://www.bbc.co.uk/news/live/c999',
        declared: ['https://www.google.com/amp/s/www.bbc.co.uk/news/articles/c123'],
      }),
    );
    expect(viewer[1]).toMatchObject({
      key: await urlKey('https://www.bbc.co.uk/news/articles/c123'),
      by: 'declared',
      sameHost: true,
    });
  });

  it("does not list a declared address twice, or as declared when it is the page's own address", async () => {
    const candidates = await pageCandidates(
      page({
        url: 'https://www.bbc.co.uk/news/articles/c123?utm_source=twitter',
        declared: ['https://bbc.co.uk/news/articles/c123', 'https://www.bbc.co.uk/news/articles/c123#top'],
      }),
    );
    expect(candidates.map((c) => c.by)).toEqual(['address']);
  });

  it("adds the detector's canonical address, headline and publisher once the page was examined", async () => {
    const base = page({ titles: ['BBC Sport - Live'], publisher: null });
    const examined: PageReport = {
      ...base,
      detection: {
        isNews: true,
        score: 5,
        signals: [],
        title: HEADLINE,
        publisher: 'BBC News',
        canonicalUrl: 'https://www.bbc.co.uk/news/articles/c123',
      },
    };
    const keys = (await pageCandidates(examined)).map((c) => [c.by, c.key]);
    expect(keys).toContainEqual(['declared', await urlKey('https://www.bbc.co.uk/news/articles/c123')]);
    expect(keys).toContainEqual(['headline', await titleKey(HEADLINE, 'BBC News')]);
    expect((await pageCandidates(base)).map((c) => c.key)).not.toContain(await titleKey(HEADLINE, 'BBC News'));
  });

  it('makes no key of a headline too generic to name one story, nor of an address that is not http(s)', async () => {
    const candidates = await pageCandidates(
      page({ titles: ['Live updates', 'Home'], declared: ['javascript:alert(1)'] }),
    );
    expect(candidates.map((c) => c.by)).toEqual(['address']);
  });

  it('tries each headline with the page\'s publisher, so "Headline | Site" matches the story\'s headline', async () => {
    const candidates = await pageCandidates(
      page({ titles: [`${HEADLINE} - The Example Times`], publisher: 'The Example Times' }),
    );
    expect(candidates.filter((c) => c.by === 'headline').map((c) => c.key)).toContain(
      await titleKey(HEADLINE, 'Example Times'),
    );
  });
});
