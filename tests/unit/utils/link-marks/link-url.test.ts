/**
 * A link's lookup input (utils/link-marks/link-url.ts): the canonical URL of where it leads, redirects and AMP
 * unwrapped, never the page itself or a front page.
 */
import { describe, expect, it } from 'vitest';
import { linkCanonical } from '../../../../utils/link-marks/link-url';
import { toCanonicalUrl } from '../../../../utils/url/canonical';

const article = 'https://www.nbcnews.com/politics/congress/some-story-rcna123?utm_source=home#comments';
const canonical = 'https://nbcnews.com/politics/congress/some-story-rcna123';

describe('linkCanonical', () => {
  it('gives the canonical URL the publisher hashes (tracking, www, fragment and http dropped)', () => {
    expect(linkCanonical(article, null)).toBe(canonical);
    expect(linkCanonical('http://m.nbcnews.com/politics/congress/some-story-rcna123/', null)).toBe(canonical);
    expect(linkCanonical(article, null)).toBe(toCanonicalUrl(article));
  });

  it('unwraps engine redirects and AMP caches first', () => {
    expect(linkCanonical(`https://www.google.com/url?q=${encodeURIComponent(article)}`, null)).toBe(canonical);
    expect(
      linkCanonical(
        'https://www-nbcnews-com.cdn.ampproject.org/c/s/www.nbcnews.com/politics/congress/some-story-rcna123',
        null,
      ),
    ).toBe(canonical);
  });

  it('is null for the page itself (the analysis is the page), a front page, and non-web links', () => {
    expect(linkCanonical(article, canonical)).toBeNull();
    expect(linkCanonical('https://www.nbcnews.com/', null)).toBeNull();
    expect(linkCanonical('https://www.nbcnews.com/?utm_source=x', null)).toBeNull();
    expect(linkCanonical('javascript:void(0)', null)).toBeNull();
    expect(linkCanonical('mailto:tips@nbcnews.com', null)).toBeNull();
    expect(linkCanonical('ftp://nbcnews.com/file', null)).toBeNull();
  });

  it('keeps a section page (it could be in no catalogue, but it is a page with a path)', () => {
    expect(linkCanonical('https://www.nbcnews.com/politics', null)).toBe('https://nbcnews.com/politics');
  });
});
