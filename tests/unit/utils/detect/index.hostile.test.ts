import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseHTML } from 'linkedom';
import { detectPage } from '../../../../utils/detect/index';
import { MAX_BLOCK_CHARS } from '../../../../utils/detect/jsonld';
import { MAX_ELEMENTS } from '../../../../utils/detect/page-shape';

const URL_ = 'https://news.example.com/2024/05/17/city-council-approves-new-budget';
const PARA =
  '<p>The council voted seven to two on Thursday evening after a long debate about road repairs, schools and the cost of the new tram line.</p>';
const STORY = `<article><p class="byline">By Jane Doe</p>${PARA.repeat(5)}</article>`;
const NEWS_LD =
  '<script type="application/ld+json">{"@type":"NewsArticle","headline":"Council approves budget"}</script>';

function doc(head: string, body = STORY): Document {
  return parseHTML(
    `<!doctype html><html><head><title>Council approves budget</title>${head}</head><body>${body}</body></html>`,
  ).document as unknown as Document;
}

afterEach(() => {
  vi.restoreAllMocks();
});

describe('hostile pages', () => {
  it('skips a 5 MB JSON-LD block unparsed and still reads the small one beside it', () => {
    const huge = `<script type="application/ld+json">{"@type":"NewsArticle","junk":"${'a'.repeat(5 * 1024 * 1024)}"}</script>`;
    expect(huge.length).toBeGreaterThan(MAX_BLOCK_CHARS);
    const d = detectPage(doc(huge + NEWS_LD), 'https://example.invalid/x');
    expect(d.signals).toContain('jsonld:skipped=1');
    expect(d.isNews).toBe(true);
    expect(d.signals).toContain('jsonld:NewsArticle');
  });

  it('a 5 MB block alone does not make a page news', () => {
    const huge = `<script type="application/ld+json">{"@type":"NewsArticle","junk":"${'a'.repeat(5 * 1024 * 1024)}"}</script>`;
    const d = detectPage(doc(huge), 'https://example.invalid/x');
    expect(d.signals).not.toContain('jsonld:NewsArticle');
  });

  it('a JSON-LD array of 100,000 items is walked only up to its node cap', () => {
    const items = `[${Array.from({ length: 100_000 }, () => '{"@type":"Thing"}').join(',')},{"@type":"NewsArticle"}]`;
    const d = detectPage(doc(`<script type="application/ld+json">${items}</script>`), 'https://example.invalid/x');
    // The NewsArticle sits after the cap: it is not seen, and nothing throws.
    expect(d.signals).not.toContain('jsonld:NewsArticle');
    expect(d.signals.some((s) => s.startsWith('error:'))).toBe(false);
  });

  it('visits at most MAX_ELEMENTS of a 100,000-element page and still decides from the head', () => {
    const body = '<div><span>x</span></div>'.repeat(50_000) + STORY;
    const d = detectPage(doc(NEWS_LD + '<meta property="og:type" content="article">', body), URL_);
    expect(d.signals).toContain('page:capped');
    expect(d.isNews).toBe(true);
    expect(MAX_ELEMENTS).toBeLessThan(100_000);
  });

  it('survives 20,000 nested elements', () => {
    const body = '<div>'.repeat(20_000) + PARA + '</div>'.repeat(20_000);
    const d = detectPage(doc(NEWS_LD, body), URL_);
    expect(d.isNews).toBe(true);
  });

  it('__proto__ and constructor keys in JSON-LD neither pollute Object.prototype nor inject a type', () => {
    const evil =
      '<script type="application/ld+json">{"__proto__":{"@type":"NewsArticle","polluted":"yes"},' +
      '"constructor":{"prototype":{"polluted":"yes"}},"@graph":[{"__proto__":{"@type":"NewsArticle"}}]}</script>';
    const d = detectPage(doc(evil, '<p>short</p>'), 'https://example.invalid/x');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype.hasOwnProperty.call(Object.prototype, '@type')).toBe(false);
    expect(d.signals).not.toContain('jsonld:NewsArticle');
    expect(d.isNews).toBe(false);
  });

  it('a type inherited from a polluted Object.prototype is ignored', () => {
    const proto = Object.prototype as Record<string, unknown>;
    proto['@type'] = 'NewsArticle';
    try {
      const d = detectPage(
        doc('<script type="application/ld+json">{"name":"x"}</script>', '<p>short</p>'),
        'https://example.invalid/x',
      );
      expect(d.isNews).toBe(false);
    } finally {
      delete proto['@type'];
    }
  });

  it('a page that replaced JSON.parse after the detector loaded changes nothing', () => {
    const page = doc(NEWS_LD);
    const spy = vi.spyOn(JSON, 'parse').mockImplementation(() => ({ '@type': 'BlogPosting' }));
    const d = detectPage(page, 'https://example.invalid/x');
    expect(spy).not.toHaveBeenCalled();
    expect(d.isNews).toBe(true);
  });

  it('a page that replaced Array.prototype.map (and friends) changes nothing', () => {
    const page = doc(NEWS_LD);
    const arr = Array.prototype as unknown as Record<string, unknown>;
    const saved = { map: arr.map, filter: arr.filter, some: arr.some, push: arr.push, forEach: arr.forEach };
    const boom = () => {
      throw new Error('poisoned');
    };
    let d;
    try {
      arr.map = boom;
      arr.filter = boom;
      arr.some = boom;
      arr.forEach = boom;
      d = detectPage(page, URL_);
    } finally {
      Object.assign(arr, saved);
    }
    expect(d.signals.join(' ')).not.toMatch(/error:/);
    expect(d.isNews).toBe(true);
    expect(d.signals).toContain('jsonld:NewsArticle');
  });

  it('a page that replaced document.querySelector(All) changes nothing', () => {
    const page = doc(NEWS_LD);
    const boom = () => {
      throw new Error('poisoned');
    };
    Object.assign(page, { querySelector: boom, querySelectorAll: boom });
    const d = detectPage(page, URL_);
    expect(d.isNews).toBe(true);
    expect(d.title).toBe('Council approves budget');
  });

  it('never throws: a broken document gives isNews:false and an error signal', () => {
    const broken = {
      documentElement: null,
      getElementsByTagName: () => {
        throw new TypeError('nope');
      },
    } as unknown as Document;
    const d = detectPage(broken, URL_);
    expect(d.isNews).toBe(false);
    expect(d.signals[0]).toMatch(/^error:/);
    expect(detectPage(null as unknown as Document, 42 as unknown as string).isNews).toBe(false);
  });

  it('javascript: and data: URLs never come out; page strings are capped', () => {
    const head =
      `<link rel="canonical" href="javascript:alert(1)"><meta property="og:url" content="data:text/html,x">` +
      `<meta property="og:site_name" content="${'P'.repeat(10_000)}">`;
    const d = detectPage(doc(head), URL_);
    expect(d.canonicalUrl).toBe(URL_);
    expect(d.publisher!.length).toBeLessThanOrEqual(200);
  });
});
