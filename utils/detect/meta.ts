import { attr } from './safe';

const MAX_META = 400;
const MAX_LINKS = 200;

export interface HeadInfo {
  /** First `content` per lower-cased `property`/`name`/`itemprop` key. */
  meta: Map<string, string>;
  canonical: string | null;
  /** `<link rel=amphtml>`: the page has an AMP twin, which publishers make for story pages. */
  ampLink: boolean;
  /** `<html amp>` / `<html ⚡>`: an AMP copy of a page, whose rel=canonical names the regular page. */
  amp: boolean;
  /** Title of the first RSS/Atom `<link rel=alternate>`: how the site names its own feed. */
  feedTitle: string | null;
  docTitle: string | null;
  htmlLang: string | null;
}

/** Reads `<meta>` and `<link rel=canonical>` wherever they are (some pages put them in the body), capped. */
export function readHead(doc: Document): HeadInfo {
  const meta = new Map<string, string>();
  const metas = doc.getElementsByTagName('meta');
  for (let i = 0; i < metas.length && i < MAX_META; i++) {
    const el = metas[i];
    const content = attr(el, 'content');
    if (content === null) continue;
    const keys = [attr(el, 'property'), attr(el, 'name'), attr(el, 'itemprop')];
    for (let k = 0; k < 3; k++) {
      const key = keys[k]?.trim().toLowerCase();
      if (key && !meta.has(key) && content.trim()) meta.set(key, content.slice(0, 2000));
    }
  }
  let canonical: string | null = null;
  let ampLink = false;
  let feedTitle: string | null = null;
  const links = doc.getElementsByTagName('link');
  for (let i = 0; i < links.length && i < MAX_LINKS; i++) {
    const rel = attr(links[i], 'rel');
    if (!rel) continue;
    if (canonical === null && /(^|\s)canonical(\s|$)/i.test(rel)) canonical = attr(links[i], 'href');
    if (/(^|\s)amphtml(\s|$)/i.test(rel)) ampLink = true;
    // Only the first feed: WordPress adds per-post comment feeds whose titles repeat the post's headline.
    if (feedTitle === null && /(^|\s)alternate(\s|$)/i.test(rel) && /rss|atom/i.test(attr(links[i], 'type') ?? '')) {
      feedTitle = (attr(links[i], 'title') ?? '').slice(0, 200);
    }
  }
  const root = doc.documentElement;
  const titleEl = doc.getElementsByTagName('title')[0];
  return {
    meta,
    canonical,
    ampLink,
    feedTitle,
    amp: !!root && (root.hasAttribute('amp') || root.hasAttribute('⚡')),
    docTitle: titleEl && typeof titleEl.textContent === 'string' ? titleEl.textContent.slice(0, 2000) : null,
    htmlLang: attr(root, 'lang'),
  };
}
