/**
 * A link on a page, as a lookup key's input: the address it leads to (engine redirects and AMP cache/viewer URLs
 * unwrapped), in the canonical form every lookup key is made of (utils/url/canonical.ts, the same rules the publisher
 * hashes). Only URL keys are ever made from links: a link whose headline alone would match is not marked (a headline
 * shared by a non-article is no match, and a link's text is not its target's headline). Pure; the background hashes.
 */
import { parseHttpUrl } from '../safe-url';
import { toCanonicalUrl } from '../url/canonical';
import { unwrapAmp } from '../url/site';
import { unwrapRedirects } from './unwrap';

/**
 * The canonical URL of what a link leads to, or null when it leads nowhere a story could be: not http(s), a site's
 * front page (no path: never an article, and skipping it halves a front page's false-positive marks), or the page
 * the link is on (`pageCanonical`, the page's own canonical URL: no mark where the analysis is the page itself).
 */
export function linkCanonical(href: string, pageCanonical: string | null): string | null {
  const target = unwrapRedirects(href);
  if (target === null) return null;
  const canonical = toCanonicalUrl(unwrapAmp(target));
  if (canonical === null) return null;
  const url = parseHttpUrl(canonical);
  if (url === null || url.pathname === '/' || url.pathname === '') return null;
  if (pageCanonical !== null && canonical === pageCanonical) return null;
  return canonical;
}
