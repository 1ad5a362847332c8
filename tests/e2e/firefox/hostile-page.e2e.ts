/**
 * Firefox: a page that defines custom elements first (the overlay's old host name among them) runs none of its
 * code on the overlay, and one that names elements after our globals and `browser` does not switch the content
 * script off: on both, the analysed article still gets its mark and its pill. (tests/e2e/hostile-page.e2e.ts is
 * the Chromium side, with the rest of docs/threat-model.md's web-page cases.)
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { NewsSite } from '../../../tools/servers/news-sites';
import { openWebPage } from '../../../tools/browsers/firefox-pages';
import { ROOT } from '../../../tools/harness';
import { SEED, startFirefoxSuite, useFirefoxSuite, waitForBadge, waitUntil, type FirefoxSuite } from './suite';

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
const CLOBBERS = `<img name="head"><img name="title"><div id="prism-lens.overlay"></div><div id="prism-lens.detect"></div>
  <form id="browser"><input name="runtime" id="x"><input name="sendMessage"><input name="getURL"></form>`;

const variant = (name: string, html: string, head: string, body: string): NewsSite => ({
  file: `${name}.html`,
  url: `http://www.scmp.com/hostile/${name}`,
  prefix: false,
  dir: '',
  body: () => html.replace('<head>', `<head>${head}`).replace('</body>', `${body}</body>`),
});

let suite: FirefoxSuite;
beforeAll(async () => {
  const html = await readFile(join(ROOT, `data/pages/${SEED}.html`), 'utf8');
  suite = await startFirefoxSuite({
    extraPages: [variant('defines', html, DEFINES, ''), variant('clobbers', html, '', CLOBBERS)],
  });
});
useFirefoxSuite(() => suite);

/** Whether the pill is drawn in the page's bottom-right corner (the page sees our host there, retargeted). */
const pillShown = (page: Awaited<ReturnType<typeof openWebPage>>['page']) =>
  page.evaluate(() => {
    const host = document.documentElement.lastElementChild;
    const hit = document.elementFromPoint(innerWidth - 40, innerHeight - 30);
    return host !== null && hit === host;
  });

describe('Firefox: a hostile page', () => {
  it('that defines custom elements first runs no code on the overlay, and the pill appears', async () => {
    const { page, tabId } = await openWebPage(suite.fx, suite.sites.urlOf('defines.html'));
    await waitForBadge(suite, tabId, '◆', 15_000);
    await waitUntil(() => pillShown(page), Boolean, 'the pill', 15_000);
    expect(await page.evaluate(() => (window as unknown as { __ran: string[] }).__ran)).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.lastElementChild?.tagName)).toBe('DIV');
    expect(await page.evaluate(() => document.documentElement.lastElementChild?.shadowRoot ?? null)).toBeNull();
  });

  it('that names elements after `browser` and our globals still gets its mark and its pill', async () => {
    const { page, tabId } = await openWebPage(suite.fx, suite.sites.urlOf('clobbers.html'));
    await waitForBadge(suite, tabId, '◆', 15_000);
    await waitUntil(() => pillShown(page), Boolean, 'the pill', 15_000);
  });
});
