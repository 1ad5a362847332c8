/**
 * The "same site" rule: a page may declare (rel=canonical, og:url) that it is another address, and the extension
 * trusts a declared address only when it is on the same site as the page's location.
 *
 * A site is the registrable domain (eTLD+1) of the URL's host, from the Public Suffix List (the `tldts` library),
 * **private suffixes included**: `github.io`, `blogspot.com`, `s3.amazonaws.com`, `herokuapp.com`… are suffixes,
 * so `user1.github.io` and `user2.github.io` are two sites (two people), as they are for the browser's own notion
 * of a site (cookies, `SameSite`). A host that is only a suffix (`co.uk`, `github.io`, a single label such as
 * `intranet`) has no site. IP addresses and `localhost` are their own site, as the URL parser writes them
 * (`127.0.0.1`, `[::1]`). The host is read with the WHATWG URL parser, so upper case, IDN (`bücher.de` and
 * `xn--bcher-kva.de` are one host), IPv4 spellings (`0x7f.1`) and IPv6 forms agree; a trailing dot is dropped;
 * ports and schemes (http vs https) do not make another site.
 *
 * AMP caches and viewers serve a publisher's page from another host: `unwrapAmp` gives the publisher's URL behind
 * them, and `sameSite` compares the sites after unwrapping. `siteOf` itself does not unwrap: the site of an AMP
 * cache URL is `ampproject.org`. Publisher AMP copies (`amp.example.com`, `/amp/` paths) are on the publisher's
 * own site already; turning them into the article's address is canonical.ts's job, not this file's.
 */
import { getDomain } from 'tldts';
import { parseHttpUrl } from '../safe-url';
import { MAX_URL_LENGTH } from './canonical';

const TLDTS_OPTIONS = {
  allowPrivateDomains: true,
  // The URL parser has already extracted and validated the host (it allows `_`, which tldts would refuse).
  extractHostname: false,
  validateHostname: false,
  mixedInputs: false,
  detectIp: false,
} as const;

/** The URL parser writes IPv4 addresses as four decimal numbers and IPv6 addresses in brackets. */
const IP_HOST = /^(\d+\.\d+\.\d+\.\d+|\[[0-9a-f:.]+\])$/;

function httpUrl(input: string): URL | null {
  return typeof input === 'string' && input.length <= MAX_URL_LENGTH ? parseHttpUrl(input) : null;
}

function siteOfHost(hostname: string): string | null {
  const host = hostname.replace(/\.+$/, '');
  if (host === '') return null;
  if (host === 'localhost' || IP_HOST.test(host)) return host;
  return getDomain(host, TLDTS_OPTIONS);
}

/** The registrable domain of an http(s) URL (`https://news.bbc.co.uk/x` → `bbc.co.uk`), or null. Never throws. */
export function siteOf(url: string): string | null {
  const parsed = httpUrl(url);
  return parsed === null ? null : siteOfHost(parsed.hostname);
}

/** Hosts of the Google AMP Cache: `cdn.ampproject.org` and `<publisher-host-encoded>.cdn.ampproject.org`. */
function isAmpCacheHost(host: string): boolean {
  return host === 'cdn.ampproject.org' || host.endsWith('.cdn.ampproject.org');
}

/** Hosts of the Google AMP viewer (`/amp/…` paths). A fixed list: anyone can register some other `google.*`. */
const AMP_VIEWER_HOSTS: ReadonlySet<string> = new Set(['www.google.com', 'google.com']);

/**
 * Cache: `/c/`, `/v/` or `/i/` (content, viewer content, image), then `s/` for https (none: http), then the
 * publisher's host and path. Viewer: `/amp/`, then `s/` or not, then host and path.
 */
const AMP_CACHE_PATH = /^\/[cvi]\/(s\/)?(.+)$/;
const AMP_VIEWER_PATH = /^\/amp\/(s\/)?(.+)$/;

/** One layer of unwrapping, or null when `input` is not an AMP cache or viewer URL with a usable inner URL. */
function unwrapOnce(input: string): string | null {
  const url = httpUrl(input);
  if (url === null) return null;
  const host = url.hostname.replace(/\.+$/, '');
  const path = isAmpCacheHost(host)
    ? AMP_CACHE_PATH.exec(url.pathname)
    : AMP_VIEWER_HOSTS.has(host)
      ? AMP_VIEWER_PATH.exec(url.pathname)
      : null;
  if (path === null) return null;
  const inner = httpUrl(`${path[1] === undefined ? 'http' : 'https'}://${path[2] ?? ''}${url.search}${url.hash}`);
  // `user@host` after `/c/s/` would make a reader of the string see one host and the parser another.
  if (inner === null || inner.username !== '' || inner.password !== '') return null;
  return siteOfHost(inner.hostname) === null ? null : inner.href;
}

/**
 * The publisher's URL behind a Google AMP Cache URL (`https://www-example-com.cdn.ampproject.org/c/s/www.example.com/p`
 * → `https://www.example.com/p`) or Google AMP viewer URL (`https://www.google.com/amp/s/www.example.com/p`), query
 * and fragment kept as they are; any other input is returned unchanged. The cache fetches the page from the host in
 * the path, so the path, not the encoded subdomain, says whose page it is. Never throws.
 */
export function unwrapAmp(url: string): string {
  let current = url;
  // Each layer takes one wrapper off the front of the path, so this ends (a viewer URL may wrap a cache URL).
  for (let inner = unwrapOnce(current); inner !== null; inner = unwrapOnce(current)) current = inner;
  return current;
}

/** Whether two http(s) URLs are on the same site (registrable domain), after unwrapping AMP. Never throws. */
export function sameSite(a: string, b: string): boolean {
  const siteA = siteOf(unwrapAmp(a));
  return siteA !== null && siteA === siteOf(unwrapAmp(b));
}

/**
 * The same-host rule (issue 19): a registrable domain is too coarse where one domain holds many people's pages
 * (`blog.naver.com` and `n.news.naver.com` are both `naver.com`; so are `sites.google.com` and `news.google.com`),
 * so a page's declared address and headline only confirm a match on the same *host* as the story's own URLs.
 *
 * A host here is the URL's host name with one leading `www.`, `m.`, `mobile.` or `amp.` label dropped (the same
 * publisher's desktop, mobile and AMP hosts are one), unless that would leave a bare public suffix. On hosts that
 * many people share by path, the owner's part of the path is added: `medium.com/@alice`, `medium.com/<publication>`,
 * `sites.google.com/view/<site>`, `blog.naver.com/<blog id>` (also from `?blogId=`), `brunch.co.kr/@<author>`,
 * `substack.com/@<author>`… Google's AMP cache and viewer are unwrapped by the caller (unwrapAmp).
 */
const SAME_PUBLISHER_LABELS = ['www.', 'm.', 'mobile.', 'amp.'];

/** Hosts shared by path: how many leading path segments name the owner (the query parameter that may instead). */
const PATH_SHARED_HOSTS: ReadonlyMap<string, { segments: number; param?: string }> = new Map([
  ['medium.com', { segments: 1 }],
  ['sites.google.com', { segments: 2 }],
  ['blog.naver.com', { segments: 1, param: 'blogId' }],
  ['cafe.naver.com', { segments: 1 }],
  ['post.naver.com', { segments: 1, param: 'memberNo' }],
  ['blog.daum.net', { segments: 1 }],
  ['cafe.daum.net', { segments: 1 }],
  ['brunch.co.kr', { segments: 1 }],
  ['substack.com', { segments: 1 }],
  ['velog.io', { segments: 1 }],
]);

/** Path segments that are a page of the host's own, not an owner's name (`blog.naver.com/PostView.naver?blogId=`). */
const NOT_AN_OWNER = /\.(naver|nhn|jsp|php|html?)$/i;

function hostKeyOf(hostname: string): string | null {
  let host = hostname.replace(/\.+$/, '');
  if (siteOfHost(host) === null) return null;
  const label = SAME_PUBLISHER_LABELS.find((l) => host.startsWith(l));
  if (label && siteOfHost(host.slice(label.length)) !== null && host.slice(label.length).includes('.')) {
    host = host.slice(label.length);
  }
  return host;
}

/**
 * The host of an http(s) URL under the same-host rule (`https://www.bbc.com/news/x` → `bbc.com`,
 * `https://m.blog.naver.com/alice/1` → `blog.naver.com/alice`), or null. Never throws; does not unwrap AMP.
 */
export function hostOf(url: string): string | null {
  const parsed = httpUrl(url);
  if (parsed === null) return null;
  const host = hostKeyOf(parsed.hostname);
  if (host === null) return null;
  const shared = PATH_SHARED_HOSTS.get(host);
  if (!shared) return host;
  const segments = parsed.pathname.split('/').filter(Boolean);
  const byParam = shared.param ? parsed.searchParams.get(shared.param) : null;
  if (byParam && (segments.length === 0 || NOT_AN_OWNER.test(segments[0]!))) {
    return `${host}/${encodeURIComponent(byParam.toLowerCase())}`;
  }
  // The host's own pages (no owner in the path) are the host's: `medium.com/` is nobody's story.
  if (segments.length < shared.segments || NOT_AN_OWNER.test(segments[0]!)) return host;
  return `${host}/${segments.slice(0, shared.segments).join('/').toLowerCase()}`;
}

/** Whether two http(s) URLs are on the same host (hostOf), after unwrapping AMP. Never throws. */
export function sameHost(a: string, b: string): boolean {
  const hostA = hostOf(unwrapAmp(a));
  return hostA !== null && hostA === hostOf(unwrapAmp(b));
}
