/**
 * The canonical form of a news page's URL: one string per article, however the link was written.
 * The extension and the publisher both hash this string, so every rule here is part of the lookup
 * key format: changing one changes the keys (docs/canonical-url.md lists the rules and reasons).
 */
import { parseHttpUrl } from '../safe-url';

/** Query parameters dropped whatever their value, compared case-insensitively (reasons in the doc). */
export const TRACKING_PARAMS: ReadonlySet<string> = new Set([
  // ad-click and share identifiers
  'fbclid',
  'gclid',
  'gclsrc',
  'dclid',
  'gbraid',
  'wbraid',
  'msclkid',
  'yclid',
  'ysclid',
  'twclid',
  'ttclid',
  'li_fat_id',
  'igshid',
  'igsh',
  'mibextid',
  'srsltid',
  '_ga',
  '_gl',
  'fb_ref',
  'fb_source',
  'fb_action_ids',
  'fb_action_types',
  '__twitter_impression',
  // newsletters and marketing automation
  'mc_cid',
  'mc_eid',
  'mkt_tok',
  '_hsenc',
  '_hsmi',
  // publisher campaign and referrer tags
  'ocid',
  'ncid',
  'cmpid',
  'cmp',
  'intcmp',
  'icid',
  'itid',
  'smid',
  'smtyp',
  'ref',
  'ref_src',
  'ref_url',
  'sr_share',
  'soc_src',
  'soc_trk',
  'pgtype',
  'guccounter',
  'guce_referrer',
  'guce_referrer_sig',
  // analytics suites (Adobe, Webtrends, AT Internet, comScore)
  's_cid',
  's_kwcid',
  'ef_id',
  'wt.mc_id',
  'wt_mc_id',
  'wt_mc',
  'xtor',
  'at_medium',
  'at_campaign',
  'at_custom1',
  'at_custom2',
  'at_custom3',
  'at_custom4',
  'at_ptr_name',
  'at_link_id',
  'at_link_origin',
  'at_link_type',
  'at_format',
  'at_bbc_team',
  'ns_mchannel',
  'ns_source',
  'ns_campaign',
  'ns_linkname',
  'ns_fee',
  // session identifiers
  'jsessionid',
  'phpsessid',
  // Google Extended Access (metered paywall) signatures
  'gaa_at',
  'gaa_n',
  'gaa_ts',
  'gaa_sig',
]);

/** Query parameters dropped when their name starts with one of these (lower case). */
export const TRACKING_PARAM_PREFIXES: readonly string[] = ['utm_'];

/** Host labels that name a mobile or AMP copy of the same site. */
export const HOST_PREFIXES: readonly string[] = ['www.', 'm.', 'mobile.', 'amp.'];

/** Longer inputs are not article addresses; refusing them bounds the work. */
export const MAX_URL_LENGTH = 8192;

const UNRESERVED = /[A-Za-z0-9\-._~]/;

/** One spelling per byte: unreserved characters decoded, other escapes in upper case. */
function normalizePercent(s: string): string {
  return s.replace(/%([0-9a-fA-F]{2})/g, (_m, hex: string) => {
    const ch = String.fromCharCode(parseInt(hex, 16));
    return UNRESERVED.test(ch) ? ch : `%${hex.toUpperCase()}`;
  });
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

function canonicalHost(hostname: string): string {
  let host = hostname.toLowerCase().replace(/\.+$/, '');
  for (let again = true; again;) {
    again = false;
    for (const prefix of HOST_PREFIXES) {
      // Never strip down to a bare TLD (`m.com` stays `m.com`).
      if (host.startsWith(prefix) && host.slice(prefix.length).includes('.')) {
        host = host.slice(prefix.length);
        again = true;
      }
    }
  }
  return host;
}

/** `.` and `..` segments resolved as the URL parser does (a cut can leave one: `/x/..amp` → `/x/..`). */
function resolveDots(segments: string[]): string[] {
  const out: string[] = [];
  for (const seg of segments) {
    if (seg === '.') continue;
    if (seg === '..') {
      if (out.length > 1) out.pop();
      continue;
    }
    out.push(seg);
  }
  return out;
}

function canonicalPath(pathname: string): string {
  // `;jsessionid=` is a Java servlet session id carried in the path when cookies are off (matched after the
  // escapes are normalized, so that `;%6Asessionid=` is one too).
  let segments = normalizePercent(pathname)
    .replace(/;jsessionid=[^/]*/gi, '')
    .split('/');
  // Repeat until nothing changes so that the result is a fixed point (`/x.amp/amp.amp` → `/x`): trailing slashes
  // go first (`/x.amp/` is `/x.amp`), and a cut that leaves a dot segment is resolved (the parser would on re-reading).
  for (let changed = true; changed;) {
    const before = segments.join('/');
    segments = segments.filter((seg) => seg.toLowerCase() !== 'amp');
    while (segments.length > 1 && segments[segments.length - 1] === '') segments.pop();
    const last = segments.length - 1;
    const lastSeg = segments[last];
    if (lastSeg !== undefined) segments[last] = lastSeg.replace(/\.amp(\.html?)?$/i, '$1');
    segments = resolveDots(segments);
    changed = segments.join('/') !== before;
  }
  const path = segments.join('/').replace(/\/+$/, '');
  return path.startsWith('/') ? path : `/${path}`;
}

function isDropped(name: string, value: string): boolean {
  const key = safeDecode(name).toLowerCase();
  if (TRACKING_PARAMS.has(key) || key === 'amp') return true;
  if (key === 'outputtype' && safeDecode(value).toLowerCase() === 'amp') return true;
  return TRACKING_PARAM_PREFIXES.some((prefix) => key.startsWith(prefix));
}

function canonicalQuery(search: string): string {
  const params: { name: string; pair: string }[] = [];
  const seen = new Set<string>();
  for (const part of search.replace(/^\?/, '').split('&')) {
    const eq = part.indexOf('=');
    const name = normalizePercent(eq < 0 ? part : part.slice(0, eq));
    const value = normalizePercent(eq < 0 ? '' : part.slice(eq + 1));
    if (name === '' || isDropped(name, value)) continue;
    // `?a` and `?a=` mean the same to every server framework we know of.
    const pair = value === '' ? name : `${name}=${value}`;
    if (seen.has(pair)) continue;
    seen.add(pair);
    params.push({ name, pair });
  }
  // Array#sort is stable: parameters of the same name keep their order (it can matter: `?id=2&id=1`).
  params.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return params.map((p) => p.pair).join('&');
}

/**
 * The canonical https URL of `input` (resolved against `base` when relative), or null when it is not
 * an http(s) URL. Never throws.
 */
export function toCanonicalUrl(input: string, base?: string): string | null {
  if (typeof input !== 'string' || input.length > MAX_URL_LENGTH) return null;
  if (base !== undefined && (typeof base !== 'string' || base.length > MAX_URL_LENGTH)) return null;
  const url = parseHttpUrl(input, base);
  if (url === null) return null;
  const host = canonicalHost(url.hostname);
  if (host === '') return null;
  // 443 is the default once the scheme is https; the parser has already dropped :80 from http URLs.
  const port = url.port === '' || url.port === '443' ? '' : `:${url.port}`;
  const query = canonicalQuery(url.search);
  const canonical = `https://${host}${port}${canonicalPath(url.pathname)}${query ? `?${query}` : ''}`;
  // The parser's escapes can make it longer than the input: refused like a long input, so the result stays a fixed point.
  return canonical.length > MAX_URL_LENGTH ? null : canonical;
}
