import { attr } from './safe';

/** Elements visited in document order; the rest of a huge page is not looked at. */
export const MAX_ELEMENTS = 6000;
const MAX_ITEMS = 40;
/** Text of one paragraph counted at most this far: a single giant <p> cannot dominate. */
const MAX_P_CHARS = 2000;
const SKIP = new Set(['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE', 'SVG', 'svg', 'IFRAME', 'SELECT', 'CANVAS', 'MATH']);

export interface PageShape {
  visited: number;
  capped: boolean;
  links: number;
  /** Paragraphs (<p>) with at least 80 characters of text: body copy, not captions or teasers. */
  longParagraphs: number;
  paragraphChars: number;
  articles: number;
  byline: boolean;
  videos: number;
  /** Top-level microdata item types (items that are not a property of another item). */
  itemTypes: string[];
  /** The first `<time datetime>` or `itemprop=datePublished` value in the walk. */
  firstDate: string | null;
}

/** Characters of prose, counting CJK characters twice: one carries about as much as two Latin letters. */
function textWeight(t: string): number {
  const s = t.replace(/\s+/g, ' ').trim();
  const cjk = s.match(/[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]/g);
  return s.length + (cjk ? cjk.length : 0);
}

/** One bounded walk over the document: no layout reads (textContent only), no selector engine. */
export function readPage(doc: Document): PageShape {
  const shape: PageShape = {
    visited: 0,
    capped: false,
    links: 0,
    longParagraphs: 0,
    paragraphChars: 0,
    articles: 0,
    byline: false,
    videos: 0,
    itemTypes: [],
    firstDate: null,
  };
  const root = doc.documentElement;
  let el: Element | null = root;
  while (el) {
    if (shape.visited++ >= MAX_ELEMENTS) {
      shape.capped = true;
      break;
    }
    const tag: string = el.tagName;
    if (tag === 'A' && el.hasAttribute('href')) shape.links++;
    else if (tag === 'P') {
      const t = el.textContent;
      const n = typeof t === 'string' ? textWeight(t.slice(0, MAX_P_CHARS)) : 0;
      if (n >= 80) shape.longParagraphs++;
      shape.paragraphChars += n;
    } else if (tag === 'ARTICLE') shape.articles++;
    else if (tag === 'VIDEO') shape.videos++;
    if (!shape.byline) {
      const hint = `${attr(el, 'class') ?? ''} ${attr(el, 'rel') ?? ''} ${attr(el, 'itemprop') ?? ''}`.slice(0, 300);
      if (/byline|\bauthor\b/i.test(hint) && tag !== 'META' && tag !== 'LINK') shape.byline = true;
    }
    if (!shape.firstDate && (tag === 'TIME' || attr(el, 'itemprop') === 'datePublished')) {
      shape.firstDate = attr(el, 'datetime') ?? attr(el, 'content');
    }
    const itemtype = attr(el, 'itemtype');
    if (itemtype && !el.hasAttribute('itemprop') && shape.itemTypes.length < MAX_ITEMS) {
      const parts = itemtype.slice(0, 500).split(/\s+/);
      for (let i = 0; i < parts.length && i < 4; i++) if (parts[i]) shape.itemTypes[shape.itemTypes.length] = parts[i]!;
    }
    // Next element in document order, not descending into scripts, styles and embedded documents.
    const child: Element | null = SKIP.has(tag) ? null : el.firstElementChild;
    if (child) {
      el = child;
      continue;
    }
    while (el && el !== root && !el.nextElementSibling) el = el.parentElement;
    el = el && el !== root ? el.nextElementSibling : null;
  }
  return shape;
}

const MAX_SCRIPTS = 400;
/**
 * Script hosts of the news industry's audience-measurement and recommendation services: publishers run them,
 * blogs and shops rarely do. Only `src` attributes are read, never script text.
 */
const PUBLISHER_SCRIPT =
  /taboola|outbrain|chartbeat|scorecardresearch|comscore|parsely|parse\.ly|cxense|sailthru|ioam\.de|prebid/i;

export interface Scripts {
  /** JSON-LD blocks anywhere in the page (often at the end of a long body, past the element cap). */
  ld: Element[];
  publisherScript: boolean;
}

export function readScripts(doc: Document): Scripts {
  const out: Scripts = { ld: [], publisherScript: false };
  const all = doc.getElementsByTagName('script');
  for (let i = 0; i < all.length && i < MAX_SCRIPTS; i++) {
    const el = all[i];
    const src = attr(el, 'src');
    if (src) {
      if (!out.publisherScript && PUBLISHER_SCRIPT.test(src.slice(0, 500))) out.publisherScript = true;
    } else if (el && out.ld.length < 20 && /^\s*application\/ld\+json\s*$/i.test(attr(el, 'type') ?? '')) {
      out.ld[out.ld.length] = el;
    }
  }
  return out;
}
