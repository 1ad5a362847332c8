/**
 * Firefox: the reading card on a page PRISM has analysed, opened the reader's way (a click on the pill in the
 * page's corner): legible type (no paragraph under 14 px, no text under 12 px, computed), the edition tabs on one
 * line, and its settings in a menu in its header, not on screen until asked for. The pill is in a closed shadow
 * root: it is clicked where it sits, 16 px from the corner. The card is the page's child frame (WebDriver BiDi
 * reports no navigation of extension pages, so the frame's URL is read inside it).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Frame } from 'puppeteer-core';
import { openWebPage } from '../../../tools/browsers/firefox';
import type { Story } from '../../../utils/prism/schema';
import { TABS_ONE_LINE, TYPE_AUDIT, type TypeAudit } from '../legibility';
import {
  SEED,
  catalogueStory,
  startFirefoxSuite,
  useFirefoxSuite,
  waitForBadge,
  waitUntil,
  type FirefoxSuite,
} from './suite';

let suite: FirefoxSuite;
let seed: Story;
beforeAll(async () => {
  seed = await catalogueStory(SEED);
  suite = await startFirefoxSuite();
});
useFirefoxSuite(() => suite);

/** The card's frame, once it shows the story. */
async function cardOf(frames: () => Frame[]): Promise<Frame> {
  let card: Frame | undefined;
  await waitUntil(
    async () => {
      for (const frame of frames()) {
        const title = await frame
          .evaluate(() =>
            location.pathname === '/overlay-card.html'
              ? (document.querySelector('[data-testid="edition-en"] h2')?.textContent ?? '')
              : null,
          )
          .catch(() => null);
        if (title !== null) {
          card = frame;
          return title;
        }
      }
      return null;
    },
    (title) => title === seed.editions.en!.title,
    'the story in the card',
    15_000,
  );
  return card!;
}

describe('the reading card, in Firefox', () => {
  it('opens from the pill: legible, tabs on one line, settings in its header menu', async () => {
    const { page, tabId } = await openWebPage(suite.fx, suite.sites.urlOf(`${SEED}.html`));
    await waitForBadge(suite, tabId, '◆');
    await page.setViewport({ width: 1280, height: 800 });
    await new Promise((r) => setTimeout(r, 1000)); // the pill mounted (after the mark)
    await page.mouse.click(1280 - 150, 800 - 36);
    const card = await cardOf(() => page.mainFrame().childFrames());

    const audit = (await card.evaluate(TYPE_AUDIT)) as TypeAudit;
    expect(audit.checked).toBeGreaterThan(10);
    expect([...audit.small, ...audit.paragraphs]).toEqual([]);
    expect(await card.evaluate(TABS_ONE_LINE)).toMatchObject({
      count: 2,
      oneLine: true,
      labels: ['English', '한국어'],
    });
    // The settings are in a menu in its header, not on screen until asked for.
    expect(await card.$('[data-testid="card-hide-site"]')).toBeNull();
    await (await card.$('[data-testid="card-menu"]'))!.click();
    await card.waitForSelector('[data-testid="card-snooze"]', { timeout: 5_000 });
    expect(await card.$eval('[data-testid="card-snooze"]', (el) => el.textContent)).toBe(
      'Pause on all sites for 30 days',
    );
    const withMenu = (await card.evaluate(TYPE_AUDIT)) as TypeAudit;
    expect([...withMenu.small, ...withMenu.paragraphs]).toEqual([]);
    await page.close();
  });
});
