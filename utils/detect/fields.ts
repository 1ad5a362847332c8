import { clean, httpUrl, isoDate, own } from './safe';

/** A name out of a JSON-LD value: a string, or an object's `name`. */
export function ldName(v: unknown): string | null {
  if (typeof v === 'string') return clean(v, 200);
  return clean(own(v, 'name'), 200);
}

const SEPARATOR = /\s+(?:[|\-–—:·•»]|--|::)\s+/;

export function squash(s: string): string {
  return s.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');
}

/**
 * Drops a trailing or leading site name ("Headline | Site", "Site - Headline"): one that matches the publisher
 * or the host name, or, for the bare <title>, a short last part after a long headline. The title stays as written
 * (it is shown); the title key cuts by its own fixed rule (`stripSiteNameForKey`, utils/prism/keys.ts).
 */
export function stripSiteNameForDisplay(
  raw: string,
  publisher: string | null,
  host: string,
  fromDocTitle: boolean,
): string {
  const title = raw.replace(/\s*(?:[|\-–—:·•»]|--|::)\s*$/, '');
  const parts = title.split(SEPARATOR);
  if (parts.length < 2) return title;
  const pub = publisher ? squash(publisher) : '';
  const bare = host.replace(/^www\d?\./, '');
  const hostKeys = [squash(bare), squash(bare.replace(/\.[a-z]+$/, ''))];
  const isSite = (s: string) => {
    const k = squash(s);
    return !!k && (k === pub || k === hostKeys[0] || k === hostKeys[1]);
  };
  const first = parts[0]!,
    last = parts[parts.length - 1]!;
  const cut = (s: string) => s.trim();
  if (isSite(last))
    return cut(title.slice(0, title.length - last.length).replace(new RegExp(`${SEPARATOR.source}$`), ''));
  if (isSite(first)) return cut(title.slice(first.length).replace(new RegExp(`^${SEPARATOR.source}`), ''));
  if (fromDocTitle && last.split(/\s+/).length <= 3 && title.length - last.length >= 20) {
    return cut(title.slice(0, title.length - last.length).replace(new RegExp(`${SEPARATOR.source}$`), ''));
  }
  return title;
}

export function canonicalOf(candidates: (string | null)[], location: string): string | null {
  for (let i = 0; i < candidates.length; i++) {
    const u = httpUrl(candidates[i], location);
    if (u) return u;
  }
  return httpUrl(location, location);
}

const LANG = /^[a-z]{2,3}(-[a-z0-9]{2,8})*$/i;

export function langOf(candidates: (string | null | undefined)[]): string | null {
  for (let i = 0; i < candidates.length; i++) {
    const v = clean(candidates[i], 35)?.replace('_', '-');
    if (v && LANG.test(v)) return v;
  }
  return null;
}

export function dateOf(candidates: unknown[]): string | null {
  for (let i = 0; i < candidates.length; i++) {
    const d = isoDate(candidates[i]);
    if (d) return d;
  }
  return null;
}
