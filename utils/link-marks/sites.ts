/**
 * Where link marks run: the site decision, made by the background from the page report it already has (the address
 * the browser loaded), before anything is loaded into the page. On by default on the catalogue's sites (the
 * registrable domains PRISM's stories come from, as the publisher lists them in meta.json `sites`) and on the major
 * search engines' result pages; the reader turns it on for any other site, off for any site, or off altogether.
 * Pure (the reader's settings are stores/link-marks.ts).
 */
import { parseHttpUrl } from '../safe-url';
import { siteOf } from '../url/site';
import type { LinkMarkPrefs } from './prefs';

export { DEFAULT_LINK_MARK_PREFS, parseLinkMarkPrefs, withSiteChoice, type LinkMarkPrefs } from './prefs';

export type SearchEngine = 'google' | 'bing' | 'duckduckgo' | 'naver' | 'daum';

/** At most this many catalogue sites are taken from meta.json (more is a mistake: the list is then ignored). */
export const MAX_CATALOGUE_SITES = 20_000;

/** `google.<suffix>` search pages: the Google hosts of the result pages (a `google` label before a public suffix). */
const GOOGLE_HOST = /^(?:www\.)?google\.(?:com|[a-z]{2}|co\.[a-z]{2}|com\.[a-z]{2})$/;

/** The search engine whose result page `pageUrl` is, or null. Result pages only: an engine's home page has no links. */
export function searchEngineOf(pageUrl: string): SearchEngine | null {
  const url = parseHttpUrl(pageUrl);
  if (url === null) return null;
  const host = url.hostname.toLowerCase().replace(/\.+$/, '');
  const path = url.pathname;
  if (GOOGLE_HOST.test(host) && path === '/search') return 'google';
  if ((host === 'www.bing.com' || host === 'bing.com') && path === '/search') return 'bing';
  if (host === 'duckduckgo.com' && (path === '/' || path === '') && url.searchParams.has('q')) return 'duckduckgo';
  if ((host === 'html.duckduckgo.com' || host === 'lite.duckduckgo.com') && /^\/(html|lite)\/?$/.test(path)) {
    return 'duckduckgo';
  }
  if ((host === 'search.naver.com' || host === 'm.search.naver.com') && path === '/search.naver') return 'naver';
  if ((host === 'search.daum.net' || host === 'm.search.daum.net') && path === '/search') return 'daum';
  return null;
}

type MarkReason = 'off' | 'site-off' | 'site-on' | 'engine' | 'catalogue' | 'elsewhere' | 'not-web';

export interface MarkDecision {
  mark: boolean;
  reason: MarkReason;
  /** The page's registrable domain ("this site" in the settings), null for a page without one. */
  site: string | null;
}

/**
 * Whether the page at `pageUrl` gets link marks. `catalogueSites` is null when the publication names none (an older
 * publisher): then marks run on search engines and on the sites the reader turned on, nowhere else by default.
 * Order: off altogether, then the reader's "off for this site", "on for this site", then the defaults.
 */
export function markDecision(
  pageUrl: string,
  prefs: LinkMarkPrefs,
  catalogueSites: ReadonlySet<string> | null,
): MarkDecision {
  const site = siteOf(pageUrl);
  if (site === null) return { mark: false, reason: 'not-web', site };
  if (prefs.off) return { mark: false, reason: 'off', site };
  if (prefs.offSites.includes(site)) return { mark: false, reason: 'site-off', site };
  if (prefs.onSites.includes(site)) return { mark: true, reason: 'site-on', site };
  if (searchEngineOf(pageUrl) !== null) return { mark: true, reason: 'engine', site };
  if (catalogueSites?.has(site)) return { mark: true, reason: 'catalogue', site };
  return { mark: false, reason: 'elsewhere', site };
}

/**
 * The catalogue's sites as meta.json gives them (`sites`, revision 2.2), checked: an array of registrable domains
 * (lower case, as siteOf writes them), at most MAX_CATALOGUE_SITES. Anything else is null (no list: the fallback).
 */
export function parseCatalogueSites(raw: unknown): string[] | null {
  if (!Array.isArray(raw) || raw.length > MAX_CATALOGUE_SITES) return null;
  const sites = new Set<string>();
  for (const s of raw) if (typeof s === 'string' && s.length <= 253 && siteOf(`https://${s}/`) === s) sites.add(s);
  return [...sites].sort();
}
