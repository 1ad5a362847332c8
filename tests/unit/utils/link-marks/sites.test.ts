/**
 * Where marks run (utils/link-marks/sites.ts): the catalogue's sites by registrable domain, the engines' result
 * pages, and the reader's per-site on/off and global off, in that order of precedence.
 */
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_LINK_MARK_PREFS,
  MAX_CATALOGUE_SITES,
  markDecision,
  parseCatalogueSites,
  parseLinkMarkPrefs,
  searchEngineOf,
  withSiteChoice,
} from '../../../../utils/link-marks/sites';

const catalogue = new Set(['yahoo.com', 'bbc.co.uk', 'nbcnews.com']);
const on = DEFAULT_LINK_MARK_PREFS;

describe('searchEngineOf', () => {
  it.each([
    ['https://www.google.com/search?q=election', 'google'],
    ['https://www.google.co.kr/search?q=%EC%84%A0%EA%B1%B0', 'google'],
    ['https://google.de/search?q=x', 'google'],
    ['https://www.bing.com/search?q=x', 'bing'],
    ['https://duckduckgo.com/?q=x&ia=web', 'duckduckgo'],
    ['https://html.duckduckgo.com/html/?q=x', 'duckduckgo'],
    ['https://search.naver.com/search.naver?query=x', 'naver'],
    ['https://m.search.naver.com/search.naver?query=x', 'naver'],
    ['https://search.daum.net/search?q=x', 'daum'],
  ])('%s is a result page of %s', (url, engine) => {
    expect(searchEngineOf(url)).toBe(engine);
  });

  it.each([
    'https://www.google.com/',
    'https://www.google.com/maps/search/x',
    'https://news.google.com/search?q=x',
    'https://google.evil.com/search?q=x',
    'https://www.google.com.evil.net/search?q=x',
    'https://duckduckgo.com/',
    'https://www.naver.com/',
    'https://www.bing.com/images/search?q=x',
    'not a url',
  ])('%s is not a result page', (url) => {
    expect(searchEngineOf(url)).toBeNull();
  });
});

describe('markDecision', () => {
  it('is on across a catalogue site by registrable domain (a story from uk.news.yahoo.com: all of yahoo.com)', () => {
    expect(markDecision('https://www.yahoo.com/', on, catalogue)).toMatchObject({ mark: true, reason: 'catalogue' });
    expect(markDecision('https://uk.news.yahoo.com/world', on, catalogue)).toMatchObject({
      mark: true,
      site: 'yahoo.com',
    });
    expect(markDecision('https://news.bbc.co.uk/', on, catalogue)).toMatchObject({ mark: true, site: 'bbc.co.uk' });
  });

  it('is public-suffix aware: another site under the same suffix is another site', () => {
    expect(markDecision('https://www.itv.co.uk/news', on, catalogue)).toMatchObject({
      mark: false,
      reason: 'elsewhere',
    });
    expect(markDecision('https://yahoo.com.evil.net/', on, catalogue).mark).toBe(false);
  });

  it('is on on the engines result pages, not on their other pages', () => {
    expect(markDecision('https://www.google.com/search?q=x', on, catalogue)).toMatchObject({
      mark: true,
      reason: 'engine',
    });
    expect(markDecision('https://www.google.com/maps', on, catalogue).mark).toBe(false);
  });

  it('follows the reader: off altogether beats everything, then off for the site, then on for the site', () => {
    const off = { ...on, off: true, onSites: ['example.org'] };
    expect(markDecision('https://www.nbcnews.com/', off, catalogue)).toMatchObject({ mark: false, reason: 'off' });
    expect(markDecision('https://example.org/', off, catalogue)).toMatchObject({ mark: false, reason: 'off' });
    const siteOff = withSiteChoice(on, 'nbcnews.com', false);
    expect(markDecision('https://www.nbcnews.com/', siteOff, catalogue)).toMatchObject({
      mark: false,
      reason: 'site-off',
    });
    const googleOff = withSiteChoice(on, 'google.com', false);
    expect(markDecision('https://www.google.com/search?q=x', googleOff, catalogue).mark).toBe(false);
    const siteOn = withSiteChoice(on, 'example.org', true);
    expect(markDecision('https://blog.example.org/', siteOn, catalogue)).toMatchObject({
      mark: true,
      reason: 'site-on',
    });
  });

  it('without a catalogue list (an older publisher) marks only engines and sites the reader turned on', () => {
    expect(markDecision('https://www.nbcnews.com/', on, null).mark).toBe(false);
    expect(markDecision('https://www.bing.com/search?q=x', on, null).mark).toBe(true);
    expect(markDecision('https://www.nbcnews.com/', withSiteChoice(on, 'nbcnews.com', true), null).mark).toBe(true);
  });

  it('is off for what is not a web page with a site', () => {
    expect(markDecision('chrome://newtab/', on, catalogue)).toMatchObject({ mark: false, reason: 'not-web' });
    expect(markDecision('https://co.uk/', on, catalogue)).toMatchObject({ mark: false, reason: 'not-web' });
  });
});

describe('withSiteChoice', () => {
  it('moves a site from one list to the other, never in both', () => {
    const a = withSiteChoice(on, 'nbcnews.com', true);
    expect(a).toMatchObject({ onSites: ['nbcnews.com'], offSites: [] });
    const b = withSiteChoice(a, 'nbcnews.com', false);
    expect(b).toMatchObject({ onSites: [], offSites: ['nbcnews.com'] });
    expect(withSiteChoice(b, 'nbcnews.com', false).offSites).toEqual(['nbcnews.com']);
  });
});

describe('parseLinkMarkPrefs and parseCatalogueSites', () => {
  it('reads anything stored as valid prefs', () => {
    expect(parseLinkMarkPrefs(undefined)).toEqual(DEFAULT_LINK_MARK_PREFS);
    expect(parseLinkMarkPrefs({ off: 'yes', onSites: ['b.com', 'a.com', 'A B', 3], offSites: 'x' })).toEqual({
      off: false,
      onSites: ['a.com', 'b.com'],
      offSites: [],
    });
    expect(parseLinkMarkPrefs({ off: true }).off).toBe(true);
  });

  it('takes only registrable domains from meta.json, and no list that is too long', () => {
    expect(parseCatalogueSites(['yahoo.com', 'uk.news.yahoo.com', 'co.uk', 'BBC.co.uk', 'bbc.co.uk', 7])).toEqual([
      'bbc.co.uk',
      'yahoo.com',
    ]);
    expect(parseCatalogueSites('yahoo.com')).toBeNull();
    expect(parseCatalogueSites(undefined)).toBeNull();
    expect(parseCatalogueSites(Array.from({ length: MAX_CATALOGUE_SITES + 1 }, (_, i) => `s${i}.com`))).toBeNull();
  });
});
