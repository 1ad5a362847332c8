import { describe, expect, it } from 'vitest';
import { parseHTML } from 'linkedom';
import { detectPage } from '../../../../utils/detect/index';
import { urlShape } from '../../../../utils/detect/url-shape';
import { classify } from '../../../../utils/detect/types';

const STORY_URL = 'https://news.example.com/2024/05/17/city-council-approves-new-budget';
const PARA =
  '<p>The council voted seven to two on Thursday evening after a long debate about road repairs, schools and the cost of the new tram line.</p>';
const BODY = `<article><h1>Council approves budget</h1><p class="byline">By Jane Doe</p>${PARA.repeat(5)}</article>`;

function doc(head: string, body = BODY): Document {
  return parseHTML(`<!doctype html><html lang="en"><head>${head}</head><body>${body}</body></html>`)
    .document as unknown as Document;
}
const ld = (obj: unknown) => `<script type="application/ld+json">${JSON.stringify(obj)}</script>`;
const plain = '<title>Council approves budget</title>';
const detect = (head: string, body?: string, url = STORY_URL) => detectPage(doc(head, body), url);

describe('schema.org types', () => {
  it('a JSON-LD NewsArticle makes a story page news', () => {
    const d = detect(
      plain + ld({ '@context': 'https://schema.org', '@type': 'NewsArticle', headline: 'x' }),
      BODY,
      'https://example.invalid/x',
    );
    expect(d.isNews).toBe(true);
    expect(d.signals).toContain('jsonld:NewsArticle');
  });

  it.each([
    'NewsArticle',
    'AnalysisNewsArticle',
    'AskPublicNewsArticle',
    'BackgroundNewsArticle',
    'OpinionNewsArticle',
    'ReportageNewsArticle',
    'ReviewNewsArticle',
    'LiveBlogPosting',
    'newsarticle',
    'NEWSARTICLE',
    'http://schema.org/NewsArticle',
    'https://schema.org/OpinionNewsArticle',
    'schema:NewsArticle',
  ])('%s counts as news', (t) => {
    expect(classify(t)).toBe('news');
    expect(detect(plain + ld({ '@type': t }), BODY, 'https://example.invalid/x').isNews).toBe(true);
  });

  it.each(['BlogPosting', 'TechArticle', 'ScholarlyArticle', 'SocialMediaPosting', 'Recipe'])('%s is not news', (t) => {
    expect(classify(t)).toBe('nonNews');
    const d = detect(plain + '<meta property="og:type" content="article">' + ld({ '@type': t }));
    expect(d.isNews).toBe(false);
  });

  it('Article alone is weaker evidence than NewsArticle', () => {
    const a = detect(plain + ld({ '@type': 'Article' }), BODY, 'https://example.invalid/x');
    const n = detect(plain + ld({ '@type': 'NewsArticle' }), BODY, 'https://example.invalid/x');
    expect(a.isNews).toBe(false);
    expect(n.isNews).toBe(true);
    expect(a.score).toBeLessThan(n.score);
  });

  it('finds types in @graph, arrays, nested mainEntity and later blocks', () => {
    const graph = ld({
      '@context': 'https://schema.org',
      '@graph': [{ '@type': 'WebSite' }, { '@type': ['Thing', 'NewsArticle'] }],
    });
    const array = ld([{ '@type': 'Organization' }, { '@type': 'ReportageNewsArticle' }]);
    const nested = ld({ '@type': 'WebPage', mainEntity: { '@type': 'OpinionNewsArticle' } });
    const several =
      ld({ '@type': 'Organization' }) + ld({ '@type': 'BreadcrumbList' }) + ld({ '@type': 'NewsArticle' });
    for (const head of [graph, array, nested, several]) {
      expect(detect(plain + head, BODY, 'https://example.invalid/x').isNews).toBe(true);
    }
  });

  it('ignores types of nested properties: a NewsArticle as an author or offer does not make a page news', () => {
    const d = detect(
      plain + ld({ '@type': 'Product', review: { '@type': 'NewsArticle' }, offers: { '@type': 'Offer' } }),
      BODY,
      'https://example.invalid/x',
    );
    expect(d.isNews).toBe(false);
    expect(d.signals).toContain('jsonld:Product');
  });

  it('reads types out of malformed JSON-LD and CDATA-wrapped blocks', () => {
    const broken = `<script type="application/ld+json">{"@type": "NewsArticle", "headline": 'single quotes',}</script>`;
    const d = detect(plain + broken, BODY, 'https://example.invalid/x');
    expect(d.isNews).toBe(true);
    expect(d.signals).toContain('jsonld:malformed');
    const cdata = `<script type="application/ld+json">//<![CDATA[\n{"@type":"NewsArticle"}\n//]]></script>`;
    expect(detect(plain + cdata, BODY, 'https://example.invalid/x').isNews).toBe(true);
  });

  it('reads microdata item types, by full URL', () => {
    const body = `<div itemscope itemtype="http://schema.org/NewsArticle"><span itemprop="author" itemscope itemtype="http://schema.org/Person">Jane</span>${PARA.repeat(5)}</div>`;
    const d = detect(plain, body, 'https://example.invalid/x');
    expect(d.isNews).toBe(true);
    expect(d.signals).toContain('microdata:http://schema.org/NewsArticle');
  });
});

describe('meta, URL and page-shape signals', () => {
  const og =
    '<meta property="og:type" content="article"><meta property="article:published_time" content="2024-05-17T08:00:00Z">';

  it('og:type=article, a publication time and a dated story URL decide without any schema.org markup', () => {
    const d = detect(plain + og);
    expect(d.isNews).toBe(true);
    expect(d.signals).toEqual(expect.arrayContaining(['og:type=article', 'published-time', 'url:date', 'url:slug']));
    expect(d.publishedAt).toBe('2024-05-17T08:00:00.000Z');
  });

  it('on an unknown (placeholder) address no URL signal fires and the page is less certain', () => {
    const d = detect(plain + og, BODY, 'https://example.invalid/2024/05/17/some-long-page-slug');
    expect(d.signals.some((s) => s.startsWith('url:'))).toBe(false);
    expect(d.score).toBeLessThan(detect(plain + og).score);
  });

  it('news_keywords and a rel=amphtml twin are publisher signals', () => {
    const d = detect(
      plain + '<meta name="news_keywords" content="budget, council"><link rel="amphtml" href="/amp/x">',
      BODY,
      'https://example.invalid/x',
    );
    expect(d.isNews).toBe(true);
    expect(d.signals).toEqual(expect.arrayContaining(['meta:news_keywords', 'amphtml']));
  });

  it('a home page with many story links and no body is not news, even with news markup', () => {
    const links = Array.from(
      { length: 200 },
      (_, i) => `<li><a href="/2024/05/17/story-${i}">Story ${i}</a></li>`,
    ).join('');
    const d = detect(
      plain + og + ld({ '@type': 'NewsMediaOrganization' }),
      `<ul>${links}</ul>`,
      'https://news.example.com/',
    );
    expect(d.isNews).toBe(false);
    expect(d.signals).toEqual(expect.arrayContaining(['url:home', 'no-body']));
  });

  it('section, tag and search pages are not news', () => {
    const listing = `${'<h2><a href="/a">Teaser headline</a></h2>'.repeat(30)}`;
    for (const url of [
      'https://news.example.com/world/',
      'https://news.example.com/tag/budget',
      'https://news.example.com/search?q=budget',
    ]) {
      expect(detect(plain + '<meta property="og:type" content="website">', listing, url).isNews).toBe(false);
    }
    expect(
      detect(plain + ld({ '@type': 'CollectionPage' }), listing, 'https://news.example.com/world/').signals,
    ).toContain('jsonld:CollectionPage');
  });

  it('a video-only page is not news', () => {
    const d = detect(
      plain + '<meta property="og:type" content="video.other">' + ld({ '@type': 'VideoObject' }),
      '<video src="v.mp4"></video>',
      STORY_URL,
    );
    expect(d.isNews).toBe(false);
  });

  it('a gallery is not news', () => {
    expect(
      detect(plain + ld({ '@type': 'ImageGallery' }), '<img src="a.jpg"><img src="b.jpg">', STORY_URL).isNews,
    ).toBe(false);
  });

  it('a blog post is not news even with article markup and a dated URL', () => {
    const d = detect(plain + og, BODY, 'https://blog.example.com/2024/05/17/my-thoughts-on-the-budget');
    expect(d.isNews).toBe(false);
    expect(d.signals).toContain('url:blog');
    expect(detect(plain + og + '<meta property="og:site_name" content="Jane\'s Blog">').isNews).toBe(false);
  });

  it("a site whose feed or name calls it news gains a point; a newsletter or a post's comment feed does not", () => {
    // Dated URL with an id, a byline and a body, no metadata at all: just short of the line on its own.
    const url = 'https://www.example.org/journal/2019/01/80642';
    const feed = (title: string) => `<link rel="alternate" type="application/rss+xml" title="${title}" href="/rss">`;
    expect(detect(plain, BODY, url).isNews).toBe(false);
    const d = detect(plain + feed('Example News Online RSS Feed'), BODY, url);
    expect(d.isNews).toBe(true);
    expect(d.signals).toContain('site:news');
    expect(detect(plain + '<meta property="og:site_name" content="Example Nachrichten">', BODY, url).signals).toContain(
      'site:news',
    );
    expect(detect(plain + feed('Example Newsletter'), BODY, url).isNews).toBe(false);
    // WordPress: the first feed is the site's, later ones repeat a post's headline.
    expect(
      detect(plain + feed('Example » Feed') + feed('Example » Budget news roundup Comments Feed'), BODY, url).isNews,
    ).toBe(false);
  });

  it("an article whose author is a person with the publisher's own name is a personal site, not news", () => {
    const head = (author: unknown, publisher: unknown) =>
      plain +
      '<meta property="og:type" content="article"><meta name="twitter:site" content="@x">' +
      ld({ '@type': 'Article', headline: 'x', author, publisher });
    const url = 'https://www.example.org/council-approves-new-budget';
    expect(
      detect(
        head({ '@type': 'Person', name: 'Jane Doe' }, { '@type': 'Organization', name: 'Example Times' }),
        BODY,
        url,
      ).isNews,
    ).toBe(true);
    const own = detect(
      head([{ '@type': 'Person', name: 'Jane Doe' }], { '@type': 'Organization', name: 'jane doe' }),
      BODY,
      url,
    );
    expect(own.isNews).toBe(false);
    expect(own.signals).toContain('self-published');
    // A wire or a newsroom signing as itself is an organisation, not a person: no penalty.
    const wire = detect(
      head({ '@type': 'Organization', name: 'Example Wire' }, { '@type': 'Organization', name: 'Example Wire' }),
      BODY,
      url,
    );
    expect(wire.signals).not.toContain('self-published');
    expect(wire.isNews).toBe(true);
  });

  it('a live blog counts as news', () => {
    expect(
      detect(
        plain + ld({ '@type': 'LiveBlogPosting', coverageStartTime: '2024-05-17' }),
        BODY,
        'https://example.invalid/x',
      ).isNews,
    ).toBe(true);
  });

  it('a paywalled stub with news markup is news although its body is short', () => {
    const head = plain + ld({ '@type': 'NewsArticle', isAccessibleForFree: false });
    const d = detect(head, '<article><p>Subscribe to read.</p></article>', 'https://example.invalid/x');
    expect(d.isNews).toBe(true);
    expect(d.signals).toContain('paywall');
  });

  it('an AMP page reports the regular page as its canonical URL', () => {
    const page = parseHTML(
      `<!doctype html><html amp lang="en"><head>${plain}<link rel="canonical" href="https://news.example.com/2024/05/17/x">${ld({ '@type': 'NewsArticle' })}</head><body>${BODY}</body></html>`,
    ).document as unknown as Document;
    const d = detectPage(page, 'https://news.example.com/amp/2024/05/17/x');
    expect(d.signals).toContain('amp');
    expect(d.canonicalUrl).toBe('https://news.example.com/2024/05/17/x');
  });
});

describe('reported fields', () => {
  it('canonical: rel=canonical, else og:url, else the location, resolved, http(s) only', () => {
    expect(detect(plain + '<link rel="canonical" href="/a/b?x=1">').canonicalUrl).toBe(
      'https://news.example.com/a/b?x=1',
    );
    expect(detect(plain + '<meta property="og:url" content="https://news.example.com/og">').canonicalUrl).toBe(
      'https://news.example.com/og',
    );
    expect(detect(plain + '<link rel="canonical" href="javascript:alert(1)">').canonicalUrl).toBe(STORY_URL);
    expect(detect(plain, BODY, 'file:///etc/passwd').canonicalUrl).toBeNull();
  });

  it('title without the site name; publisher, language, date', () => {
    const head =
      '<title>Council approves budget | Daily Example</title><meta property="og:site_name" content="Daily Example">' +
      ld({
        '@type': 'NewsArticle',
        datePublished: '2024-05-17T10:00:00+02:00',
        publisher: { '@type': 'Organization', name: 'Example Media' },
      });
    const d = detect(head);
    expect(d.title).toBe('Council approves budget');
    expect(d.publisher).toBe('Daily Example');
    expect(d.publishedAt).toBe('2024-05-17T08:00:00.000Z');
    expect(d.lang).toBe('en');
    expect(detect('<title>Council approves budget - Daily Example</title>').title).toBe('Council approves budget');
    expect(detect('<meta property="og:title" content="Who - What: a title">').title).toBe('Who - What: a title');
    // A headline that merely starts with the outlet's name keeps it.
    const view =
      '<meta property="og:site_name" content="The Guardian"><title>The Guardian view on Hong Kong: a city on the brink | The Guardian</title>';
    expect(detectPage(doc(view), 'https://www.theguardian.com/x').title).toBe(
      'The Guardian view on Hong Kong: a city on the brink',
    );
    expect(detect('<time datetime="2024-05-17T06:00:00Z"></time>').publishedAt).toBe('2024-05-17T06:00:00.000Z');
  });

  it('output strings are capped and never objects', () => {
    const d = detect(
      `<title>${'x'.repeat(100_000)}</title>` + ld({ '@type': 'NewsArticle', publisher: { name: { toString: 1 } } }),
    );
    expect(d.title!.length).toBeLessThanOrEqual(300);
    expect(d.publisher).toBeNull();
  });
});

describe('urlShape', () => {
  it('recognises dates, slugs, ids, home, section, listing and placeholders', () => {
    expect(urlShape('https://x.com/2019/11/18/some-long-story-slug')).toMatchObject({
      date: true,
      slug: true,
      home: false,
    });
    expect(urlShape('https://x.com/news/world-us-canada-33646704')).toMatchObject({
      newsPath: true,
      id: true,
      slug: true,
    });
    expect(urlShape('https://x.com/')).toMatchObject({ home: true });
    expect(urlShape('https://x.com/index.html')).toMatchObject({ home: true });
    expect(urlShape('https://x.com/es/')).toMatchObject({ section: true });
    expect(urlShape('https://x.com/tags/politics')).toMatchObject({ listing: true });
    expect(urlShape('https://medium.com/@someone/a-post-title-here-123abc')).toMatchObject({ personal: true });
    expect(urlShape('https://example.invalid/2019/11/18/a-b-c').known).toBe(false);
  });
});
