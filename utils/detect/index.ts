/**
 * News-page detection: a pure function over a Document and its URL.
 * Thin first version (issue 3): JSON-LD article types and og:type=article.
 */
export interface Detection {
  isNews: boolean;
  /** 0..1, how sure the detector is that the page is one news story. */
  score: number;
  /** The page's own idea of its address: rel=canonical, og:url, else the location (not yet canonicalised). */
  canonicalUrl: string | null;
  /** The story's headline without the site's suffix. */
  title: string | null;
  publisher: string | null;
  publishedAt: string | null;
  lang: string | null;
  /** The signals that decided, e.g. `jsonld:NewsArticle`, `og:type=article`. */
  signals: string[];
}

const NEWS_TYPES = new Set(['newsarticle', 'article', 'reportagenewsarticle', 'analysisnewsarticle',
  'opinionnewsarticle', 'reviewnewsarticle', 'backgroundnewsarticle', 'askpublicnewsarticle']);

function meta(doc: Document, name: string): string | null {
  const el = doc.querySelector(`meta[property="${name}"], meta[name="${name}"]`);
  const content = el?.getAttribute('content')?.trim();
  return content ? content : null;
}

function jsonLdTypes(doc: Document): string[] {
  const types: string[] = [];
  for (const script of Array.from(doc.querySelectorAll('script[type="application/ld+json"]'))) {
    let data: unknown;
    try {
      data = JSON.parse(script.textContent ?? '');
    } catch {
      continue;
    }
    const stack: unknown[] = [data];
    while (stack.length && types.length < 50) {
      const node = stack.pop();
      if (Array.isArray(node)) stack.push(...node);
      else if (node && typeof node === 'object') {
        const obj = node as Record<string, unknown>;
        const t = obj['@type'];
        for (const one of Array.isArray(t) ? t : [t]) if (typeof one === 'string') types.push(one);
        if (obj['@graph']) stack.push(obj['@graph']);
      }
    }
  }
  return types;
}

export function detectPage(doc: Document, url: string): Detection {
  const signals: string[] = [];
  const types = jsonLdTypes(doc).filter((t) => NEWS_TYPES.has(t.toLowerCase()));
  for (const t of types) signals.push(`jsonld:${t}`);
  if (meta(doc, 'og:type')?.toLowerCase() === 'article') signals.push('og:type=article');
  const canonicalUrl =
    doc.querySelector('link[rel="canonical"]')?.getAttribute('href') ?? meta(doc, 'og:url') ?? url;
  const isNews = signals.length > 0;
  return {
    isNews,
    score: isNews ? 1 : 0,
    canonicalUrl: canonicalUrl ? new URL(canonicalUrl, url).href : null,
    title: meta(doc, 'og:title') ?? (doc.title || null),
    publisher: meta(doc, 'og:site_name'),
    publishedAt: meta(doc, 'article:published_time'),
    lang: doc.documentElement.getAttribute('lang'),
    signals,
  };
}
