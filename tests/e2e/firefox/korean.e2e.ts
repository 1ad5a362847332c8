/**
 * Firefox in Korean (Debian's Korean language pack: `intl.locale.requested` = ko), dark: the extension's _locales
 * follow Firefox's language, so a Korean reader gets the Korean analysis first with Korean UI strings, in the
 * popup and in the sidebar, on a dark background.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { badgeText, openWebPage, showSidebar } from '../../../tools/browsers/firefox';
import type { Story } from '../../../utils/prism/schema';
import { TYPE_AUDIT, type TypeAudit } from '../legibility';
import { selectedEdition, testId, testIdText, waitForText } from './dom';
import {
  SEED,
  catalogueStory,
  openWithPopup,
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
  suite = await startFirefoxSuite({ locale: 'ko', colorScheme: 'dark' });
});
useFirefoxSuite(() => suite);

/** Relative luminance (0 black … 1 white) of a CSS `rgb(…)` colour. */
function luminance(rgb: string): number {
  const [r = 0, g = 0, b = 0] = (rgb.match(/\d+(\.\d+)?/g) ?? []).map(Number);
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
}

describe('a Korean reader in a dark Firefox', () => {
  it('gets the Korean analysis first, Korean UI strings, on a dark popup', async () => {
    const { popup, tabId } = await openWithPopup(suite, suite.sites.urlOf(`${SEED}.html`));
    await waitForText(popup, '[data-testid="edition-ko"] h2', seed.editions.ko!.title);
    expect(await selectedEdition(popup)).toBe('한국어');
    expect(await testIdText(popup, 'save-button')).toContain('저장');
    expect(await testIdText(popup, 'disclaimer')).toContain(seed.disclaimer.ko);
    const lang = await popup.evaluate(() => document.querySelector('.app')?.getAttribute('lang'));
    expect(lang).toBe('ko');
    const wordBreak = await popup.$eval('[data-testid="edition-ko"]', (el) => getComputedStyle(el).wordBreak);
    expect(wordBreak).toBe('keep-all');
    // Legible: no paragraph under 14 px, no text under 12 px; the Korean stack first for Korean text.
    const audit = (await popup.evaluate(TYPE_AUDIT)) as TypeAudit;
    expect(audit.checked).toBeGreaterThan(10);
    expect([...audit.small, ...audit.paragraphs]).toEqual([]);
    const family = await popup.$eval(
      '[data-testid="edition-ko"] .edition-summary',
      (el) => getComputedStyle(el).fontFamily,
    );
    expect(family.split(',')[0]?.trim().replace(/['"]/g, '')).toBe('Apple SD Gothic Neo');
    const background = await popup.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(luminance(background)).toBeLessThan(0.2);
    await waitForBadge(suite, tabId, '◆');
  });

  it('says a page is not news in Korean', async () => {
    const { popup, tabId } = await openWithPopup(suite, suite.sites.urlOf('not-news.html'));
    await testId(popup, 'state-not-news');
    expect(await testIdText(popup, 'state-not-news')).toContain('뉴스 기사가 아닌 것 같습니다');
    expect(await badgeText(suite.fx, tabId)).toBe('');
  });

  it('shows the sidebar in Korean too', async () => {
    const { page } = await openWebPage(suite.fx, suite.sites.urlOf(`${SEED}.html`));
    const sidebar = await showSidebar(suite.fx);
    await page.bringToFront();
    const korean = (t: string) => t.includes(seed.editions.ko!.title);
    await waitUntil(() => sidebar.text(), korean, 'the Korean analysis in the sidebar');
    expect(await sidebar.text()).toContain('저장');
    await sidebar.hide();
  });
});
