/**
 * What a schema.org type (JSON-LD `@type` or microdata `itemtype`) says about a page.
 * `news`: a news story (NewsArticle and every subtype, LiveBlogPosting: see docs/detection.md).
 * `article`: an article of unknown kind (Article, Report, a top-level Review): weaker evidence than `news`.
 * `nonNews`: an article that is not journalism (blog posts, tech/scholarly articles, recipes, how-tos...).
 * `notArticle`: a page whose main thing is not an article (media, products, profiles, listings, social posts).
 */
export type TypeClass = 'news' | 'article' | 'nonNews' | 'notArticle' | null;

const NEWS = new Set([
  'newsarticle',
  'analysisnewsarticle',
  'askpublicnewsarticle',
  'backgroundnewsarticle',
  'opinionnewsarticle',
  'reportagenewsarticle',
  'reviewnewsarticle',
  'liveblogposting',
]);
const ARTICLE = new Set(['article', 'report', 'review']);
const NON_NEWS = new Set([
  'blogposting',
  'blog',
  'socialmediaposting',
  'discussionforumposting',
  'techarticle',
  'scholarlyarticle',
  'medicalscholarlyarticle',
  'apireference',
  'howto',
  'recipe',
  'faqpage',
  'qapage',
  'advertisercontentarticle',
  'satiricalarticle',
  'book',
  'chapter',
  'course',
]);
const NOT_ARTICLE = new Set([
  'videoobject',
  'videogallery',
  'imagegallery',
  'mediagallery',
  'collectionpage',
  'searchresultspage',
  'profilepage',
  'product',
  'offer',
  'musicrecording',
  'musicalbum',
  'musicplaylist',
  'podcastepisode',
  'radioepisode',
  'tvepisode',
  'movie',
  'event',
  'jobposting',
  'realestatelisting',
  'car',
  'softwareapplication',
  'mobileapplication',
  'webapplication',
  'aboutpage',
  'contactpage',
  'checkoutpage',
  'itempage',
  'audioobject',
  'episode',
]);

/** Lower-cased local name of a type: `http://schema.org/NewsArticle` and `schema:NewsArticle` → `newsarticle`. */
export function typeName(t: string): string {
  const s = t.trim().toLowerCase();
  const cut = Math.max(s.lastIndexOf('/'), s.lastIndexOf(':'), s.lastIndexOf('#'));
  return s.slice(cut + 1);
}

export function classify(t: string): TypeClass {
  const n = typeName(t);
  if (NEWS.has(n)) return 'news';
  if (ARTICLE.has(n)) return 'article';
  if (NON_NEWS.has(n)) return 'nonNews';
  if (NOT_ARTICLE.has(n)) return 'notArticle';
  return null;
}
