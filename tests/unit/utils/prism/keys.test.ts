import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  MIN_SHARD_KEYS,
  PREFIX_LENGTH,
  choosePrefixLength,
  TITLE_MIN_CHARS,
  TITLE_MIN_WORDS,
  keyPrefix,
  normalizeTitle,
  sha256hex,
  storyKeys,
  titleKey,
  urlKey,
} from '../../../../utils/prism/keys';

const nodeSha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

describe('sha256hex', () => {
  it('matches the published SHA-256 test vectors', async () => {
    expect(await sha256hex('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(await sha256hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(await sha256hex('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq')).toBe(
      '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1',
    );
  });

  it('hashes the UTF-8 bytes, as the publisher (node:crypto) does', async () => {
    expect(await sha256hex('한국')).toBe('1eb7da6d56d883ca1dd1a88b70ad635a0b26a9b767d500d31512e64dcdb2b7bb');
    for (const s of ['연합뉴스', 'café', '𝔘𝔫𝔦𝔠𝔬𝔡𝔢 🚨', 'title:a b c']) expect(await sha256hex(s)).toBe(nodeSha256(s));
  });
});

/** [title, publisher, normalized] */
const TITLES: [string, string | null, string][] = [
  // English, with real publishers' suffixes
  [
    "Obama admits US gun laws are his 'biggest frustration' - BBC News",
    'BBC News',
    'obama admits us gun laws are his biggest frustration',
  ],
  [
    "Obama admits US gun laws are his 'biggest frustration' - BBC News",
    null,
    'obama admits us gun laws are his biggest frustration',
  ],
  [
    'Silicon Valley venture capitalists raise more money, give less away | Reuters',
    'Reuters',
    'silicon valley venture capitalists raise more money give less away',
  ],
  [
    'Silicon Valley venture capitalists raise more money, give less away | Reuters',
    null,
    'silicon valley venture capitalists raise more money give less away',
  ],
  [
    'Oversupply angst drags oil lower, stocks drift near highs - Reuters',
    'Reuters',
    'oversupply angst drags oil lower stocks drift near highs',
  ],
  // " - Reuters" without the publisher: no site hint, so it is kept (the page's og:site_name gives the publisher)
  [
    'Oversupply angst drags oil lower, stocks drift near highs - Reuters',
    null,
    'oversupply angst drags oil lower stocks drift near highs reuters',
  ],
  [
    'Taiwan election: what happened and why it matters — The Guardian',
    'Guardian',
    'taiwan election what happened and why it matters',
  ],
  [
    'The Guardian view on Hong Kong: a city on the brink | Editorial',
    'The Guardian',
    'the guardian view on hong kong a city on the brink',
  ],
  [
    'HackerRank launches job search platform HackerRank Jobs - The Economic Times',
    null,
    'hackerrank launches job search platform hackerrank jobs',
  ],
  [
    "Berlin confronts Germany's colonial past with new initiative | DW | 19.01.2020",
    'DW',
    'berlin confronts germany s colonial past with new initiative',
  ],
  [
    'ผล DNA ยืนยัน ศพลอยแม่น้ำโขงเป็นคนสนิท อ.สุรชัย | ประชาไท Prachatai.com',
    null,
    'ผล dna ยืนยัน ศพลอยแม่น้ําโขงเป็นคนสนิท อ สุรชัย'.normalize('NFKC'),
  ],
  ['Woher kommt die dicke Luft? - DemokratieWEBstatt.at', null, 'woher kommt die dicke luft'],
  ['BBC News - Obama admits gun laws frustration', 'BBC News', 'obama admits gun laws frustration'],
  // Hyphens and dashes inside a headline stay when nothing says the segment is a site name
  ['Biden - Xi summit ends without deal', null, 'biden xi summit ends without deal'],
  ['Biden - Xi summit ends without deal', 'Reuters', 'biden xi summit ends without deal'],
  ['Stocks slide – and bonds rally', null, 'stocks slide and bonds rally'],
  ['Reuters - Oil prices fall as demand cools', 'AP', 'reuters oil prices fall as demand cools'],
  ['Opinion | Why the Fed waited', 'The New York Times', 'opinion why the fed waited'],
  ['Tutorial - Getting started with node.js', null, 'tutorial getting started with node js'],
  // Korean: Hangul intact, bracket labels and publishers' suffixes gone
  ['[속보] 윤 대통령 탄핵안 국회 본회의 가결 | 연합뉴스', '연합뉴스', '윤 대통령 탄핵안 국회 본회의 가결'],
  ['윤 대통령 탄핵안 국회 본회의 가결 - 조선일보', null, '윤 대통령 탄핵안 국회 본회의 가결'],
  ["'반도체 관세' 美 발표에 코스피 급락 :: 매일경제", '매일경제', '반도체 관세 美 발표에 코스피 급락'],
  ['윤 대통령 탄핵안 가결… 헌재 심판 착수 · 한겨레', '한겨레', '윤 대통령 탄핵안 가결 헌재 심판 착수'],
  ['[단독] 삼성전자, 2나노 수율 60% 돌파 - 뉴스1', null, '삼성전자 2나노 수율 60 돌파'],
  ['美 무역대표부 "中 반도체 정책 불공정"', null, '美 무역대표부 中 반도체 정책 불공정'],
  // Compatibility forms, invisible characters, symbols
  ['ＯｐｅｎＡＩ releases GPT‑5 to all users', null, 'openai releases gpt 5 to all users'],
  ['Fed\u200b raises\u00a0rates   again\u00ad', null, 'fed raises rates again'],
  ['🚨 S&P 500 hits record as $NVDA soars 10%', null, 's p 500 hits record as nvda soars 10'],
  ['  ', null, ''],
];

describe('normalizeTitle', () => {
  it.each(TITLES)('%s (publisher %s)', (title, publisher, expected) => {
    expect(normalizeTitle(title, publisher)).toBe(expected);
  });

  it('gives one string for the same headline written by the page and by the publisher', () => {
    const page = normalizeTitle('Taiwan’s ruling party wins third term – BBC News', 'BBC News');
    const story = normalizeTitle("Taiwan's ruling party wins third term", 'BBC');
    expect(page).toBe(story);
  });

  it('never cuts the whole title away', () => {
    expect(normalizeTitle('Reuters', 'Reuters')).toBe('reuters');
    expect(normalizeTitle('[속보]', null)).toBe('속보');
  });
});

describe('titleKey', () => {
  it('hashes "title:" and the normalized title', async () => {
    expect(await titleKey("Obama admits US gun laws are his 'biggest frustration' - BBC News", 'BBC')).toBe(
      'd15313752a668030a97dcd33266af6247870699efe5f594c22b9c95fbcf34710',
    );
    expect(await titleKey('[속보] 윤 대통령 탄핵안 국회 본회의 가결 | 연합뉴스', '연합뉴스')).toBe(
      nodeSha256('title:윤 대통령 탄핵안 국회 본회의 가결'),
    );
  });

  it(`refuses titles under ${TITLE_MIN_WORDS} words or ${TITLE_MIN_CHARS} characters`, async () => {
    expect(await titleKey('')).toBeNull();
    expect(await titleKey('Live updates - BBC News', 'BBC')).toBeNull();
    expect(await titleKey('a b c d e')).toBeNull();
    expect(await titleKey('속보 전쟁 발발')).toBeNull();
    expect(await titleKey('Breaking news today')).not.toBeNull();
    expect(await titleKey('Fed cuts rates')).not.toBeNull();
    expect(await titleKey('탄핵안 국회 본회의 가결')).not.toBeNull();
  });

  it('counts characters, not spaces, in Chinese and Japanese titles', async () => {
    expect(await titleKey('尹大統領が非常戒厳を宣布した')).not.toBeNull();
    expect(await titleKey('速報 地震')).toBeNull();
  });
});

describe('urlKey and keyPrefix', () => {
  it('hashes the canonical URL', async () => {
    expect(await urlKey('https://www.bbc.com/news/world-us-canada-33646704?at_medium=RSS#x')).toBe(
      'a8880b3d09750e24b691e61d1f57b9b6c2dd6ce514e49ddd621e026cb82d9abd',
    );
    expect(await urlKey('http://m.bbc.com/news/world-us-canada-33646704/')).toBe(
      await urlKey('https://www.bbc.com/news/world-us-canada-33646704'),
    );
  });

  it('is null for what is not an http(s) URL', async () => {
    expect(await urlKey('javascript:alert(1)')).toBeNull();
    expect(await urlKey('')).toBeNull();
  });

  it(`keeps only the first ${PREFIX_LENGTH} hex digits`, () => {
    expect(keyPrefix('a8880b3d09750e24b691e61d1f57b9b6c2dd6ce514e49ddd621e026cb82d9abd')).toBe('a8880');
    expect(keyPrefix('ABCDEF0123')).toBe('abcde');
  });
});

const story = {
  source: {
    url: 'https://www.theguardian.com/world/2024/jan/15/taiwan-election-result',
    title: 'Taiwan election: ruling party wins third term as voters defy China',
    publisher: 'The Guardian',
  },
  aliases: [
    'https://amp.theguardian.com/world/2024/jan/15/taiwan-election-result',
    'https://www.theguardian.com/world/live/2024/jan/15/taiwan-election-live',
    'mailto:desk@example.com',
  ],
};

describe('storyKeys (publisher)', () => {
  it('gives the source URL, each distinct alias, then the title, without duplicates', async () => {
    const keys = await storyKeys(story);
    expect(keys).toEqual([
      nodeSha256('https://theguardian.com/world/2024/jan/15/taiwan-election-result'),
      nodeSha256('https://theguardian.com/world/live/2024/jan/15/taiwan-election-live'),
      nodeSha256('title:taiwan election ruling party wins third term as voters defy china'),
    ]);
    for (const k of keys) expect(k).toMatch(/^[0-9a-f]{64}$/);
  });

  it('leaves out a title too generic to name a story', async () => {
    const keys = await storyKeys({ ...story, source: { ...story.source, title: 'Live updates' }, aliases: [] });
    expect(keys).toEqual([nodeSha256('https://theguardian.com/world/2024/jan/15/taiwan-election-result')]);
  });
});

/**
 * A page's keys as urlKey and titleKey give them: URL keys first, then the title's, no duplicates. Not the
 * extension's code (that is utils/lookup/candidates.ts `pageCandidates`, which also ranks what each key means);
 * these tests use it to pin urlKey and titleKey on real pages' addresses and titles.
 */
async function pageKeys(page: {
  urls: string[];
  title?: string | null;
  publisher?: string | null;
}): Promise<{ key: string; kind: 'url' | 'title' }[]> {
  const out: { key: string; kind: 'url' | 'title' }[] = [];
  const seen = new Set<string>();
  const add = (key: string | null, kind: 'url' | 'title') => {
    if (key === null || seen.has(key)) return;
    seen.add(key);
    out.push({ key, kind });
  };
  for (const key of await Promise.all(page.urls.map((u) => urlKey(u)))) add(key, 'url');
  if (typeof page.title === 'string') add(await titleKey(page.title, page.publisher), 'title');
  return out;
}

describe('urlKey and titleKey on a page (pageKeys)', () => {
  it('finds the story from a share link and the page title', async () => {
    const page = await pageKeys({
      urls: [
        'https://www.theguardian.com/world/2024/jan/15/taiwan-election-result?CMP=share_btn_tw',
        'https://www.theguardian.com/world/2024/jan/15/taiwan-election-result',
      ],
      title: 'Taiwan election: ruling party wins third term as voters defy China | The Guardian',
      publisher: 'the Guardian',
    });
    expect(page.map((k) => k.kind)).toEqual(['url', 'title']);
    const published = new Set(await storyKeys(story));
    for (const k of page) expect(published.has(k.key)).toBe(true);
  });

  it('puts URL keys first, in order, without duplicates', async () => {
    const page = await pageKeys({
      title: 'Biden - Xi summit ends without deal',
      urls: ['https://e.com/b', 'not a url', 'https://e.com/a', 'http://www.e.com/b/'],
    });
    expect(page).toEqual([
      { key: nodeSha256('https://e.com/b'), kind: 'url' },
      { key: nodeSha256('https://e.com/a'), kind: 'url' },
      { key: nodeSha256('title:biden xi summit ends without deal'), kind: 'title' },
    ]);
  });

  it('works with no title, a generic title or no URL', async () => {
    expect(await pageKeys({ urls: ['https://e.com/a'], title: null })).toHaveLength(1);
    expect(await pageKeys({ urls: ['https://e.com/a'], title: 'Home' })).toHaveLength(1);
    expect(await pageKeys({ urls: [], title: 'Fed cuts rates again' })).toEqual([
      { key: nodeSha256('title:fed cuts rates again'), kind: 'title' },
    ]);
    expect(await pageKeys({ urls: [] })).toEqual([]);
  });
});

describe('the shard prefix length the publisher chooses (the anonymity set, issue 19)', () => {
  /** Keys per 5-hex prefix for `stories` stories of 2 keys each (a URL and a headline), from a seeded generator. */
  function counts(stories: number, seed = 1): Uint32Array {
    const out = new Uint32Array(2 ** 20);
    let x = seed >>> 0 || 1;
    for (let i = 0; i < stories * 2; i++) {
      x ^= x << 13;
      x ^= x >>> 17;
      x ^= x << 5;
      out[(x >>> 0) % 2 ** 20]!++;
    }
    return out;
  }
  const smallestShard = (c: Uint32Array, length: number) => {
    const width = 16 ** (5 - length);
    let min = Infinity;
    for (let start = 0; start < c.length; start += width) {
      min = Math.min(
        min,
        c.subarray(start, start + width).reduce((a, b) => a + b, 0),
      );
    }
    return min;
  };

  it.each([
    [3, 0],
    [10_000, 1],
    [100_000, 2],
    [1_000_000, 3],
  ])('%i stories: prefix length %i, every shard holding at least 128 keys', (stories, length) => {
    const c = counts(stories);
    expect(choosePrefixLength(c)).toBe(length);
    if (length > 0) expect(smallestShard(c, length)).toBeGreaterThanOrEqual(MIN_SHARD_KEYS);
    if (length < 5) expect(smallestShard(c, length + 1)).toBeLessThan(MIN_SHARD_KEYS);
    expect(MIN_SHARD_KEYS).toBe(128);
  });

  it('names the shard of a key at any length, and the one shard "all" at 0', () => {
    const key = 'ABCDEF' + '0'.repeat(58);
    expect(keyPrefix(key)).toBe('abcde');
    expect(keyPrefix(key, 3)).toBe('abc');
    expect(keyPrefix(key, 0)).toBe('all');
  });
});
