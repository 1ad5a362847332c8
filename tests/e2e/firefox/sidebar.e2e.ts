/**
 * Firefox: the real sidebar (`sidebar_action`), opened the reader's way (the popup's side-panel button), follows
 * the active tab without being reopened: switching tabs, and navigating the active tab.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { openPopup, openWebPage, sidebarHandle, sidebarLoaded } from '../../../tools/browsers/firefox';
import type { Story } from '../../../utils/prism/schema';
import { TYPE_AUDIT_OF, type TypeAudit } from '../legibility';
import { testId } from './dom';
import { SEED, catalogueStory, startFirefoxSuite, useFirefoxSuite, waitUntil, type FirefoxSuite } from './suite';

const OTHER = 'ustr-china-chip-policy-tariff';
let suite: FirefoxSuite;
let seed: Story;
let other: Story;
beforeAll(async () => {
  [seed, other] = await Promise.all([catalogueStory(SEED), catalogueStory(OTHER)]);
  suite = await startFirefoxSuite();
});
useFirefoxSuite(() => suite);

describe('the sidebar, in Firefox', () => {
  it('opens from the popup and follows the active tab', async () => {
    const { fx, sites } = suite;
    const a = await openWebPage(fx, sites.urlOf(`${SEED}.html`));
    const popup = await openPopup(fx, a.tabId);
    await (await testId(popup, 'open-side-panel')).click();
    await waitUntil(() => sidebarLoaded(fx), Boolean, 'the sidebar to open');
    const sidebar = sidebarHandle(fx);
    const shows = (title: string, what: string) =>
      waitUntil(
        () => sidebar.text(),
        (t) => t.includes(title),
        what,
      );

    await a.page.bringToFront();
    await shows(seed.editions.en!.title, 'the seed story in the sidebar');
    expect(await sidebar.has('disclaimer')).toBe(true);
    // Legible in Firefox's sidebar: no paragraph under 14 px, no text under 12 px (computed).
    const audit = await sidebar.evaluateOn<TypeAudit>(TYPE_AUDIT_OF);
    expect(audit.checked).toBeGreaterThan(10);
    expect([...audit.small, ...audit.paragraphs]).toEqual([]);

    const b = await openWebPage(fx, sites.urlOf(`${OTHER}.html`));
    await shows(other.editions.en!.title, 'the other story after switching tabs');

    await a.page.bringToFront();
    await shows(seed.editions.en!.title, 'the seed story after switching back');

    await a.page.goto(sites.urlOf('not-news.html'));
    await shows('does not look like a news article', 'the not-news state after navigating');

    await b.page.bringToFront();
    await shows(other.editions.en!.title, 'the other story again');
    await sidebar.hide();
  });
});
