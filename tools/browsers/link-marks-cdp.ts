/**
 * Link marks as a test or a bench sees them (entrypoints/link-marks/marks.ts): each mark is a `span` after its link
 * with a closed shadow root, read through CDP (`DOM.getDocument`, `pierce: true`), which a page's scripts cannot do.
 * Also: real listing pages of the corpus and a catalogue of articles they link to, for the e2e, bench and screenshots.
 */
import type { Page } from 'playwright-core';
import { makeStory } from '../../tests/fixtures/story';
import type { Story } from '../../utils/prism/schema';
import { linkCanonical } from '../../utils/link-marks/link-url';
import { toCanonicalUrl } from '../../utils/url/canonical';
import { siteOf } from '../../utils/url/site';
import { cdpOf, domTree, walk, attr, type CdpNode } from './overlay-cdp';

export interface MarkSeen {
  /** The mark's accessible name (its button's aria-label). */
  name: string;
  /** The href of the link before it (absolute), or null when the mark is not right after a link. */
  href: string | null;
  /** Index of that link among `document.querySelectorAll('a')`. */
  index: number;
  /** Distance in CSS pixels between the mark's box and the nearest box of its link. */
  distance: number;
  box: { x: number; y: number; width: number; height: number };
}

/** Our mark hosts: a SPAN whose closed shadow root holds one BUTTON named for PRISM. */
function markHosts(root: CdpNode): { host: CdpNode; button: CdpNode }[] {
  const out: { host: CdpNode; button: CdpNode }[] = [];
  for (const node of walk(root)) {
    if (node.nodeName !== 'SPAN' || node.shadowRoots?.[0]?.shadowRootType !== 'closed') continue;
    const button = [...walk(node.shadowRoots[0])].find((n) => n.nodeName === 'BUTTON');
    if (button && (attr(button, 'aria-label') ?? '').startsWith('PRISM')) out.push({ host: node, button });
  }
  return out;
}

/** Every mark on the page, with its link and where it is. */
export async function readMarks(page: Page): Promise<MarkSeen[]> {
  const cdp = await cdpOf(page);
  const out: MarkSeen[] = [];
  for (const { host, button } of markHosts(await domTree(page))) {
    const { object } = (await cdp.send('DOM.resolveNode', { backendNodeId: host.backendNodeId })) as {
      object: { objectId: string };
    };
    const { result } = (await cdp.send('Runtime.callFunctionOn', {
      objectId: object.objectId,
      returnByValue: true,
      functionDeclaration: `function () {
        const a = this.previousElementSibling;
        const m = this.getBoundingClientRect();
        if (!a || a.tagName !== 'A') return { href: null, index: -1, distance: Infinity, box: m.toJSON() };
        let distance = Infinity;
        for (const r of a.getClientRects()) {
          const dx = Math.max(0, r.left - m.right, m.left - r.right);
          const dy = Math.max(0, r.top - m.bottom, m.top - r.bottom);
          distance = Math.min(distance, Math.hypot(dx, dy));
        }
        return { href: a.href, index: [...document.querySelectorAll('a')].indexOf(a), distance, box: m.toJSON() };
      }`,
    })) as { result: { value: Omit<MarkSeen, 'name'> } };
    out.push({ name: attr(button, 'aria-label') ?? '', ...result.value });
  }
  return out;
}

/** A real (trusted) mouse click at the centre of a mark. */
export async function clickMark(page: Page, mark: MarkSeen): Promise<void> {
  await page.mouse.click(mark.box.x + mark.box.width / 2, mark.box.y + mark.box.height / 2);
}

/**
 * Scrolls the whole page down in viewport steps (the marks of links that come into view), then back up to the top
 * the same way: a link the reader scrolled past before the marking module had started is seen again on the way up.
 */
export async function scrollThrough(page: Page, stepMs = 60, maxSteps = 80): Promise<void> {
  for (const direction of [1, -1]) {
    for (let i = 0; i < maxSteps; i++) {
      const done = await page.evaluate((sign) => {
        const before = window.scrollY;
        window.scrollBy(0, sign * window.innerHeight * 0.9);
        // Two frames: the browser renders this scroll position (IntersectionObserver computes at rendering), even on
        // a busy machine that skips frames.
        return new Promise<boolean>((r) =>
          requestAnimationFrame(() => requestAnimationFrame(() => r(window.scrollY === before))),
        );
      }, direction);
      await new Promise((r) => setTimeout(r, stepMs));
      if (done) break;
    }
  }
}

/**
 * The page's links: absolute href and whether it is rendered where a reader can scroll to it (a box inside the
 * document's scrollable area: a link a page positions at -20,000 px to hide it is never seen, so never marked).
 */
export const pageLinks = (page: Page) =>
  page.evaluate(() => {
    const root = document.scrollingElement ?? document.documentElement;
    const [width, height] = [root.scrollWidth, root.scrollHeight];
    const reachable = (r: DOMRect) => {
      const top = r.top + window.scrollY;
      const left = r.left + window.scrollX;
      return top + r.height > 0 && top < height && left + r.width > 0 && left < width;
    };
    return [...document.querySelectorAll('a')].map((a) => ({
      href: a.href,
      rendered: [...a.getClientRects()].some(reachable),
    }));
  });

/** http(s) hrefs of `<a href>` in an HTML text, resolved against `pageUrl` (entities `&amp;` undone). */
function hrefsIn(html: string, pageUrl: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/<a\b[^>]*?\bhref\s*=\s*(?:"([^"]*)"|'([^']*)')/gi)) {
    const raw = (m[1] ?? m[2] ?? '').replace(/&amp;/g, '&').trim();
    try {
      const u = new URL(raw, pageUrl);
      if (u.protocol === 'http:' || u.protocol === 'https:') out.push(u.href);
    } catch {
      // not a URL
    }
  }
  return out;
}

/**
 * Up to `count` article links of a listing page (on its own site, at least two path segments deep), as the
 * canonical URLs a catalogue would hold, spread over the page (not only its top).
 */
export function articleLinksOf(html: string, pageUrl: string, count: number): string[] {
  const site = siteOf(pageUrl);
  const own = toCanonicalUrl(pageUrl);
  const seen = new Set<string>();
  for (const href of hrefsIn(html, pageUrl)) {
    const c = linkCanonical(href, own);
    if (!c || siteOf(c) !== site || new URL(c).pathname.split('/').filter(Boolean).length < 2) continue;
    seen.add(c);
  }
  const all = [...seen];
  const step = Math.max(1, Math.floor(all.length / count));
  return all.filter((_, i) => i % step === 0).slice(0, count);
}

/** A story of the test catalogue whose source is `url` (unique id and headline from `n`). */
export function storyFor(url: string, n: number): Story {
  return makeStory({
    id: `linked-${n}`,
    url: `https://prism.example/en/linked-${n}`,
    source: { url, publisher: 'Listing Test', title: `Linked article number ${n} that a listing page links to` },
    editions: {
      en: {
        title: `Analysis of linked article ${n}`,
        summary: 'An English summary.',
        body: ['First paragraph.'],
        insight: { title: 'PRISM Insight', body: ['An insight.'] },
        tags: ['Test'],
      },
      ko: { title: `연결된 기사 ${n} 분석`, summary: '한국어 요약입니다.', body: ['첫 문단입니다.'], tags: ['시험'] },
    },
  });
}

/** A saved Google-style results page, written for the tests and screenshots: redirect links (`/url?q=`) as Google writes them. */
export function searchPage(analysed: string, other: string): string {
  const wrap = (u: string) => `/url?q=${encodeURIComponent(u)}&amp;sa=U&amp;ved=2ahUKEwi&amp;usg=AOvVaw1`;
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>belarus - Google Search</title>
<style>body{font:14px arial,sans-serif;margin:20px 160px;max-width:650px} .g{margin:0 0 28px} .g h3{font-size:20px;margin:4px 0;font-weight:400} .g a{color:#1a0dab;text-decoration:none} cite{color:#006621;font-style:normal;font-size:14px} .s{color:#4d5156} :root{color-scheme:light dark} @media (prefers-color-scheme: dark){body{background:#202124;color:#bdc1c6} .g a{color:#8ab4f8} cite{color:#bdc1c6} .s{color:#bdc1c6}}</style>
</head><body><form action="/search"><input name="q" value="belarus" aria-label="Search"></form>
<div id="search">
<div class="g"><a href="${wrap(analysed)}"><h3>The analysed article, through Google's redirect</h3><cite>${new URL(analysed).host}</cite></a><div class="s">A result whose link goes through /url?q=.</div></div>
<div class="g"><a href="${wrap(other)}"><h3>Another article, not analysed</h3><cite>${new URL(other).host}</cite></a><div class="s">Nothing to mark here.</div></div>
<div class="g"><a href="${analysed}"><h3>The analysed article, linked directly</h3><cite>${new URL(analysed).host}</cite></a><div class="s">A direct link to the same article.</div></div>
<div class="g"><a href="/search?q=belarus+news&amp;tbm=nws"><h3>News results for belarus</h3></a></div>
</div></body></html>`;
}
