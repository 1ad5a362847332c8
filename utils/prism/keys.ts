/**
 * Lookup keys: SHA-256 of a story's canonical URL or normalized title. The publisher computes them for
 * each story, the extension for the page it is on; only the first PREFIX_LENGTH hex digits of a key
 * ever leave the browser. Every rule here is part of the key format (docs/canonical-url.md).
 */
import { toCanonicalUrl } from '../url/canonical';

/** Hex digits of a key sent to the API to name a lookup shard. */
export const PREFIX_LENGTH = 5;
/** Below either threshold a title is too generic ("Live updates", "속보") to name one story. */
export const TITLE_MIN_WORDS = 3;
export const TITLE_MIN_CHARS = 10;

/** Trailing/leading segments of a title are only ever cut at one of these (after NFKC). */
const SEPARATORS = [' - ', ' | ', ' – ', ' — ', ' :: ', ' · '] as const;
/** A cut segment longer than this is part of the headline, not a site or section name. */
const SITE_MAX_WORDS = 5;
const SITE_MAX_CHARS = 40;
const SITE_WORD = /\b(news|times|post|herald|tribune|journal|gazette|daily|press)\b/u;
const SITE_CJK = /(뉴스|신문|일보|통신|ニュース|新聞|新闻|日報|日报)/u;
/** A segment ending in a host name: "Reuters.com", "ประชาไท Prachatai.com" (a short list of TLDs, so "node.js" is no site). */
const SITE_DOMAIN =
  /(^|\s)[\p{L}\p{N}-]+(\.[\p{L}\p{N}-]+)*\.(com|net|org|info|news|kr|jp|cn|tw|hk|uk|de|fr|at|ch|in|au|ca|it|es|nl|br|ru|tv)$/u;
/** A leading label such as "[속보]", "[단독]", "【動画】", "[VIDEO]": never part of the headline. */
const LEADING_TAG = /^(\[[^\]]{1,10}\]|【[^】]{1,10}】)\s*/u;
/** Han and kana titles have no spaces between words, so only their length counts. */
const UNSPACED_SCRIPT = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;

/** SHA-256 of bytes, as lower-case hex (the key set's name and checksum in meta.json). */
export async function sha256hexOfBytes(bytes: Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}

/** SHA-256 of a string's UTF-8, as lower-case hex (every lookup key). */
export const sha256hex = (text: string): Promise<string> => sha256hexOfBytes(new TextEncoder().encode(text));

/**
 * NFKC, lower case, invisible format characters (zero-width space, soft hyphen…) removed. They go before NFKC, which
 * they would otherwise stop from composing (`e` + ZWSP + U+0301 is `é`); NFKC and lower case never produce one.
 */
function prepare(s: string): string {
  return s
    .replace(/\p{Cf}/gu, '')
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\s+/gu, ' ')
    .trim();
}

/** Punctuation and symbols to single spaces, whitespace collapsed. */
function punctuationToSpaces(s: string): string {
  return s
    .replace(/[\p{P}\p{S}]+/gu, ' ')
    .replace(/\s+/gu, ' ')
    .trim();
}

/** A publisher's name as compared with a title segment: "The Guardian" and "Guardian" match. */
function publisherForm(s: string): string {
  return punctuationToSpaces(prepare(s)).replace(/^the /, '');
}

function looksLikeSiteName(segment: string, separator: string): boolean {
  const words = segment.split(' ').length;
  if (words > SITE_MAX_WORDS || [...segment].length > SITE_MAX_CHARS) return false;
  return separator === ' | ' || SITE_WORD.test(segment) || SITE_CJK.test(segment) || SITE_DOMAIN.test(segment);
}

/** Position and separator of the last (or first) separator in `s`, or null. */
function findSeparator(s: string, last: boolean): { at: number; sep: string } | null {
  let best: { at: number; sep: string } | null = null;
  for (const sep of SEPARATORS) {
    const at = last ? s.lastIndexOf(sep) : s.indexOf(sep);
    if (at <= 0) continue;
    if (!best || (last ? at > best.at : at < best.at)) best = { at, sep };
  }
  return best;
}

/**
 * The headline without the site's name, on prepared text and a `publisherForm`. Part of the key format, hence
 * not shared with the detector's `stripSiteNameForDisplay` (utils/detect/fields.ts), which keeps the title as
 * written for display and may change with detection.
 */
function stripSiteNameForKey(title: string, publisher: string): string {
  const untagged = title.replace(LEADING_TAG, '');
  let s = untagged === '' ? title : untagged;
  // "Headline | Section | Site": up to three trailing segments go, one at a time.
  for (let i = 0; i < 3; i++) {
    const found = findSeparator(s, true);
    if (!found) break;
    const segment = s.slice(found.at + found.sep.length).trim();
    const head = s.slice(0, found.at).trim();
    if (head === '') break;
    const isPublisher = publisher !== '' && publisherForm(segment) === publisher;
    // A site name is shorter than the headline it follows ("Opinion | Why the Fed waited" is kept).
    const siteLike = [...head].length >= [...segment].length && looksLikeSiteName(segment, found.sep);
    if (!isPublisher && !siteLike) break;
    s = head;
  }
  // A leading "BBC News - Headline" only when it is exactly the publisher: a prefix is usually a topic.
  const first = findSeparator(s, false);
  if (first && publisher !== '' && publisherForm(s.slice(0, first.at)) === publisher) {
    const rest = s.slice(first.at + first.sep.length).trim();
    if (rest !== '') s = rest;
  }
  return s;
}

/**
 * The comparable form of a headline: NFKC, lower case, the site's name cut off, punctuation and
 * symbols folded to single spaces. Hangul, Han and other letters are kept as they are.
 */
export function normalizeTitle(title: string, publisher?: string | null): string {
  if (typeof title !== 'string') return '';
  const pub = typeof publisher === 'string' ? publisherForm(publisher) : '';
  return punctuationToSpaces(stripSiteNameForKey(prepare(title), pub));
}

function isTooGeneric(normalized: string): boolean {
  if ([...normalized].length < TITLE_MIN_CHARS) return true;
  if (UNSPACED_SCRIPT.test(normalized)) return false;
  return normalized.split(' ').length < TITLE_MIN_WORDS;
}

export async function urlKey(url: string): Promise<string | null> {
  const canonical = toCanonicalUrl(url);
  return canonical === null ? null : sha256hex(canonical);
}

export async function titleKey(title: string, publisher?: string | null): Promise<string | null> {
  const normalized = normalizeTitle(title, publisher);
  return isTooGeneric(normalized) ? null : sha256hex(`title:${normalized}`);
}

/**
 * The shard name sent to the API: the only part of a key that leaves the browser. `length` is the publication's
 * shard prefix length (meta.json `lookup.prefixLength`, 0 to PREFIX_LENGTH hex digits; 5 when it names none); a
 * length of 0 is the one shard `all`.
 */
export function keyPrefix(key: string, length: number = PREFIX_LENGTH): string {
  return length === 0 ? ALL_SHARD : key.slice(0, length).toLowerCase();
}

/** The name of the one shard of a publication whose prefix length is 0 (a small catalogue). */
export const ALL_SHARD = 'all';

/**
 * The anonymity set: the publisher picks the longest shard prefix (in hex digits, at most PREFIX_LENGTH) for which
 * every shard, empty ones included, holds at least MIN_SHARD_KEYS keys, so a shard request names one of at least
 * that many catalogue keys; 0 (one shard) when no longer prefix does. docs/privacy.md says the trade.
 */
export const MIN_SHARD_KEYS = 128;

/** The prefix length for keys counted per 5-hex prefix (`counts[p]`: keys whose first 5 hex digits are p). */
export function choosePrefixLength(counts: ArrayLike<number>): number {
  for (let length = PREFIX_LENGTH; length > 0; length--) {
    const width = 16 ** (PREFIX_LENGTH - length);
    let ok = true;
    for (let start = 0; ok && start < counts.length; start += width) {
      let n = 0;
      for (let p = start; p < start + width; p++) n += counts[p]!;
      ok = n >= MIN_SHARD_KEYS;
    }
    if (ok) return length;
  }
  return 0;
}

/** The publisher's keys for one story: source URL, each alias, then the title; no duplicates. */
export async function storyKeys(story: {
  source: { url: string; title: string; publisher: string };
  aliases: string[];
}): Promise<string[]> {
  const keys = await Promise.all([
    urlKey(story.source.url),
    ...story.aliases.map((alias) => urlKey(alias)),
    titleKey(story.source.title, story.source.publisher),
  ]);
  return [...new Set(keys.filter((k): k is string => k !== null))];
}
