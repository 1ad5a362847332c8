/**
 * The "same site" rule (utils/url/site.ts): registrable domains from the Public Suffix List (private suffixes
 * included), IPs and localhost, AMP cache and viewer URLs unwrapped, and no input that makes it throw.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hostOf, sameHost, sameSite, siteOf, unwrapAmp } from '../../../../utils/url/site';

describe('siteOf', () => {
  it.each([
    // ICANN suffixes of one and two labels
    ['https://www.bbc.co.uk/news/x', 'bbc.co.uk'],
    ['https://news.bbc.co.uk/x', 'bbc.co.uk'],
    ['https://www.abc.net.au/news/x', 'abc.net.au'],
    ['https://www.smh.com.au/x', 'smh.com.au'],
    ['https://www.yna.co.kr/view/x', 'yna.co.kr'],
    ['https://m.yna.co.kr/view/x', 'yna.co.kr'],
    ['https://n.news.naver.com/article/1', 'naver.com'],
    ['http://edition.cnn.com/x', 'cnn.com'],
    // private suffixes are suffixes: one site per tenant
    ['https://user1.github.io/blog', 'user1.github.io'],
    ['https://foo.blogspot.com/2024/01/x.html', 'foo.blogspot.com'],
    ['https://bucket.s3.amazonaws.com/x', 'bucket.s3.amazonaws.com'],
    // case, trailing dot, port, credentials
    ['HTTPS://WWW.NYTimes.COM/x', 'nytimes.com'],
    ['https://www.bbc.co.uk./x', 'bbc.co.uk'],
    ['https://www.example.com:8443/x', 'example.com'],
    ['https://user:pw@www.example.com/x', 'example.com'],
    // IDN in punycode, however it was written
    ['https://www.bücher.de/x', 'xn--bcher-kva.de'],
    ['https://WWW.BÜCHER.DE/x', 'xn--bcher-kva.de'],
    ['https://www.xn--bcher-kva.de/x', 'xn--bcher-kva.de'],
    ['https://뉴스.한국/x', 'xn--vg1b002a.xn--3e0b707e'],
    ['https://xn--vg1b002a.xn--3e0b707e/x', 'xn--vg1b002a.xn--3e0b707e'],
    ['https://www.example.公司.cn/x', 'example.xn--55qx5d.cn'],
    // IP addresses and localhost are their own site, without the port
    ['http://127.0.0.1:8787/v1/x', '127.0.0.1'],
    ['http://0x7f.1/', '127.0.0.1'],
    ['http://[::1]:8788/x', '[::1]'],
    ['http://[0:0:0:0:0:0:0:1]/', '[::1]'],
    ['http://[2001:DB8::1]/', '[2001:db8::1]'],
    ['http://localhost:3000/x', 'localhost'],
    ['http://LOCALHOST./x', 'localhost'],
    // siteOf does not unwrap AMP: the cache's own site
    ['https://www-example-com.cdn.ampproject.org/c/s/www.example.com/x', 'ampproject.org'],
  ])('%s → %s', (url, site) => {
    expect(siteOf(url)).toBe(site);
  });

  it.each([
    // hosts that are only a public suffix (ICANN or private), or a single label
    'https://co.uk/x',
    'https://com.au/',
    'https://co.kr/',
    'https://com/',
    'https://github.io/',
    'https://blogspot.com/',
    'http://intranet/x',
    // not http(s)
    'ftp://www.example.com/x',
    'file:///etc/passwd',
    'mailto:someone@example.com',
    'javascript:alert(1)',
    'data:text/html,<h1>x</h1>',
    'chrome-extension://abcdefghijklmnop/popup.html',
    'about:blank',
    // not URLs
    '',
    'www.example.com/x',
    '/relative/path',
    'https://',
    'https://[::1/',
    'http://exa mple.com/',
    `https://example.com/${'a'.repeat(9000)}`,
  ])('%s → null', (url) => {
    expect(siteOf(url)).toBeNull();
  });

  it('returns null for values that are not strings', () => {
    for (const value of [undefined, null, 42, {}, ['https://example.com/']]) {
      expect(siteOf(value as unknown as string)).toBeNull();
    }
  });
});

describe('unwrapAmp', () => {
  it.each([
    // Google AMP Cache: c/ (content), v/ (viewer), i/ (image); s/ means https
    ['https://www-example-com.cdn.ampproject.org/c/s/www.example.com/path?x', 'https://www.example.com/path?x'],
    [
      'https://www-example-com.cdn.ampproject.org/v/s/www.example.com/path?amp_js_v=0.1#frag',
      'https://www.example.com/path?amp_js_v=0.1#frag',
    ],
    ['https://www-example-com.cdn.ampproject.org/i/s/www.example.com/img/a.jpg', 'https://www.example.com/img/a.jpg'],
    ['https://www-example-com.cdn.ampproject.org/c/www.example.com/path', 'http://www.example.com/path'],
    ['https://cdn.ampproject.org/c/s/www.example.com/path', 'https://www.example.com/path'],
    ['https://m-yna-co-kr.cdn.ampproject.org/c/s/m.yna.co.kr/amp/view/AKR1', 'https://m.yna.co.kr/amp/view/AKR1'],
    ['https://WWW-EXAMPLE-COM.CDN.AMPPROJECT.ORG/c/s/WWW.EXAMPLE.COM/Path', 'https://www.example.com/Path'],
    ['https://localhost-8080.cdn.ampproject.org/c/s/localhost:8080/x', 'https://localhost:8080/x'],
    // Google AMP viewer: s/ means https, none http
    ['https://www.google.com/amp/s/www.example.com/path', 'https://www.example.com/path'],
    ['https://www.google.com/amp/www.example.com/path', 'http://www.example.com/path'],
    ['https://google.com/amp/s/amp.theguardian.com/world/x', 'https://amp.theguardian.com/world/x'],
    // a viewer URL around a cache URL
    [
      'https://www.google.com/amp/s/www-example-com.cdn.ampproject.org/c/s/www.example.com/path',
      'https://www.example.com/path',
    ],
  ])('%s → %s', (url, publisher) => {
    expect(unwrapAmp(url)).toBe(publisher);
  });

  it.each([
    // publisher AMP copies stay as they are (canonical.ts turns them into the article's address)
    'https://amp.theguardian.com/world/x',
    'https://www.bbc.co.uk/news/amp/world-1',
    'https://edition.cnn.com/x/index.amp.html',
    'https://www.example.com/x?amp=1',
    // lookalikes of the cache and viewer hosts
    'https://www-example-com.cdn.ampproject.org.evil.com/c/s/www.example.com/x',
    'https://cdn-ampproject.org/c/s/www.example.com/x',
    'https://ampproject.org/c/s/www.example.com/x',
    'https://www.google.evil/amp/s/www.example.com/x',
    'https://news.google.com/amp/s/www.example.com/x',
    // cache and viewer URLs that wrap nothing usable
    'https://www-example-com.cdn.ampproject.org/c/s/',
    'https://www-example-com.cdn.ampproject.org/r/s/www.example.com/font.woff',
    'https://www-example-com.cdn.ampproject.org/c/s/co.uk/x',
    'https://www-example-com.cdn.ampproject.org/c/s/user@www.example.com/x',
    'https://www.google.com/amp/',
    'https://www.google.com/ampx/s/www.example.com/x',
    'https://www.google.com/search?q=amp',
    // not http(s) URLs at all
    'ftp://cdn.ampproject.org/c/s/www.example.com/x',
    'not a url',
    '',
  ])('%s is returned unchanged', (url) => {
    expect(unwrapAmp(url)).toBe(url);
  });
});

describe('sameSite', () => {
  it.each([
    ['https://www.bbc.co.uk/news/x', 'https://news.bbc.co.uk/y'],
    ['https://bbc.co.uk/', 'https://www.bbc.co.uk/news/x'],
    ['https://www.yna.co.kr/view/x', 'https://m.yna.co.kr/view/x'],
    ['https://www.smh.com.au/x', 'https://amp.smh.com.au/x'],
    ['http://www.example.com/x', 'https://example.com/y'],
    ['https://www.example.com:8443/x', 'https://example.com/x'],
    ['https://WWW.EXAMPLE.COM/x', 'https://example.com/x'],
    ['https://www.bücher.de/x', 'https://xn--bcher-kva.de/y'],
    ['https://user1.github.io/a', 'https://user1.github.io/b'],
    ['http://127.0.0.1:8788/page', 'http://127.0.0.1:8787/v1/x'],
    ['http://[::1]:8788/page', 'http://[0:0:0:0:0:0:0:1]/x'],
    ['http://localhost:3000/', 'http://localhost:4000/'],
    // an AMP cache or viewer URL of site A is on site A
    ['https://www-bbc-co-uk.cdn.ampproject.org/c/s/www.bbc.co.uk/news/amp/x', 'https://www.bbc.co.uk/news/x'],
    ['https://www.google.com/amp/s/m.yna.co.kr/amp/view/x', 'https://www.yna.co.kr/view/x'],
    ['https://www-example-com.cdn.ampproject.org/c/s/www.example.com/x', 'https://www.google.com/amp/s/example.com/x'],
  ])('%s and %s are on the same site', (a, b) => {
    expect(sameSite(a, b)).toBe(true);
    expect(sameSite(b, a)).toBe(true);
  });

  it.each([
    ['https://bbc.co.uk/x', 'https://example.co.uk/x'],
    ['https://www.yna.co.kr/x', 'https://www.chosun.co.kr/x'],
    ['https://www.smh.com.au/x', 'https://www.theage.com.au/x'],
    ['https://user1.github.io/x', 'https://user2.github.io/x'],
    ['https://a.blogspot.com/x', 'https://b.blogspot.com/x'],
    ['https://example.com/x', 'https://example.org/x'],
    ['https://example.com/x', 'https://example.com.evil.net/x'],
    ['http://127.0.0.1/x', 'http://127.0.0.2/x'],
    ['http://127.0.0.1/x', 'http://localhost/x'],
    ['http://[::1]/x', 'http://127.0.0.1/x'],
    // an AMP cache URL of site A is not on the cache's site, nor on another publisher's
    ['https://www-bbc-co-uk.cdn.ampproject.org/c/s/www.bbc.co.uk/news/x', 'https://ampproject.org/'],
    ['https://www-bbc-co-uk.cdn.ampproject.org/c/s/www.bbc.co.uk/news/x', 'https://cdn.ampproject.org/x'],
    [
      'https://www-bbc-co-uk.cdn.ampproject.org/c/s/www.bbc.co.uk/news/x',
      'https://www-evil-com.cdn.ampproject.org/c/s/www.evil.com/news/x',
    ],
    ['https://www.google.com/amp/s/www.bbc.co.uk/news/x', 'https://www.google.com/search?q=bbc'],
    // no site on one side (or both): never the same site, not even as itself
    ['https://co.uk/x', 'https://co.uk/x'],
    ['https://github.io/', 'https://github.io/'],
    ['ftp://www.example.com/x', 'https://www.example.com/x'],
    ['file:///home/x', 'file:///home/x'],
    ['garbage', 'garbage'],
    ['', ''],
  ])('%s and %s are not on the same site', (a, b) => {
    expect(sameSite(a, b)).toBe(false);
    expect(sameSite(b, a)).toBe(false);
  });
});

describe('properties (fast-check)', () => {
  const hostless = (url: string) => url.replace(/^https?:\/\//, '');
  const anyString = fc.oneof(
    fc.string(),
    fc.string({ unit: 'binary' }),
    fc.webUrl({ withQueryParameters: true, withFragments: true }),
    fc.webUrl().map((url) => `https://www-x-com.cdn.ampproject.org/c/s/${hostless(url)}`),
    fc.webUrl().map((url) => `https://www.google.com/amp/${hostless(url)}`),
    fc
      .tuple(fc.constantFrom('http://', 'https://', 'https://cdn.ampproject.org/v/s/'), fc.string({ unit: 'binary' }))
      .map(([scheme, rest]) => scheme + rest),
  );
  const runs = { numRuns: 1000 };

  it('siteOf, unwrapAmp and sameSite never throw; unwrapAmp is idempotent', () => {
    fc.assert(
      fc.property(anyString, anyString, (x, y) => {
        const site = siteOf(x);
        expect(site === null || typeof site === 'string').toBe(true);
        expect(unwrapAmp(unwrapAmp(x))).toBe(unwrapAmp(x));
        expect(typeof sameSite(x, y)).toBe('boolean');
      }),
      runs,
    );
  });

  // Independent strings are almost never on one site; these pairs often are.
  const pairs = fc.oneof(
    fc.tuple(anyString, anyString),
    fc.webUrl().map((url) => [url, `https://www.${hostless(url)}`] as const),
    fc.webUrl().map((url) => [url, `https://www-x-com.cdn.ampproject.org/c/s/${hostless(url)}`] as const),
    fc.tuple(fc.webUrl(), fc.webUrl()).map(([a, b]) => [a, `https://${new URL(a).host}/${hostless(b)}`] as const),
  );

  it('sameSite is symmetric', () => {
    fc.assert(
      fc.property(pairs, ([x, y]) => sameSite(x, y) === sameSite(y, x)),
      runs,
    );
  });

  it('sameSite(x, x) whenever siteOf(x) is not null', () => {
    fc.assert(
      fc.property(anyString, (x) => siteOf(x) === null || sameSite(x, x)),
      runs,
    );
  });
});

describe('hostOf and sameHost (the same-host rule, issue 19)', () => {
  it('is the host, with www, m, mobile and amp dropped, and the owner on hosts shared by path', () => {
    expect(hostOf('https://www.bbc.com/news/1')).toBe('bbc.com');
    expect(hostOf('https://bbc.com/news/1')).toBe('bbc.com');
    expect(hostOf('https://m.bbc.com/news/1')).toBe('bbc.com');
    expect(hostOf('https://amp.bbc.com/news/1')).toBe('bbc.com');
    expect(hostOf('https://n.news.naver.com/article/001/1')).toBe('n.news.naver.com');
    expect(hostOf('https://blog.naver.com/Alice/223')).toBe('blog.naver.com/alice');
    expect(hostOf('https://m.blog.naver.com/PostView.naver?blogId=alice&logNo=2')).toBe('blog.naver.com/alice');
    expect(hostOf('https://medium.com/@alice/post-1')).toBe('medium.com/@alice');
    expect(hostOf('https://medium.com/some-publication/post-1')).toBe('medium.com/some-publication');
    expect(hostOf('https://alice.medium.com/post-1')).toBe('alice.medium.com');
    expect(hostOf('https://sites.google.com/view/council/news')).toBe('sites.google.com/view/council');
    expect(hostOf('https://alice.substack.com/p/x')).toBe('alice.substack.com');
    expect(hostOf('https://www.co.uk/x')).toBe('www.co.uk'); // dropping www would leave a bare suffix
    expect(hostOf('http://127.0.0.1:8080/x')).toBe('127.0.0.1');
    expect(hostOf('not a url')).toBeNull();
    expect(hostOf('ftp://bbc.com/x')).toBeNull();
  });

  it('tells the shared hosts of the issue apart, and keeps one publisher one host', () => {
    expect(sameHost('https://blog.naver.com/mallory/1', 'https://n.news.naver.com/article/001/1')).toBe(false);
    expect(sameHost('https://medium.com/@mallory/1', 'https://medium.com/@alice/2')).toBe(false);
    expect(sameHost('https://sites.google.com/view/a/x', 'https://sites.google.com/view/b/x')).toBe(false);
    expect(sameHost('https://sites.google.com/view/a/x', 'https://news.google.com/x')).toBe(false);
    expect(sameHost('https://bob.tistory.com/1', 'https://alice.tistory.com/1')).toBe(false);
    expect(sameHost('https://v.daum.net/v/1', 'https://blog.daum.net/alice/1')).toBe(false);
    expect(sameHost('https://finance.yahoo.com/x', 'https://news.yahoo.com/y')).toBe(false);
    expect(sameHost('https://www.bbc.com/a', 'https://bbc.com/b')).toBe(true);
    expect(sameHost('https://www-bbc-com.cdn.ampproject.org/c/s/www.bbc.com/a', 'https://bbc.com/b')).toBe(true);
    expect(sameHost('https://www.google.com/amp/s/amp.bbc.com/a', 'https://www.bbc.com/b')).toBe(true);
  });
});
