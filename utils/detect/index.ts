/**
 * News-page detection: a pure function over a Document and its URL. It reads the head, the JSON-LD blocks and
 * a bounded walk of the body, never forces layout and never throws. Rules and figures: docs/detection.md.
 */
import { readJsonLd } from './jsonld';
import { readHead } from './meta';
import { readPage, readScripts } from './page-shape';
import { urlShape } from './url-shape';
import { classify, typeName } from './types';
import { scoreEvidence, THRESHOLD } from './score';
import { canonicalOf, dateOf, ldName, langOf, squash, stripSiteNameForDisplay } from './fields';
import { clean, isArray, own } from './safe';

export interface Detection {
  isNews: boolean;
  /** 0..1, how sure the detector is that the page is one news story (0.5 is the decision line). */
  score: number;
  /** The page's own idea of its address: rel=canonical, og:url, else the location; absolute, http(s) only. */
  canonicalUrl: string | null;
  /** The story's headline without the site's suffix. */
  title: string | null;
  publisher: string | null;
  /** ISO 8601, from article:published_time, JSON-LD or microdata datePublished. */
  publishedAt: string | null;
  lang: string | null;
  /** The signals that decided, e.g. `type:NewsArticle`, `og:type=article`, `url:home`. */
  signals: string[];
}

const PUBLISHER_META = [
  'news_keywords',
  'googlebot-news',
  'original-source',
  'syndication-source',
  'parsely-type',
  'sailthru.date',
  'cxenseparse:pageclass',
  'article:content_tier',
];

/** og:site_name and whatever follows the headline in the titles ("Headline | Site"). */
function siteNames(...names: (string | null)[]): string {
  let out = names[0] ?? '';
  for (let i = 1; i < names.length; i++) {
    const parts = (names[i] ?? '').slice(0, 500).split(/\s+[|\-–—:·•»]\s+/);
    for (let j = 1; j < parts.length; j++) out += ` ${parts[j]}`;
  }
  return out.slice(0, 1000);
}

function authorHandle(author: string | null, url: string): boolean {
  if (!author) return false;
  try {
    const a = new URL(author, url);
    return a.host === new URL(url).host && a.pathname.startsWith('/@');
  } catch {
    return false;
  }
}

/** "News" in the languages readers of PRISM meet most; `\bnews\b` leaves out "newsletter" and "newswire". */
const NEWS_NAME = /\bnews\b|nachrichten|noticias|nouvelles|notizie|новости|新聞|新闻|뉴스|ニュース|أخبار/i;

/** The article's author is a person named like its publisher: the writer publishes themselves (a personal site). */
function selfPublished(art: Record<string, unknown> | null): boolean {
  let a = own(art, 'author');
  if (isArray(a)) a = a.length === 1 ? a[0] : null;
  let p = own(art, 'publisher');
  if (isArray(p)) p = p[0];
  const t = own(a, '@type');
  if (typeof t !== 'string' || typeName(t) !== 'person') return false;
  const an = squash(ldName(a) ?? ''),
    pn = squash(ldName(p) ?? '');
  return !!an && an === pn;
}

function failed(reason: string): Detection {
  return {
    isNews: false,
    score: 0,
    canonicalUrl: null,
    title: null,
    publisher: null,
    publishedAt: null,
    lang: null,
    signals: [`error:${reason.slice(0, 100)}`],
  };
}

export function detectPage(doc: Document, url: string): Detection {
  try {
    return detect(doc, typeof url === 'string' ? url : '');
  } catch (e) {
    return failed(e instanceof Error && typeof e.name === 'string' ? e.name : 'unknown');
  }
}

function detect(doc: Document, url: string): Detection {
  const head = readHead(doc);
  const m = (k: string) => head.meta.get(k) ?? null;
  const page = readPage(doc);
  const scripts = readScripts(doc);
  const ld = readJsonLd(scripts.ld);
  const types = ld.types;
  for (let i = 0; i < page.itemTypes.length; i++) {
    const name = page.itemTypes[i]!;
    types[types.length] = { name, cls: classify(name), src: 'microdata' };
  }
  let publisherMeta: string | null = null;
  for (let i = 0; i < PUBLISHER_META.length && !publisherMeta; i++)
    if (m(PUBLISHER_META[i]!)) publisherMeta = PUBLISHER_META[i]!;
  const art = ld.article;
  const access = own(art, 'isAccessibleForFree');
  const ogType = clean(m('og:type'), 40)?.toLowerCase() ?? null;
  const names = siteNames(m('og:site_name'), m('og:title'), head.docTitle);
  const { points, signals } = scoreEvidence({
    types,
    ogType,
    published: !!(m('article:published_time') || m('datepublished')),
    publisherMeta,
    scholarly: !!(m('citation_title') || m('citation_doi')),
    paywalled: access === false || access === 'false' || access === 'False',
    ampLink: head.ampLink,
    publisherScript: scripts.publisherScript,
    fbPages: !!m('fb:pages'),
    twitterSite: !!m('twitter:site'),
    title: clean(m('og:title'), 200) ?? clean(head.docTitle, 200),
    siteNames: names,
    newsName: NEWS_NAME.test(`${head.feedTitle ?? ''} ${names}`),
    selfPublished: selfPublished(art),
    authorHandle: authorHandle(m('article:author'), url),
    url: urlShape(url),
    page,
  });
  if (ld.malformed) signals[signals.length] = 'jsonld:malformed';
  if (ld.skipped) signals[signals.length] = `jsonld:skipped=${ld.skipped}`;
  if (page.capped) signals[signals.length] = 'page:capped';
  if (head.amp) signals[signals.length] = 'amp';

  const canonicalUrl = canonicalOf([head.canonical, m('og:url')], url);
  let host = '';
  try {
    host = canonicalUrl ? new URL(canonicalUrl).hostname : '';
  } catch {
    /* no host */
  }
  const publisher = clean(m('og:site_name'), 200) ?? ldName(own(art, 'publisher')) ?? clean(m('application-name'), 200);
  const ogTitle = clean(m('og:title'), 500) ?? clean(own(art, 'headline'), 500);
  const rawTitle = ogTitle ?? clean(head.docTitle, 500);
  const title = rawTitle ? stripSiteNameForDisplay(rawTitle, publisher, host, !ogTitle).slice(0, 300) || null : null;
  const isNews = points >= THRESHOLD;
  return {
    isNews,
    score: Math.round(1000 / (1 + Math.exp(-(points - THRESHOLD + 0.25) / 2))) / 1000,
    canonicalUrl,
    title,
    publisher,
    publishedAt: dateOf([
      m('article:published_time'),
      own(art, 'datePublished'),
      m('datepublished'),
      m('og:published_time'),
      m('pubdate'),
      m('publishdate'),
      m('publish-date'),
      m('parsely-pub-date'),
      m('sailthru.date'),
      m('dc.date.issued'),
      m('dcterms.created'),
      m('date'),
      page.firstDate,
    ]),
    lang: langOf([
      head.htmlLang,
      m('og:locale'),
      typeof own(art, 'inLanguage') === 'string' ? (own(art, 'inLanguage') as string) : null,
      m('content-language'),
    ]),
    signals,
  };
}
