/**
 * Properties of the lookup-key format (utils/url/canonical.ts, utils/prism/keys.ts; rules in docs/canonical-url.md):
 * toCanonicalUrl is total, returns null or an https URL, and is a fixed point; the URL and title keys are total,
 * deterministic SHA-256 hex, and a title's key ignores exactly the variations the normalizer promises to erase.
 * The publisher and the extension both hash these strings, so any failure here is a missed lookup in the field.
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  PREFIX_LENGTH,
  TITLE_MIN_CHARS,
  TITLE_MIN_WORDS,
  keyPrefix,
  normalizeTitle,
  titleKey,
  urlKey,
} from '../../../../utils/prism/keys';
import { MAX_URL_LENGTH, TRACKING_PARAMS, toCanonicalUrl } from '../../../../utils/url/canonical';

const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
const HEX64 = /^[0-9a-f]{64}$/;

// ---------------------------------------------------------------------------------------------------------------
// URL generators
// ---------------------------------------------------------------------------------------------------------------

/** Random case per character (what a reader, a CMS or a share button may do to a host name or a scheme). */
const mixCase = (s: string) => fc.mixedCase(fc.constant(s));

/** A DNS label (not `xn--…`: a random one is invalid Punycode, which the URL parser refuses). */
const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,8}[a-z0-9])?$/).filter((l) => !l.startsWith('xn--'));
const idnLabel = fc.constantFrom('bücher', '연합뉴스', 'españa', 'münchen', 'пример', '日本語', 'xn--bcher-kva');
const tld = fc.constantFrom('com', 'co.uk', 'de', 'kr', 'news', 'org', 'jp');
/** A registrable host, possibly with the mobile/AMP prefixes the canonical form strips, IDN labels and trailing dots. */
const host = fc
  .tuple(
    fc.array(fc.constantFrom('www.', 'm.', 'mobile.', 'amp.', 'WWW.', 'edition.', 'en.'), { maxLength: 3 }),
    fc.array(fc.oneof({ weight: 4, arbitrary: label }, { weight: 1, arbitrary: idnLabel }), {
      minLength: 1,
      maxLength: 3,
    }),
    tld,
    fc.constantFrom('', '', '', '.', '..'),
  )
  .chain(([prefixes, labels, t, dots]) => mixCase(`${prefixes.join('')}${labels.join('.')}.${t}${dots}`));
const ipHost = fc.oneof(
  fc.ipV4(),
  fc.ipV6().map((ip) => `[${ip}]`),
  fc.constant('localhost'),
);

/** Path segments chosen to hit every path rule: AMP markers, dot segments, session ids, escapes, raw non-ASCII. */
const oddSegment = fc.oneof(
  fc.webSegment(),
  fc.constantFrom(
    'amp',
    'AMP',
    'Amp',
    'x.amp',
    'index.amp.html',
    'story.AMP.htm',
    '.amp',
    '..amp',
    '...amp',
    '%2e.amp',
    '%2E%2Eamp',
    '.',
    '..',
    '%2e',
    '%2e%2e',
    'a;jsessionid=0123ABC',
    '.;jsessionid=1',
    '..;jsessionid=1',
    ';%6Asessionid=1',
    '%7e',
    '%7E',
    '%41%62',
    '%ed%95%9c',
    '%2F',
    '%2f',
    '%25',
    '%zz',
    '%',
    '한국',
    'é',
    'a b',
    'a+b',
    '',
    '~x',
    'amp.amp',
  ),
);
const oddPath = fc
  .tuple(fc.array(oddSegment, { maxLength: 6 }), fc.constantFrom('', '/', '//'))
  .map(([segs, trail]) => `/${segs.join('/')}${trail}`);

const trackingName = fc.constantFrom(
  ...[...TRACKING_PARAMS].slice(0, 20),
  'utm_source',
  'UTM_Medium',
  'utm_whatever',
  'utm%5Fsource',
  '%75tm_campaign',
  'FBCLID',
  'amp',
  'AMP',
  'WT.mc_id',
);
const trackingPair = fc
  .tuple(trackingName, fc.constantFrom('', 'x', 'tw-nytimes', '%20', 'a%26b'))
  .map(([n, val]) => (val === '' ? n : `${n}=${val}`));
const plainPair = fc.oneof(
  fc
    .tuple(
      fc.constantFrom('a', 'b', 'id', 'p', 'page', 'Id', 'q', 'outputType', 'x%41', 's'),
      fc.constantFrom('', '1', '2', 'amp', 'AMP', 'x y', '%e2%82%ac', 'a=b'),
    )
    .map(([n, val]) => (val === '' ? n : `${n}=${val}`)),
  fc.constantFrom('', '=x', '&', 'a&a', 'a=&a'),
);
const oddQuery = fc
  .array(fc.oneof(plainPair, trackingPair), { maxLength: 6 })
  .map((pairs) => (pairs.length === 0 ? '' : `?${pairs.join('&')}`));

const oddUrl = fc
  .record({
    scheme: fc.constantFrom('http', 'https', 'HTTP', 'HtTpS', 'ftp', 'javascript', 'data', 'file', 'ws'),
    slashes: fc.constantFrom('//', '//', '//', '/', '', '\\\\', '///'),
    userinfo: fc.constantFrom('', '', 'user@', 'user:pw@', ':@'),
    host: fc.oneof({ weight: 5, arbitrary: host }, { weight: 1, arbitrary: ipHost }),
    port: fc.constantFrom('', '', '', ':80', ':443', ':8080', ':0', ':65535', ':99999', ':'),
    path: oddPath,
    query: oddQuery,
    fragment: fc.oneof(
      fc.constant(''),
      fc.webFragments().map((f) => `#${f}`),
      fc.constant('#a?b=c'),
    ),
    lead: fc.constantFrom('', '', ' ', '\t', '\u0000', '\n '),
  })
  .map((p) => `${p.lead}${p.scheme}:${p.slashes}${p.userinfo}${p.host}${p.port}${p.path}${p.query}${p.fragment}`);

/** Every kind of input: noise, Unicode, ordinary web URLs, crafted URLs, relative references. */
const anyInput = fc.oneof(
  fc.string(),
  fc.string({ unit: 'binary' }),
  fc.string({ unit: 'grapheme' }),
  fc.webUrl({
    withQueryParameters: true,
    withFragments: true,
    authoritySettings: { withPort: true, withUserInfo: true, withIPv4: true, withIPv6: true },
  }),
  fc.webUrl({ validSchemes: ['http', 'HTTPS', 'ftp'], withQueryParameters: true }),
  oddUrl,
  fc
    .tuple(fc.constantFrom('http://', 'https://', 'https://www.', '//'), fc.string({ unit: 'binary' }))
    .map(([a, b]) => a + b),
);

/** Non-ASCII paths near the length limit: the parser's escapes make the canonical form longer than the input. */
const longUrl = fc
  .tuple(fc.integer({ min: 900, max: 1400 }), fc.constantFrom('é', '한', '%', ' ', 'a'))
  .map(([n, ch]) => `https://example.com/${ch.repeat(n)}/${'é'.repeat(n)}`);

/** A plain article URL (no oddities), split into parts so that variants of it can be built. */
const articleParts = fc.record({
  host: fc.tuple(fc.array(label, { minLength: 1, maxLength: 2 }), tld).map(([ls, t]) => `${ls.join('.')}.${t}`),
  segs: fc.array(
    fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_-]{0,11}$/).filter((s) => s.toLowerCase() !== 'amp'),
    { maxLength: 4 },
  ),
  params: fc.uniqueArray(
    fc.tuple(
      fc
        .stringMatching(/^[a-z][a-z0-9]{0,5}$/)
        .filter((n) => !TRACKING_PARAMS.has(n) && n !== 'amp' && n !== 'outputtype' && !n.startsWith('utm_')),
      fc.stringMatching(/^[a-zA-Z0-9]{1,6}$/),
    ),
    { maxLength: 4, selector: ([n]) => n },
  ),
});
type ArticleParts = typeof articleParts extends fc.Arbitrary<infer T> ? T : never;
const build = (
  p: ArticleParts,
  o: { scheme?: string; host?: string; port?: string; path?: string; query?: string[]; fragment?: string } = {},
) => {
  const query = o.query ?? p.params.map(([n, val]) => `${n}=${val}`);
  return `${o.scheme ?? 'https'}://${o.host ?? p.host}${o.port ?? ''}${o.path ?? `/${p.segs.join('/')}`}${query.length ? `?${query.join('&')}` : ''}${o.fragment ?? ''}`;
};

describe('toCanonicalUrl (properties)', () => {
  // If this fails, some page address throws inside the lookup (the side panel shows an error instead of "no analysis"),
  // or a non-https string becomes a key the publisher can never produce.
  it('never throws and returns null or an https URL without fragment or credentials', () => {
    fc.assert(
      fc.property(anyInput, fc.option(anyInput, { nil: undefined }), (input, base) => {
        const out = toCanonicalUrl(input, base);
        if (out === null) return;
        expect(out).toMatch(/^https:\/\/[^/?#@]+\/[^#]*$/);
        expect(out.length).toBeLessThanOrEqual(MAX_URL_LENGTH);
        const url = new URL(out);
        expect(url.protocol).toBe('https:');
        expect(url.username + url.password).toBe('');
      }),
      { numRuns: 1500 },
    );
  });

  // If this fails, the publisher (which may canonicalise an already canonical source URL) and the extension
  // hash different strings for one article: the reader sees "no analysis" on a page that has one.
  it('is a fixed point: toCanonicalUrl(toCanonicalUrl(x)) === toCanonicalUrl(x)', () => {
    fc.assert(
      fc.property(fc.oneof({ weight: 1, arbitrary: anyInput }, { weight: 2, arbitrary: oddUrl }), (input) => {
        const once = toCanonicalUrl(input);
        if (once !== null) expect(toCanonicalUrl(once)).toBe(once);
      }),
      { numRuns: 2000 },
    );
  });

  // Same property near the length limit (the strings are long, so only their lengths are compared on failure):
  // if it fails, a URL accepted once is refused when canonicalised again, so the publisher has no key for it.
  it('is a fixed point for inputs that the parser lengthens (non-ASCII paths near MAX_URL_LENGTH)', () => {
    fc.assert(
      fc.property(longUrl, (input) => {
        const once = toCanonicalUrl(input);
        const twice = once === null ? null : toCanonicalUrl(once);
        expect({ input: input.length, once: once?.length, twice: twice?.length, same: once === twice }).toMatchObject({
          same: true,
        });
      }),
      { numRuns: 100 },
    );
  });

  // If this fails, a link shared with a tracking tag, a fragment, an upper-case host, `www.`, `http:` or `:443`
  // misses the analysis that the plain link finds (each is a documented rule of docs/canonical-url.md).
  it('ignores tracking parameters, fragments, host case and prefixes, scheme, default port, trailing slash, parameter order', () => {
    fc.assert(
      fc.property(
        articleParts,
        fc.array(fc.tuple(trackingPair, fc.nat()), { minLength: 1, maxLength: 3 }),
        fc.webFragments(),
        fc.constantFrom('www.', 'm.', 'mobile.', 'amp.', 'www.m.'),
        fc.infiniteStream(fc.boolean()),
        (p, tracking, fragment, prefix, coin) => {
          const plain = toCanonicalUrl(build(p));
          expect(plain).not.toBeNull();
          const pairs = p.params.map(([n, val]) => `${n}=${val}`);
          const withTracking = [...pairs];
          for (const [pair, at] of tracking) withTracking.splice(at % (withTracking.length + 1), 0, pair);
          const upper = [...p.host].map((ch) => (coin.next().value ? ch.toUpperCase() : ch)).join('');
          const shuffled = [...pairs].reverse();
          const variants = [
            build(p, { query: withTracking }),
            build(p, { fragment: `#${fragment}` }),
            build(p, { host: upper }),
            build(p, { host: `${prefix}${p.host}` }),
            build(p, { host: `${p.host}.` }),
            build(p, { scheme: 'http' }),
            build(p, { scheme: 'HTTPS', port: ':443' }),
            build(p, { scheme: 'http', port: ':80' }),
            build(p, { path: `/${p.segs.join('/')}/` }),
            build(p, { query: shuffled }),
            build(p, { query: [...pairs, ...pairs] }),
            build(p, { path: `/amp/${p.segs.join('/')}` }),
          ];
          for (const variant of variants) expect([variant, toCanonicalUrl(variant)]).toEqual([variant, plain]);
        },
      ),
      { numRuns: 400 },
    );
  });

  // If this fails, `%7E` and `~`, or `%ed%95%9c` and `%ED%95%9C` and `한`, name two articles instead of one.
  it('percent-encoding of unreserved characters and hex case do not matter', () => {
    fc.assert(
      fc.property(articleParts, fc.nat(), fc.boolean(), (p, pick, lower) => {
        const path = `/${p.segs.join('/')}/한국`;
        const plain = toCanonicalUrl(build(p, { path }));
        const chars = [...path];
        const at = pick % chars.length;
        const ch = chars[at]!;
        if (/[A-Za-z0-9\-._~]/.test(ch)) {
          const hex = ch.charCodeAt(0).toString(16).padStart(2, '0');
          chars[at] = `%${lower ? hex.toLowerCase() : hex.toUpperCase()}`;
        }
        const escaped = chars.join('').replace('한국', lower ? '%ed%95%9c%ea%b5%ad' : '%ED%95%9C%EA%B5%AD');
        expect(toCanonicalUrl(build(p, { path: escaped }))).toBe(plain);
      }),
      { numRuns: 300 },
    );
  });

  // The counterexamples these properties found (fixed in canonicalPath and toCanonicalUrl), pinned so that they are
  // checked on every run and not only when the generators happen to hit them.
  it.each([
    ['http://bücher.com/story.AMP.htm/#', 'https://xn--bcher-kva.com/story.htm'],
    ['https://a.com/x.amp/', 'https://a.com/x'],
    ['https://a.com/x/amp.amp/', 'https://a.com/x'],
    ['https://a.com/x/..amp', 'https://a.com/x'],
    ['https://a.com/x/y/...amp', 'https://a.com/x'],
    ['https://a.com/x/%2e.amp', 'https://a.com/x'],
    ['https://a.com/x/.;jsessionid=1/y', 'https://a.com/x/y'],
    ['https://a.com/x/..;jsessionid=1/y', 'https://a.com/y'],
    ['https://a.com/x/;%6Asessionid=1', 'https://a.com/x'],
    [`https://example.com/${'é'.repeat(1821)}`, null],
  ])('regression: %s', (input, want) => {
    expect(toCanonicalUrl(input)).toBe(want);
    if (want !== null) expect(toCanonicalUrl(want)).toBe(want);
  });

  // If this fails, a relative link resolved against its page gives a different key than the absolute link.
  it('resolving against a base is the same as canonicalising the absolute URL', () => {
    fc.assert(
      fc.property(articleParts, articleParts, (page, link) => {
        const base = build(page);
        const relative = build(link).replace(/^https:\/\/[^/]+/, '');
        expect(toCanonicalUrl(relative, base)).toBe(toCanonicalUrl(new URL(relative, base).href));
      }),
      { numRuns: 200 },
    );
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Keys
// ---------------------------------------------------------------------------------------------------------------

/** Whitespace that prepare() collapses (\s after NFKC), excluding U+FEFF, which is \p{Cf} and is removed instead. */
const SPACES = [
  ' ',
  '\t',
  '\n',
  '\r',
  '\v',
  '\f',
  '\u00a0',
  '\u1680',
  '\u2002',
  '\u2003',
  '\u2009',
  '\u200a',
  '\u2028',
  '\u2029',
  '\u202f',
  '\u205f',
  '\u3000',
];
/** Invisible format characters (\p{Cf}). */
const INVISIBLE = [
  '\u200b',
  '\u00ad',
  '\u2060',
  '\ufeff',
  '\u200e',
  '\u200f',
  '\u202a',
  '\u202c',
  '\u2066',
  '\u2069',
  '\u200c',
  '\u200d',
];
const SPACE_RUN = new RegExp(`[${SPACES.join('')}]+`, 'gu');

const word = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      'Belarus',
      'frees',
      'prisoners',
      'US',
      'lifts',
      'sanctions',
      'Fed',
      'raises',
      'rates',
      'again',
      'Café',
      'São',
      'Paulo',
      'OpenAI',
      'GPT-5',
      "it's",
      'S&P',
      '500',
      '10%',
      '$NVDA',
      'Straße',
      'İstanbul',
      'ΑΘΗΝΑ',
      'Москва',
    ),
  },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      '윤',
      '대통령',
      '탄핵안',
      '국회',
      '본회의',
      '가결',
      '東京',
      '株価',
      'ニュース',
      '新闻',
      '速報',
      'ประชาไท',
    ),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom('[속보]', '【動画】', '[VIDEO]', '-', '|', '–', '—', '::', '·', '…', '"', '«»', '🚨'),
  },
  { weight: 2, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 6 }) },
);
const publisherArb = fc.oneof(
  fc.constantFrom('BBC News', 'Reuters', 'The Guardian', '연합뉴스', 'Example Times', '朝日新聞'),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
);
/** A headline, often with a site segment the normalizer cuts ("… - BBC News", "… | 연합뉴스"). */
const titleArb = fc
  .tuple(
    fc.array(word, { minLength: 1, maxLength: 9 }),
    fc.option(fc.tuple(fc.constantFrom(' - ', ' | ', ' – ', ' — ', ' :: ', ' · '), publisherArb), { nil: undefined }),
  )
  .map(([words, site]) => `${words.join(' ')}${site ? site[0] + site[1] : ''}`);
const anyTitle = fc.oneof(titleArb, fc.string(), fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }));

/** A character whose case can be flipped without changing what lower case + NFKC make of it. */
function flippable(ch: string): string | null {
  if (/[σςΣ]/u.test(ch) || ch.normalize('NFKC') !== ch) return null;
  for (const other of [ch.toUpperCase(), ch.toLowerCase()]) {
    if (
      other !== ch &&
      [...other].length === 1 &&
      other.toLowerCase() === ch.toLowerCase() &&
      other.normalize('NFKC') === other
    )
      return other;
  }
  return null;
}

const graphemes = (s: string) =>
  [...new Intl.Segmenter('und', { granularity: 'grapheme' }).segment(s)].map((g) => g.segment);

/** A variant of a title that the normalizer promises to treat as the same title. */
const variantOf = (title: string) =>
  fc
    .record({
      caseFlips: fc.infiniteStream(fc.boolean()),
      spaces: fc.infiniteStream(fc.array(fc.constantFrom(...SPACES), { minLength: 1, maxLength: 3 })),
      invisible: fc.infiniteStream(
        fc.oneof({ weight: 4, arbitrary: fc.constant('') }, { weight: 1, arbitrary: fc.constantFrom(...INVISIBLE) }),
      ),
      lead: fc.array(fc.constantFrom(...SPACES, ...INVISIBLE), { maxLength: 3 }),
      trail: fc.array(fc.constantFrom(...SPACES, ...INVISIBLE), { maxLength: 3 }),
      form: fc.constantFrom('NFC', 'NFD', 'NFKC', 'NFKD', 'none', 'fullwidth'),
    })
    .map(({ caseFlips, spaces, invisible, lead, trail, form }) => {
      // 1. case: ASCII and other simple letters flipped at random (İ, ß and final sigma have no simple flip).
      //    A letter before a combining mark keeps its case: NFKC composes `w` + ring but not `W` + ring.
      const chars = [...title];
      let s = chars
        .map((ch, i) => (caseFlips.next().value && !/^\p{M}/u.test(chars[i + 1] ?? '') ? (flippable(ch) ?? ch) : ch))
        .join('');
      // 2. Unicode normalization form, or ASCII written full-width (ＯｐｅｎＡＩ), both erased by NFKC.
      if (form === 'fullwidth') s = s.replace(/[!-~]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0));
      else if (form !== 'none') s = s.normalize(form);
      // 3. every whitespace run becomes another run of whitespace.
      s = s.replace(SPACE_RUN, () => spaces.next().value.join(''));
      // 4. invisible characters between graphemes, and around the title.
      s = graphemes(s)
        .map((g) => invisible.next().value + g)
        .join('');
      return lead.join('') + s + trail.join('');
    });

const isTooGeneric = (n: string) =>
  [...n].length < TITLE_MIN_CHARS ||
  (!/[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u.test(n) && n.split(' ').length < TITLE_MIN_WORDS);

describe('lookup keys (properties)', () => {
  // If this fails, some page address makes the lookup throw, or a URL key is not the documented
  // sha256hex(toCanonicalUrl(url)) that the publisher writes into the catalogue (every lookup of it misses).
  it('urlKey is total, deterministic, and is SHA-256 hex of the canonical URL or null', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(anyInput, oddUrl), async (input) => {
        const [a, b] = await Promise.all([urlKey(input), urlKey(input)]);
        expect(a).toBe(b);
        const canonical = toCanonicalUrl(input);
        if (canonical === null) expect(a).toBeNull();
        else {
          expect(a).toMatch(HEX64);
          expect(a).toBe(sha(canonical));
        }
      }),
      { numRuns: 500 },
    );
  });

  // If this fails, a headline makes the lookup throw, a generic headline ("Live updates") yields a key that
  // matches unrelated stories, or the title key differs from the documented sha256hex("title:" + normalized).
  it('titleKey is total, deterministic, and is null exactly for generic titles', async () => {
    await fc.assert(
      fc.asyncProperty(anyTitle, fc.option(publisherArb, { nil: undefined }), async (title, publisher) => {
        const [a, b] = await Promise.all([titleKey(title, publisher), titleKey(title, publisher)]);
        expect(a).toBe(b);
        const normalized = normalizeTitle(title, publisher);
        if (isTooGeneric(normalized)) expect(a).toBeNull();
        else {
          expect(a).toMatch(HEX64);
          expect(a).toBe(sha(`title:${normalized}`));
        }
      }),
      { numRuns: 500 },
    );
  });

  // If this fails, the normalized form keeps something the doc says is folded away (punctuation, symbols,
  // upper case, invisible characters, runs of whitespace), so two spellings of one headline can disagree.
  it('normalizeTitle output is lower case, without punctuation, symbols, format characters or stray spaces', () => {
    fc.assert(
      fc.property(anyTitle, fc.option(publisherArb, { nil: null }), (title, publisher) => {
        const n = normalizeTitle(title, publisher);
        expect(n).toBe(n.toLowerCase());
        expect(n).not.toMatch(/[\p{P}\p{S}\p{Cf}]/u);
        expect(n).not.toMatch(/^ | $| {2}|[^\P{White_Space} ]/u);
      }),
      { numRuns: 1000 },
    );
  });

  // If this fails, the same headline written with other case, other whitespace, invisible characters,
  // decomposed accents or full-width letters gets another key: the title fallback misses syndicated copies.
  it("a title's key ignores case, whitespace, invisible characters and Unicode normalization form", async () => {
    await fc.assert(
      fc.asyncProperty(
        anyTitle.chain((t) => fc.tuple(fc.constant(t), variantOf(t))),
        fc.option(publisherArb, { nil: undefined }),
        async ([title, variant], publisher) => {
          expect([variant, normalizeTitle(variant, publisher)]).toEqual([variant, normalizeTitle(title, publisher)]);
          expect(await titleKey(variant, publisher)).toBe(await titleKey(title, publisher));
        },
      ),
      { numRuns: 600 },
    );
  });

  // If this fails, an invisible character (zero-width space, soft hyphen, bidi mark) pasted anywhere in a headline,
  // even between a letter and its accent, gives the headline another key although it looks exactly the same.
  it('invisible format characters anywhere in a title do not change its normal form', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          anyTitle,
          anyTitle.map((t) => t.normalize('NFD')),
        ),
        fc.infiniteStream(
          fc.oneof({ weight: 3, arbitrary: fc.constant('') }, { weight: 1, arbitrary: fc.constantFrom(...INVISIBLE) }),
        ),
        (title, invisible) => {
          const variant = [...title].map((ch) => invisible.next().value + ch).join('');
          expect([variant, normalizeTitle(variant)]).toEqual([variant, normalizeTitle(title)]);
        },
      ),
      { numRuns: 800 },
    );
  });

  it('regression: an invisible character between a letter and its accent, or inside a Hangul syllable', () => {
    expect(normalizeTitle('Le cafe\u200b\u0301 est fermé ce soir')).toBe(normalizeTitle('Le café est fermé ce soir'));
    expect(normalizeTitle('\u110b\ufeff\u1172\u200f\u11ab 대통령 탄핵안')).toBe(normalizeTitle('윤 대통령 탄핵안'));
  });

  // If this fails, "The Guardian", "the  guardian" and "THE GUARDIAN" as og:site_name cut different suffixes.
  it('the publisher is compared in the same normal form', () => {
    fc.assert(
      fc.property(titleArb, publisherArb, (headline, publisher) => {
        const title = `${headline} - ${publisher}`;
        const pubVariant = `  ${publisher.toUpperCase() === publisher.toLowerCase() ? publisher : [...publisher].map((ch, i, all) => (/^\p{M}/u.test(all[i + 1] ?? '') ? ch : (flippable(ch) ?? ch))).join('')}\u200b `;
        expect(normalizeTitle(title, pubVariant)).toBe(normalizeTitle(title, publisher));
      }),
      { numRuns: 500 },
    );
  });

  // If this fails, the shard name sent to the API is not the documented 5 lower-case hex digits of the key
  // (the wrong shard is fetched, or more than the prefix leaves the browser).
  it('keyPrefix is the first PREFIX_LENGTH lower-case hex digits of a key, whatever its case', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.boolean(), (bytes, upper) => {
        const key = Buffer.from(bytes).toString('hex');
        const prefix = keyPrefix(upper ? key.toUpperCase() : key);
        expect(prefix).toMatch(new RegExp(`^[0-9a-f]{${PREFIX_LENGTH}}$`));
        expect(key.startsWith(prefix)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
