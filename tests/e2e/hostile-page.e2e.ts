/**
 * What a web page can do to the extension, in real Chromium (docs/threat-model.md, "A web page"): make the
 * always-on content script work in proportion to its text (a 2 MB headline), run its own code on the overlay's host
 * element (by defining its name first), switch the content script off by DOM clobbering, and navigate the reading
 * card's frame to a page of its own. Each case is an analysed article (the seed story's own site) or a page of
 * ours with no story.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { cardFrame, clickPart, partShown } from '../../tools/browsers/overlay-cdp';
import { openMeasuredTab, scriptMs } from '../../tools/browsers/script-time';
import { startStaticServer, type RunningServer } from '../../tools/servers/static-server';
import type { NewsSite } from '../../tools/servers/news-sites';
import type { Story } from '../../utils/prism/schema';
import {
  ROOT,
  SEED,
  catalogueStory,
  startSuite,
  tabIdOf,
  waitForTabStatus,
  waitUntil,
  type Suite,
} from '../../tools/harness';

const SEED_URL =
  'http://www.scmp.com/news/world/russia-central-asia/article/3336790/belarus-woos-washington-prisoner-releases-lukashenko-hedges-against-moscow';
const seedHtml = () => readFile(join(ROOT, `data/pages/${SEED}.html`), 'utf8');

/** The seed article at another address of its own host (its og:url names the analysed one), more in <head>/<body>. */
function seedVariant(name: string, html: string, head: string, body = ''): NewsSite {
  return {
    file: `${name}.html`,
    url: `http://www.scmp.com/hostile/${name}`,
    prefix: false,
    dir: '',
    body: () => html.replace('<head>', `<head>${head}`).replace('</body>', `${body}</body>`),
  };
}

/** A page script that defines the overlay's old host name first, and records any constructor it ran. */
const DEFINES = `<script>
  window.__ran = [];
  for (const name of ['prism-lens-overlay', 'prism-lens-card', 'prism-overlay']) {
    customElements.define(name, class extends HTMLElement {
      constructor() { super(); window.__ran.push(name); this.attachShadow({ mode: 'open' }); }
    });
  }
  const attach = Element.prototype.attachShadow;
  Element.prototype.attachShadow = function (init) { window.__ran.push('attachShadow'); return attach.call(this, init); };
</script>`;
/** Elements whose names and ids take globals and document properties the content script reads. */
const CLOBBERS = `<img name="head"><img name="title">`;
const CLOBBER_BODY = `<div id="prism-lens.overlay"></div><div id="prism-lens.detect"></div>
  <form id="browser"><input name="runtime" id="x"><input name="sendMessage"><input name="getURL"></form>`;
/** The other name (Chromium then defines no `chrome` in the content script's world: it uses `browser`). */
const CLOBBER_CHROME = `<form id="chrome"><input name="runtime" id="y"></form>`;

let suite: Suite;
let seed: Story;

beforeAll(async () => {
  seed = await catalogueStory(SEED);
  const html = await seedHtml();
  suite = await startSuite({
    extraPages: [
      seedVariant('defines', html, DEFINES),
      seedVariant('clobbers', html, '', CLOBBERS + CLOBBER_BODY),
      seedVariant('clobbers-chrome', html, '', CLOBBER_CHROME),
      seedVariant('plain', html, ''),
      // A day of mourning on a Korean portal (or Dark Reader's filter mode): the whole page in grey.
      seedVariant('mourning', html, '<style>html { filter: grayscale(1) }</style>'),
    ],
  });
});
afterAll(() => suite?.close());

async function openAnalysed(name: string): Promise<Page> {
  const page = await suite.browser.ctx.newPage();
  await page.goto(`${SEED_URL.replace(/\/news\/.*/, '')}/hostile/${name}`);
  const tabId = await tabIdOf(suite.browser, page.url());
  await waitForTabStatus(suite.browser, tabId, ['found'], 15_000);
  await waitUntil(() => partShown(page, 'pill'), Boolean, 'the pill', 15_000);
  return page;
}

describe('a page that defines custom elements first', () => {
  it('runs none of its code on the overlay, and the pill appears', async () => {
    const page = await openAnalysed('defines');
    // The page's world: no constructor of its ran, and its patched attachShadow was never called (ours runs in the
    // isolated world); the host is a plain element the page cannot define.
    expect(await page.evaluate(() => (window as unknown as { __ran: string[] }).__ran)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.lastElementChild?.tagName)).toBe('DIV');
    expect(await page.evaluate(() => document.documentElement.lastElementChild?.shadowRoot ?? null)).toBeNull();
    await clickPart(page, 'open');
    const card = await cardFrame(page);
    await card.getByRole('heading', { name: seed.editions.en!.title }).waitFor({ timeout: 15_000 });
    await page.close();
  });
});

describe('DOM clobbering', () => {
  it('of `browser`, our globals, document.head and document.title does not switch the content script off', async () => {
    const page = await openAnalysed('clobbers');
    // The page's elements really took the names (in its own world at least).
    expect(await page.evaluate(() => (document as unknown as { head: Element }).head.tagName)).toBe('IMG');
    await clickPart(page, 'open');
    const card = await cardFrame(page);
    await card.getByRole('heading', { name: seed.editions.en!.title }).waitFor({ timeout: 15_000 });
    await page.close();
  });

  it('of `chrome` does not either', async () => {
    const page = await openAnalysed('clobbers-chrome');
    await clickPart(page, 'open');
    const card = await cardFrame(page);
    await card.getByRole('heading', { name: seed.editions.en!.title }).waitFor({ timeout: 15_000 });
    await page.close();
  });
});

describe('a compromised renderer', () => {
  it("cannot read or write the extension's storage from the content script's world", async () => {
    const page = await openAnalysed('plain');
    const cdp = await suite.browser.ctx.newCDPSession(page);
    const worlds: { id: number; name: string; auxData?: { type?: string; frameId?: string } }[] = [];
    cdp.on('Runtime.executionContextCreated', (e: { context: (typeof worlds)[number] }) => worlds.push(e.context));
    await cdp.send('Runtime.enable'); // reports the contexts that exist now
    const ours = worlds.find((w) => w.auxData?.type === 'isolated' && w.name === 'PRISM Lens');
    expect(ours, 'the content script world').toBeTruthy();
    const attempt = async (expression: string) =>
      (
        (await cdp.send('Runtime.evaluate', {
          contextId: ours!.id,
          expression,
          awaitPromise: true,
          returnByValue: true,
        })) as {
          result: { value?: unknown };
        }
      ).result.value;
    // What code running in that world (a renderer the page took over runs anything there) gets.
    const read = (area: string) =>
      attempt(
        `chrome.storage.${area}.get(null).then((v) => 'read ' + Object.keys(v).length, (e) => 'refused: ' + e.message)`,
      );
    expect(await read('local')).toMatch(/^refused/);
    expect(await read('session')).toMatch(/^refused/);
    expect(
      await attempt(
        `chrome.storage.local.set({ overlayHiddenSites: ['x.example'] }).then(() => 'written', (e) => 'refused: ' + e.message)`,
      ),
    ).toMatch(/^refused/);
    await page.close();
  });
});

describe('the card frame', () => {
  it('navigated away by the page, is replaced by ours', async () => {
    const page = await openAnalysed('plain');
    await clickPart(page, 'open');
    const card = await cardFrame(page);
    await card.getByRole('heading', { name: seed.editions.en!.title }).waitFor({ timeout: 15_000 });
    // Chromium does not count frames in shadow trees (window.length is 0: the page cannot reach this one through
    // window.frames); Firefox did. The frame is sent to another page as a page that reached it would.
    expect(await page.evaluate(() => window.length)).toBe(0);
    let taken = false;
    page.on('framenavigated', (f) => (taken ||= f.url().startsWith('http://evil.example/')));
    void card.goto('http://evil.example/phish').catch(() => undefined);
    await waitUntil(async () => taken, Boolean, 'the page to take the frame');
    // Ours comes back, showing the story, and the page's frame is gone.
    await waitUntil(
      async () => page.frames().filter((f) => f.url().startsWith('chrome-extension://')).length === 1,
      (v) => v,
      'our card back',
    );
    const back = await cardFrame(page);
    await back.getByRole('heading', { name: seed.editions.en!.title }).waitFor({ timeout: 15_000 });
    expect(page.frames().some((f) => f.url().startsWith('http://evil.example/'))).toBe(false);
    expect(await partShown(page, 'card')).toBe(true);
    await page.close();
  });

  it('covered by a decoy that lets clicks fall through, takes no click until it is uncovered', async () => {
    const page = await openAnalysed('plain');
    await clickPart(page, 'open');
    const card = await cardFrame(page);
    const save = card.getByTestId('save-button');
    await save.waitFor({ timeout: 15_000 });
    await card.evaluate(() => {
      const w = window as unknown as { __clicks: number };
      w.__clicks = 0;
      document.addEventListener('click', () => (w.__clicks += 1), true);
    });
    const clicks = () => card.evaluate(() => (window as unknown as { __clicks: number }).__clicks);
    const box = (await save.boundingBox())!;
    // The page's decoy: above everything (the same z-index, later in the tree), clicks pass through it.
    await page.evaluate(() => {
      const decoy = document.createElement('div');
      decoy.id = 'decoy';
      decoy.textContent = 'Click here to win';
      decoy.style.cssText =
        'position:fixed;inset:0;z-index:2147483647;pointer-events:none;background:rgba(255,255,255,0.02)';
      document.documentElement.append(decoy);
    });
    await new Promise((r) => setTimeout(r, 600)); // the observer's delay, and a frame or two
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await new Promise((r) => setTimeout(r, 300));
    expect(await clicks()).toBe(0);
    // Uncovered, the card takes clicks again.
    await page.evaluate(() => document.getElementById('decoy')!.remove());
    await waitUntil(
      async () => {
        await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
        return clicks();
      },
      (n) => n > 0,
      'a click on the uncovered card',
    );
    await page.close();
  });

  it("stays usable on a page in grey (a filter on <html>): the card's Save saves", async () => {
    const page = await openAnalysed('mourning');
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).filter)).toBe('grayscale(1)');
    await clickPart(page, 'open');
    const card = await cardFrame(page);
    const save = card.getByTestId('save-button');
    await save.waitFor({ timeout: 15_000 });
    await waitUntil(async () => save.isEnabled(), Boolean, 'the Save button ready');
    await new Promise((r) => setTimeout(r, 600)); // the observer's delay, and a frame or two
    const box = (await save.boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await waitUntil(
      async () => save.getAttribute('aria-pressed'),
      (v) => v === 'true',
      'the story saved',
      5000,
    );
    await page.close();
  });
});

describe('the content script on a page with a 2 MB headline', () => {
  let dir: string;
  let server: RunningServer;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'prism-long-title-'));
    const page = (headline: string) =>
      `<!doctype html><html><head><meta charset="utf-8"><title>${headline}</title>` +
      `<meta property="og:title" content="${headline}"><meta property="og:site_name" content="${headline}">` +
      `</head><body><h1>A page</h1><p>Text.</p></body></html>`;
    // Whitespace-rich, the dearest kind to normalise: 2 MB in each of the three texts the content script reads.
    const long = 'Belarus  \t woos \n Washington '.repeat(Math.ceil((2 * 1024 * 1024) / 28)).slice(0, 2 * 1024 * 1024);
    await writeFile(join(dir, 'short.html'), page('Belarus woos Washington with prisoner releases'));
    await writeFile(join(dir, 'long.html'), page(long));
    server = await startStaticServer({ root: dir });
  });
  afterAll(async () => {
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('costs the page less than 10 ms more script time than a short headline', async () => {
    const { page, cdp } = await openMeasuredTab(suite.browser, server.url);
    const times: Record<string, number[]> = { short: [], long: [] };
    for (let round = 0; round < 5; round++) {
      for (const name of ['short', 'long']) {
        await page.goto(`${server.url}/${name}.html`);
        await new Promise((r) => setTimeout(r, 400)); // the report is sent at document_idle
        times[name]!.push(await scriptMs(cdp));
      }
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const extra = median(times.long!) - median(times.short!);
    console.log(
      `script time, medians: short ${median(times.short!).toFixed(2)} ms, long ${median(times.long!).toFixed(2)} ms`,
    );
    expect(extra).toBeLessThan(10);
    await page.close();
  });
});
