import { parseHttpUrl } from '../safe-url';

/**
 * What a URL's shape says. News stories live at deep, specific addresses (a date, a slug, an id);
 * home, section, tag and search pages live at short or generic ones; blogs usually say so in the address.
 */
export interface UrlShape {
  /** False for unusable or placeholder addresses (the reserved `.invalid` TLD): then nothing else fires. */
  known: boolean;
  home: boolean;
  /** A shallow generic path (`/world/`, `/es/`) with no slug, id or date. */
  section: boolean;
  date: boolean;
  slug: boolean;
  id: boolean;
  /** A path segment naming a story (`/news/`, `/article/`, `/story/`...). */
  newsPath: boolean;
  listing: boolean;
  blog: boolean;
  /** `/@name/` or `/~name/`: a personal page on a hosting platform. */
  personal: boolean;
}

const NEWS_SEGMENT =
  /^(news|article|articles|story|stories|meldung|nachrichten|artikel|noticias?|actualites?|notizie|haber)$/;
const LISTING_SEGMENT = /^(tags?|topics?|categor(y|ies)|search|suche|recherche|authors?|archives?|page)$/;

export function urlShape(url: string): UrlShape {
  const none: UrlShape = {
    known: false,
    home: false,
    section: false,
    date: false,
    slug: false,
    id: false,
    newsPath: false,
    listing: false,
    blog: false,
    personal: false,
  };
  const u = parseHttpUrl(url);
  if (!u) return none;
  const host = u.hostname.toLowerCase();
  if (host.endsWith('.invalid') || !host) return none;
  let path = u.pathname;
  try {
    path = decodeURIComponent(path);
  } catch {
    /* keep it encoded */
  }
  path = path.toLowerCase().slice(0, 1000);
  // Plain loops: this may run where a page has replaced Array.prototype methods.
  const parts = path.split('/');
  const segs: string[] = [];
  for (let i = 0; i < parts.length && i < 30; i++) {
    const p = parts[i]!;
    if (p && !/^index\.\w+$/.test(p)) segs[segs.length] = p;
  }
  const query = u.search.toLowerCase();
  const date =
    /(^|\/)(19|20)\d\d\/[01]?\d(\/|$)|(^|[/_-])(19|20)\d\d-[01]\d-[0-3]\d|(^|\/)(19|20)\d\d[01]\d[0-3]\d(\/|$)/.test(
      path,
    ) || /[?&][a-z]=(19|20)\d\d[01]\d[0-3]\d/.test(query);
  let slug = false,
    id = false,
    newsPath = false,
    listing = false,
    blog = /blog/.test(host),
    personal = false;
  for (let i = 0; i < segs.length; i++) {
    const s = segs[i]!;
    const words = s.split(/[-_+]+/);
    let n = 0;
    for (let w = 0; w < words.length; w++) if (/^\p{L}{2,}$/u.test(words[w]!)) n++;
    if (n >= 3) slug = true;
    if (/\d{5,}/.test(s)) id = true;
    if (NEWS_SEGMENT.test(s)) newsPath = true;
    if (LISTING_SEGMENT.test(s)) listing = true;
    if (/blog/.test(s)) blog = true;
    if (/^[@~]/.test(s)) personal = true;
  }
  if (/[?&](id|p|a|story|article)=\d+/.test(query)) id = true;
  if (/[?&](q|s|query|search)=/.test(query)) listing = true;
  const specific = date || slug || id;
  return {
    known: true,
    home: segs.length === 0 && !/[?&](p|id|a|story|article)=/.test(query),
    section: !specific && segs.length > 0 && segs.length <= 2 && !/\.(s?html?|php|aspx?)$/.test(path),
    date,
    slug,
    id,
    newsPath,
    listing,
    blog,
    personal,
  };
}
