/**
 * Search engines' redirect links, unwrapped on the device: a result link that goes through the engine's click
 * counter names its target in its own address, so the target can be read without following it (which would tell
 * the engine, and the target, that the reader looked). Only the engines' own redirect addresses are read:
 *
 * - Google: `https://www.google.<tld>/url?q=<target>` (or `url=<target>`), on any Google host (`google.com`,
 *   `google.co.kr`, …), the form its results take without script and in many embeddings.
 * - Bing: `https://www.bing.com/ck/a?…&u=a1<target in base64url>&…`.
 * - DuckDuckGo: `https://duckduckgo.com/l/?uddg=<target>` (and `html.duckduckgo.com`, `lite.duckduckgo.com`).
 *
 * Not unwrappable, and why: Naver's and Daum's result links are direct (they count clicks by script on the page, not
 * through a redirect address), so they need no unwrapping; their own news portals' copies (`n.news.naver.com/
 * article/<office>/<id>`, `v.daum.net/v/<id>`) are other pages at other addresses, not redirects, and name no
 * original in the link: such a link is marked only when the catalogue lists the copy's address as an alias. Bing's
 * older `bing.com/aclick` ad links and Google's `/aclk` ad links carry opaque tokens (ads are never marked). Pure.
 */
import { parseHttpUrl } from '../safe-url';
import { MAX_URL_LENGTH } from '../url/canonical';

/** A redirect inside a redirect is unwrapped this many times at most (then the link is left as it is). */
export const MAX_UNWRAP_DEPTH = 3;

type RedirectEngine = 'google' | 'bing' | 'duckduckgo';

/** `google.com`, `www.google.co.kr`, `google.de`: a Google host (a `google.<suffix>` name, optionally `www.`). */
const GOOGLE_HOST = /^(?:www\.)?google\.(?:com|[a-z]{2}|co\.[a-z]{2}|com\.[a-z]{2})$/;
const BING_HOSTS: ReadonlySet<string> = new Set(['www.bing.com', 'bing.com', 'cn.bing.com']);
const DDG_HOSTS: ReadonlySet<string> = new Set(['duckduckgo.com', 'html.duckduckgo.com', 'lite.duckduckgo.com']);

/** base64url (or base64) text to a UTF-8 string, or null. */
function decodeBase64Url(text: string): string | null {
  if (!/^[A-Za-z0-9\-_+/]+={0,2}$/.test(text)) return null;
  const b64 = text.replace(/-/g, '+').replace(/_/g, '/');
  try {
    const binary = atob(b64 + '='.repeat((4 - (b64.length % 4)) % 4));
    return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
  } catch {
    return null;
  }
}

/** The engine whose redirect address `url` is, with the target it names (an absolute http(s) URL), or null. */
function redirectTarget(url: URL): { engine: RedirectEngine; target: string } | null {
  const host = url.hostname.toLowerCase().replace(/\.+$/, '');
  let target: string | null = null;
  let engine: RedirectEngine | null = null;
  if (GOOGLE_HOST.test(host) && url.pathname === '/url') {
    engine = 'google';
    target = url.searchParams.get('q') || url.searchParams.get('url');
  } else if (BING_HOSTS.has(host) && url.pathname === '/ck/a') {
    engine = 'bing';
    const u = url.searchParams.get('u');
    // `a1` marks the base64url form; other prefixes are not documented and are left alone.
    target = u && u.startsWith('a1') ? decodeBase64Url(u.slice(2)) : null;
  } else if (DDG_HOSTS.has(host) && (url.pathname === '/l/' || url.pathname === '/l')) {
    engine = 'duckduckgo';
    target = url.searchParams.get('uddg');
  }
  if (engine === null || target === null || target.length > MAX_URL_LENGTH) return null;
  // Only an absolute http(s) target as written: a relative one would be the engine's own page.
  if (!/^https?:\/\//i.test(target.trim())) return null;
  const parsed = parseHttpUrl(target.trim());
  return parsed === null ? null : { engine, target: parsed.href };
}

/**
 * The address a link really leads to: `href` itself, or the target of the engine redirects it is wrapped in (up to
 * MAX_UNWRAP_DEPTH layers). Null when `href` is not an http(s) URL. Never throws.
 */
export function unwrapRedirects(href: string): string | null {
  if (typeof href !== 'string' || href.length > MAX_URL_LENGTH) return null;
  let url = parseHttpUrl(href);
  if (url === null) return null;
  for (let depth = 0; depth < MAX_UNWRAP_DEPTH; depth++) {
    const next = redirectTarget(url);
    if (next === null) break;
    url = parseHttpUrl(next.target);
    if (url === null) return null;
  }
  return url.href;
}
