/**
 * Firefox: a page cannot borrow another site's analysis (it declares a catalogue story's address, copies its
 * headline, and lives on a site of its own: no mark, and the popup does not present the analysis as the page's);
 * and visiting pages without a story sends the API nothing that depends on the page (two fresh browsers visiting
 * different such pages send the same requests, and no request carries anything of a page).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { badgeText } from '../../../tools/browsers/firefox';
import { hasTestId, testIdText } from './dom';
import { openWithPopup, startFirefoxSuite, useFirefoxSuite, type FirefoxSuite } from './suite';

/** The popup's answer once it has one: the `state-*` it shows, or `story` for an analysis presented. */
const SETTLED = ['possible', 'none', 'not-news', 'no-catalogue', 'offline', 'error']
  .map((s) => `[data-testid="state-${s}"]`)
  .concat('[data-testid="edition-en"]')
  .join(', ');

let suite: FirefoxSuite;
beforeAll(async () => {
  suite = await startFirefoxSuite();
});
useFirefoxSuite(() => suite);

describe.each([
  ['a page on another site declaring the story as its canonical', 'spoof-canonical.html'],
  ['a look-alike site declaring it through og:url and JSON-LD', 'spoof-lookalike.html'],
])('%s', (_name, file) => {
  it("gets no mark, and its popup does not present the analysis as this page's", async () => {
    const { popup, tabId } = await openWithPopup(suite, suite.sites.urlOf(file));
    await popup.waitForSelector(SETTLED, { visible: true, timeout: 15_000 });
    expect(await hasTestId(popup, 'edition-en')).toBe(false);
    expect(await hasTestId(popup, 'disclaimer')).toBe(false);
    expect(await badgeText(suite.fx, tabId)).toBe('');
    // A possible match, if shown, names the site the analysis is about.
    if (await hasTestId(popup, 'state-possible')) {
      expect(await testIdText(popup, 'state-possible')).toContain('scmp.com');
    }
  });
});

describe('privacy, in Firefox', () => {
  const others: FirefoxSuite[] = [];
  afterAll(() => Promise.all(others.map((s) => s.close())));

  /** A fresh browser visits `files` (pages without a story), opening the popup on each; its API requests. */
  async function requestsFor(files: string[]): Promise<string[]> {
    const fresh = await startFirefoxSuite();
    others.push(fresh);
    for (const file of files) {
      const { popup } = await openWithPopup(fresh, fresh.sites.urlOf(file));
      await popup.waitForSelector('[data-testid="state-none"], [data-testid="state-not-news"]', {
        visible: true,
        timeout: 20_000,
      });
    }
    expect(fresh.fx.output.takeExtensionErrors()).toEqual([]);
    return fresh.servers.apiRequests.map((line) => line.split(' ')[1] ?? line);
  }

  it('sends the API nothing that depends on the pages visited', async () => {
    const a = ['not-news.html', 'unanalysed-news.html'];
    const b = ['not-news-about.html', 'unanalysed-feature.html'];
    const [sentA, sentB] = [await requestsFor(a), await requestsFor(b)];
    // Whatever is asked (a key set, a catalogue), it is the same whichever pages the reader visits.
    expect([...new Set(sentA)].sort()).toEqual([...new Set(sentB)].sort());
    // And nothing of a page: its site, its path, a word of its headline.
    const sent = [...sentA, ...sentB].join(' ');
    for (const file of [...a, ...b]) {
      const url = new URL(suite.sites.urlOf(file));
      expect(sent).not.toContain(url.hostname);
      expect(sent).not.toContain(url.pathname.split('/').filter(Boolean).pop());
    }
    for (const word of ['tram', 'ferry', 'kimchi', 'garden']) expect(sent.toLowerCase()).not.toContain(word);
  });
});
