import { typeName, type TypeClass } from './types';
import type { UrlShape } from './url-shape';
import type { PageShape } from './page-shape';

export interface Evidence {
  /** Main-entity types from JSON-LD and microdata, with their class. */
  types: { name: string; cls: TypeClass; src: string }[];
  ogType: string | null;
  published: boolean;
  /** Meta tags only news publishers' tooling writes (news_keywords, Google News, Parse.ly/Cxense/Sailthru). */
  publisherMeta: string | null;
  /** citation_* tags: a scholarly paper's landing page. */
  scholarly: boolean;
  paywalled: boolean;
  ampLink: boolean;
  publisherScript: boolean;
  fbPages: boolean;
  twitterSite: boolean;
  title: string | null;
  /** The site's name (og:site_name, or the parts of the title after the headline). */
  siteNames: string | null;
  /** The site's feed title (or name) calls it news: the counterpart of a site that calls itself a blog. */
  newsName: boolean;
  /** The JSON-LD article's author is a person with the publisher's own name: a one-person site. */
  selfPublished: boolean;
  /** article:author points at a `/@name` page: a post on a self-publishing platform. */
  authorHandle: boolean;
  url: UrlShape;
  page: PageShape;
}

/**
 * Points for and against "one news story". Each rule is general (no site is named); the weights were set by hand
 * so that one strong signal (a NewsArticle type) or several medium ones (og:type=article, a dated URL, a
 * publication time) decide, while a single strong negative (a blog, a home page, a video page) outweighs them.
 */
export const THRESHOLD = 3.5;

export function scoreEvidence(e: Evidence): { points: number; signals: string[] } {
  const signals: string[] = [];
  let points = 0;
  const add = (p: number, s: string) => {
    points += p;
    signals[signals.length] = s;
  };
  let news = '',
    article = '',
    nonNews = '',
    notArticle = '';
  for (let i = 0; i < e.types.length; i++) {
    const t = e.types[i]!;
    const label = `${t.src}:${t.name.slice(0, 80)}`;
    if (t.cls === 'news' && !news) news = label;
    else if (t.cls === 'article' && !article) article = label;
    else if (t.cls === 'nonNews' && !nonNews) nonNews = label;
    else if (t.cls === 'notArticle' && !notArticle) notArticle = label;
  }
  if (news) add(4, news);
  else if (article) add(0.5, article);
  // `Blog` marks a whole site (many themes put it on <body>), `BlogPosting` the post itself.
  if (nonNews) add(typeName(nonNews) === 'blog' ? -1.5 : -4, nonNews);
  if (notArticle && !news && !article) add(-3, notArticle);

  const u = e.url;
  const og = e.ogType;
  if (og === 'article') add(1.5, 'og:type=article');
  else if (og && /^(video|music|profile|product|book|place|instapp|photo)/.test(og)) add(-3, `og:type=${og}`);
  else if (og === 'website') add(-0.5, 'og:type=website');
  if (e.published) add(1, 'published-time');
  if (e.publisherMeta) add(3.5, `meta:${e.publisherMeta}`);
  if (e.scholarly) add(-4, 'meta:citation');
  if (e.paywalled) add(0, 'paywall');
  if (e.siteNames && /blog/i.test(e.siteNames) && !(u.known && u.blog)) add(-5, 'site:blog');
  if (e.newsName) add(1, 'site:news');
  if (e.selfPublished) add(-3, 'self-published');
  if (e.ampLink) add(2, 'amphtml');
  if (e.publisherScript) add(1.5, 'publisher-script');
  if (e.fbPages) add(1, 'fb:pages');
  if (e.twitterSite) add(0.5, 'twitter:site');
  if (e.title && /^how to\b/i.test(e.title)) add(-4, 'title:how-to');

  if (u.known) {
    if (u.home) add(-4, 'url:home');
    else if (u.section) add(-1.5, 'url:section');
    if (u.listing) add(-2.5, 'url:listing');
    if (u.blog) add(-5, 'url:blog');
    if (u.personal || e.authorHandle) add(-6, 'url:personal');
    if (u.date) add(1.5, 'url:date');
    if (u.newsPath) add(1, 'url:news-path');
    if (u.slug) add(0.5, 'url:slug');
    if (u.id) add(0.5, 'url:id');
  }

  const p = e.page;
  if (p.byline) add(0.5, 'byline');
  if (p.longParagraphs >= 4 || p.paragraphChars >= 2000) add(0.5, 'body');
  else if (p.longParagraphs < 2 && p.paragraphChars < 500 && !e.paywalled) add(-2, 'no-body');
  if (p.videos > 0 && p.longParagraphs < 2) add(-1, 'video-only');
  return { points, signals };
}
