import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  HOST_PREFIXES,
  MAX_URL_LENGTH,
  TRACKING_PARAM_PREFIXES,
  TRACKING_PARAMS,
  toCanonicalUrl,
} from '../../../../utils/url/canonical';

/** Link shapes real news sites and their share buttons produce → the one string both sides hash. */
const REAL_WORLD: [input: string, expected: string][] = [
  // Reuters
  [
    'http://www.reuters.com/article/us-venture-fundraising-idUSKCN0Y41DQ',
    'https://reuters.com/article/us-venture-fundraising-idUSKCN0Y41DQ',
  ],
  [
    'https://www.reuters.com/world/europe/eu-leaders-agree-ukraine-aid-2024-02-01/',
    'https://reuters.com/world/europe/eu-leaders-agree-ukraine-aid-2024-02-01',
  ],
  ['https://mobile.reuters.com/article/amp/idUSKBN1XT00W?il=0', 'https://reuters.com/article/idUSKBN1XT00W?il=0'],
  // BBC
  ['http://www.bbc.com/news/world-us-canada-33646704', 'https://bbc.com/news/world-us-canada-33646704'],
  [
    'https://www.bbc.co.uk/news/world-asia-67891234?at_medium=RSS&at_campaign=KARANGA',
    'https://bbc.co.uk/news/world-asia-67891234',
  ],
  ['https://www.bbc.co.uk/news/amp/world-asia-67891234', 'https://bbc.co.uk/news/world-asia-67891234'],
  ['https://m.bbc.co.uk/news/uk-politics-12345678#comments', 'https://bbc.co.uk/news/uk-politics-12345678'],
  // The New York Times: share ids go, gift-article code and page number stay, `module` stays (generic name)
  [
    'https://www.nytimes.com/2019/02/21/nyregion/winter-weather-manholes-pipes.html?smid=tw-nytimes&smtyp=cur',
    'https://nytimes.com/2019/02/21/nyregion/winter-weather-manholes-pipes.html',
  ],
  [
    'https://www.nytimes.com/2024/01/15/us/politics/iowa-caucus.html?unlocked_article_code=1.Pk0.abcd&smid=url-share',
    'https://nytimes.com/2024/01/15/us/politics/iowa-caucus.html?unlocked_article_code=1.Pk0.abcd',
  ],
  [
    'https://www.nytimes.com/2018/09/25/business/economy/us-government-debt-interest.html?action=click&module=Top%20Stories&pgtype=Homepage',
    'https://nytimes.com/2018/09/25/business/economy/us-government-debt-interest.html?action=click&module=Top%20Stories',
  ],
  [
    'https://WWW.NYTimes.COM/2017/01/13/World/Africa/sudan-sanctions.html',
    'https://nytimes.com/2017/01/13/World/Africa/sudan-sanctions.html',
  ],
  // The Guardian
  [
    'https://amp.theguardian.com/commentisfree/2019/nov/18/the-guardian-view-on-hong-kong-a-city-on-the-brink',
    'https://theguardian.com/commentisfree/2019/nov/18/the-guardian-view-on-hong-kong-a-city-on-the-brink',
  ],
  [
    'https://www.theguardian.com/amp/world/2024/jan/15/taiwan-election-result',
    'https://theguardian.com/world/2024/jan/15/taiwan-election-result',
  ],
  [
    'https://www.theguardian.com/world/2024/jan/15/taiwan-election-result?CMP=share_btn_tw&INTCMP=ILCNEWTXT3487',
    'https://theguardian.com/world/2024/jan/15/taiwan-election-result',
  ],
  // CNN: `.amp.html`, the `amp.` host (its `/cnn/` path prefix is CNN's, not an AMP marker), index.html kept
  [
    'https://edition.cnn.com/2023/11/20/politics/biden-birthday/index.amp.html',
    'https://edition.cnn.com/2023/11/20/politics/biden-birthday/index.html',
  ],
  [
    'https://amp.cnn.com/cnn/2023/11/20/politics/biden-birthday/index.html',
    'https://cnn.com/cnn/2023/11/20/politics/biden-birthday/index.html',
  ],
  [
    'http://money.cnn.com/2016/02/01/news/economy/poverty-inequality-united-states/index.html',
    'https://money.cnn.com/2016/02/01/news/economy/poverty-inequality-united-states/index.html',
  ],
  // SCMP: `pgtype` goes; `module` and `campaign` are generic names that select content elsewhere, so they stay
  [
    'https://www.scmp.com/comment/opinion/article/3046526/taiwanese-president?module=perpetual_scroll_0&pgtype=article&campaign=3046526',
    'https://scmp.com/comment/opinion/article/3046526/taiwanese-president?campaign=3046526&module=perpetual_scroll_0',
  ],
  // Yonhap 연합뉴스
  ['https://m.yna.co.kr/view/AKR20240115012300001', 'https://yna.co.kr/view/AKR20240115012300001'],
  [
    'https://www.yna.co.kr/view/AKR20240115012300001?input=1195m',
    'https://yna.co.kr/view/AKR20240115012300001?input=1195m',
  ],
  [
    'https://en.yna.co.kr/view/AEN20240115001200315?section=national/politics',
    'https://en.yna.co.kr/view/AEN20240115001200315?section=national/politics',
  ],
  // Chosun (Arc: trailing slash, `outputType=amp`, Naver's utm tags)
  [
    'https://www.chosun.com/politics/politics_general/2024/01/15/ABCDEFGHIJ/?utm_source=naver&utm_medium=referral&utm_campaign=naver-news',
    'https://chosun.com/politics/politics_general/2024/01/15/ABCDEFGHIJ',
  ],
  [
    'https://www.chosun.com/politics/politics_general/2024/01/15/ABCDEFGHIJ/?outputType=AMP',
    'https://chosun.com/politics/politics_general/2024/01/15/ABCDEFGHIJ',
  ],
  // Naver News: the article is in the path or in oid/aid; every parameter stays, sorted
  [
    'https://n.news.naver.com/article/001/0014412345?sid=100',
    'https://n.news.naver.com/article/001/0014412345?sid=100',
  ],
  [
    'https://news.naver.com/main/read.naver?mode=LSD&mid=sec&sid1=100&oid=001&aid=0014412345',
    'https://news.naver.com/main/read.naver?aid=0014412345&mid=sec&mode=LSD&oid=001&sid1=100',
  ],
  [
    'https://m.news.naver.com/read.nhn?oid=001&aid=0014412345&sid1=100',
    'https://news.naver.com/read.nhn?aid=0014412345&oid=001&sid1=100',
  ],
  // Korean CMS article ids and Korean paths: raw Hangul, upper- and lower-case escapes give one string
  [
    'http://www.mediatoday.co.kr/news/articleView.html?idxno=315123&fbclid=IwAR3xYz',
    'https://mediatoday.co.kr/news/articleView.html?idxno=315123',
  ],
  ['https://ko.wikipedia.org/wiki/연합뉴스', 'https://ko.wikipedia.org/wiki/%EC%97%B0%ED%95%A9%EB%89%B4%EC%8A%A4'],
  [
    'https://ko.wikipedia.org/wiki/%ec%97%b0%ed%95%a9%eb%89%b4%ec%8a%a4',
    'https://ko.wikipedia.org/wiki/%EC%97%B0%ED%95%A9%EB%89%B4%EC%8A%A4',
  ],
  ['https://www.hankyung.com/search?query=%ed%95%9c%ea%b5%ad', 'https://hankyung.com/search?query=%ED%95%9C%EA%B5%AD'],
  ['http://www.example.co.kr/news/view.jsp;jsessionid=A1B2C3D4?idx=5', 'https://example.co.kr/news/view.jsp?idx=5'],
  // Medium: fragment and share tags go; its `source` parameter is a generic name and stays
  [
    'https://medium.com/backchannel/inside-the-deep-web-drug-lab-9718cd0fe504#.b7r4f8j3k',
    'https://medium.com/backchannel/inside-the-deep-web-drug-lab-9718cd0fe504',
  ],
  [
    'https://medium.com/@ckirchoff/on-behalf-of-literally-429fab868ca8?source=rss&utm_source=twitter',
    'https://medium.com/@ckirchoff/on-behalf-of-literally-429fab868ca8?source=rss',
  ],
  // WordPress `?p=` selects the post and stays, as do `?id=` and page numbers
  ['http://blog.kinra.de/?p=959/', 'https://blog.kinra.de/?p=959/'],
  ['https://example.wordpress.com/?p=123&utm_source=twitter&utm_medium=social', 'https://example.wordpress.com/?p=123'],
  [
    'https://www.koreaherald.com/view.php?ud=20240115000612&ref=twitter',
    'https://koreaherald.com/view.php?ud=20240115000612',
  ],
  [
    'https://www.sfgate.com/news/article/The-Latest-Man-stabbed-14848218.php?page=2',
    'https://sfgate.com/news/article/The-Latest-Man-stabbed-14848218.php?page=2',
  ],
  [
    'http://headlines.yahoo.co.jp/hl?a=20170309-35097838-cnetj-sci',
    'https://headlines.yahoo.co.jp/hl?a=20170309-35097838-cnetj-sci',
  ],
  ['http://www.loldf.org/spip.php?article717', 'https://loldf.org/spip.php?article717'],
  // Other publishers' trackers
  [
    'https://www.wired.com/story/the-future-of-banking-is-youre-broke/?fbclid=IwAR0abc&mbid=social_twitter',
    'https://wired.com/story/the-future-of-banking-is-youre-broke?mbid=social_twitter',
  ],
  [
    'https://news.yahoo.com/some-story-123456789.html?guccounter=1&guce_referrer=aHR0cHM6Ly93d3cuZ29vZ2xlLmNvbS8&guce_referrer_sig=AQAAAx',
    'https://news.yahoo.com/some-story-123456789.html',
  ],
  [
    'https://www.lemonde.fr/international/article/2024/01/15/taiwan_6211111_3210.html?xtor=RSS-3208',
    'https://lemonde.fr/international/article/2024/01/15/taiwan_6211111_3210.html',
  ],
  [
    'https://www.washingtonpost.com/politics/2024/01/15/iowa-caucus/?itid=hp-top-table-main&_gl=1*abc',
    'https://washingtonpost.com/politics/2024/01/15/iowa-caucus',
  ],
  [
    'https://www.independent.co.uk/news/world/x-b2480000.html?cmpid=ILC%7CIND%7CIMA%7CTW&ref_src=twsrc%5Etfw',
    'https://independent.co.uk/news/world/x-b2480000.html',
  ],
  [
    'https://www.msn.com/en-us/news/world/x/ar-AA1mNopq?ocid=msedgntp&cvid=7f1a',
    'https://msn.com/en-us/news/world/x/ar-AA1mNopq?cvid=7f1a',
  ],
  [
    'https://www.example.com/story?WT.mc_id=tw&UTM_Source=x&gclid=abc&msclkid=def&_ga=2.1.2&mc_cid=1&mc_eid=2&igshid=3&s_cid=4',
    'https://example.com/story',
  ],
  // Ports, hosts, slashes, duplicates, empty values
  ['http://www.example.com:80/news/1', 'https://example.com/news/1'],
  ['http://www.example.com:443/news/1', 'https://example.com/news/1'],
  ['https://news.example.com:8443/news/1/', 'https://news.example.com:8443/news/1'],
  ['https://www.bücher.de/artikel/1', 'https://xn--bcher-kva.de/artikel/1'],
  ['https://www.example.com./news//1//', 'https://example.com/news//1'],
  ['https://user:secret@www.example.com/news/1', 'https://example.com/news/1'],
  ['https://www.example.com/', 'https://example.com/'],
  ['https://www.example.com', 'https://example.com/'],
  ['https://www.example.com/amp', 'https://example.com/'],
  ['https://example.com/news?id=5&id=5&page=', 'https://example.com/news?id=5&page'],
  ['https://example.com/news?b=2&id=2&a=&id=1', 'https://example.com/news?a&b=2&id=2&id=1'],
  ['https://example.com/news?utm_source=&ref=&amp', 'https://example.com/news'],
  ['https://example.com/news/x.amp', 'https://example.com/news/x'],
  ['https://example.com/news/x.amp.html?amp=1', 'https://example.com/news/x.html'],
  ['https://example.com/news/x/amp/?outputType=amp&outputType=json', 'https://example.com/news/x?outputType=json'],
  ['https://example.com/%7Euser/%2dnews%2D/a%2fb', 'https://example.com/~user/-news-/a%2Fb'],
  ['https://example.com/a/./b/../c', 'https://example.com/a/c'],
];

describe('toCanonicalUrl on real-world link shapes', () => {
  it('has at least 40 real-world cases', () => {
    expect(REAL_WORLD.length).toBeGreaterThanOrEqual(40);
  });

  it.each(REAL_WORLD)('%s', (input, expected) => {
    expect(toCanonicalUrl(input)).toBe(expected);
  });

  it.each(REAL_WORLD)('is a fixed point: toCanonicalUrl(toCanonicalUrl(%s)) is unchanged', (input) => {
    const once = toCanonicalUrl(input);
    expect(once).not.toBeNull();
    expect(toCanonicalUrl(once as string)).toBe(once);
  });
});

describe('toCanonicalUrl: one article, many spellings', () => {
  it('gives one string for the share, AMP, mobile and canonical links of one story', () => {
    const spellings = [
      'https://www.theguardian.com/world/2024/jan/15/taiwan-election-result',
      'http://theguardian.com/world/2024/jan/15/taiwan-election-result/',
      'https://amp.theguardian.com/world/2024/jan/15/taiwan-election-result?CMP=share_btn_tw',
      'https://m.theguardian.com/world/2024/jan/15/taiwan-election-result/amp#top',
      'HTTPS://WWW.THEGUARDIAN.COM/world/2024/jan/15/taiwan-election-result?utm_source=fb&fbclid=x',
    ];
    expect(new Set(spellings.map((s) => toCanonicalUrl(s))).size).toBe(1);
  });

  it('sorts parameters whatever order they were written in', () => {
    expect(toCanonicalUrl('https://e.com/r?oid=001&aid=2')).toBe(toCanonicalUrl('https://e.com/r?aid=2&oid=001'));
  });

  it('keeps apart what selects different content', () => {
    expect(toCanonicalUrl('https://e.com/?p=1')).not.toBe(toCanonicalUrl('https://e.com/?p=2'));
    expect(toCanonicalUrl('https://e.com/a?page=2')).not.toBe(toCanonicalUrl('https://e.com/a'));
    expect(toCanonicalUrl('https://e.com/News/A')).not.toBe(toCanonicalUrl('https://e.com/news/a'));
    expect(toCanonicalUrl('https://e.com/a?cid=7')).toBe('https://e.com/a?cid=7');
  });

  it('never strips a host down to a bare top-level domain', () => {
    expect(toCanonicalUrl('https://m.com/x')).toBe('https://m.com/x');
    expect(toCanonicalUrl('http://www/x')).toBe('https://www/x');
  });

  it('resolves relative links against a base', () => {
    expect(toCanonicalUrl('/news/x/?utm_source=a', 'https://www.example.com/a/b')).toBe('https://example.com/news/x');
    expect(toCanonicalUrl('x', 'not a url')).toBeNull();
    expect(toCanonicalUrl('//example.com/x')).toBeNull();
  });
});

describe('toCanonicalUrl never throws', () => {
  const bad: unknown[] = [
    '',
    '   ',
    'javascript:alert(1)',
    'JavaScript:void(0)',
    'mailto:news@example.com',
    'ftp://example.com/x',
    'data:text/html,<b>x</b>',
    'file:///etc/passwd',
    'chrome://extensions',
    'about:blank',
    'http://',
    'https://',
    'http://[::1',
    'https://exa mple.com/',
    'not a url',
    '%zz',
    '\u0000',
    '\uD800',
    'x'.repeat(MAX_URL_LENGTH + 1),
    'https://example.com/' + 'a'.repeat(MAX_URL_LENGTH),
    null,
    undefined,
    42,
    {},
    [],
  ];
  it.each(bad.map((b) => [b]))('returns null for %j', (input) => {
    expect(toCanonicalUrl(input as string)).toBeNull();
  });

  it('survives odd but parseable input', () => {
    expect(toCanonicalUrl('https://example.com/%')).toBe('https://example.com/%');
    expect(toCanonicalUrl('https://example.com/?%=%&=x&&')).toBe('https://example.com/?%=%');
    expect(toCanonicalUrl('https://example.com/\uD800')).toBe('https://example.com/%EF%BF%BD');
    expect(toCanonicalUrl('  https://example.com/x\t\n ')).toBe('https://example.com/x');
  });

  it('returns null or an https string for 3000 random inputs, and never throws', () => {
    let seed = 12345;
    const rand = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const alphabet = 'hts:/.?&=#%aA0-_~[]@:;+ 한\u0000\uD800';
    for (let i = 0; i < 3000; i++) {
      const len = Math.floor(rand() * 60);
      let s = rand() < 0.5 ? 'https://' : '';
      for (let j = 0; j < len; j++) s += alphabet[Math.floor(rand() * alphabet.length)];
      const out = toCanonicalUrl(s);
      if (out !== null) {
        expect(out.startsWith('https://')).toBe(true);
        expect(toCanonicalUrl(out)).toBe(out);
      }
    }
  });
});

describe('docs/canonical-url.md', () => {
  const doc = readFileSync(new URL('../../../../docs/canonical-url.md', import.meta.url), 'utf8');
  it('gives a reason for every tracking parameter and host prefix the code drops', () => {
    const rows = new Set([...doc.matchAll(/^\| `([^`]+)` \|/gm)].map((m) => m[1]));
    for (const name of [...TRACKING_PARAMS, ...TRACKING_PARAM_PREFIXES.map((p) => `${p}*`), ...HOST_PREFIXES]) {
      expect(rows, `docs/canonical-url.md has no row for ${name}`).toContain(name);
    }
  });
});
