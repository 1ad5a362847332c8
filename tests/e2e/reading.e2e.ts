/**
 * The reading experience in real Chromium: the side panel following the active tab, the edition preference,
 * every state of the popup, saving, the Korean UI, and accessibility (axe-core).
 */
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { Story } from '../../utils/prism/schema';
import {
  SEED,
  catalogueStory,
  attachSidePanel,
  launchBrowser,
  openPopupPage,
  openWithPopup,
  setApiBase,
  siteArgs,
  waitForKeySet,
  startServers,
  tabIdOf,
  waitUntil,
  type Browser,
} from '../../tools/harness';

const story = catalogueStory;
const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const OTHER = 'ustr-china-chip-policy-tariff';

interface AxeResult {
  violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[];
}
const AXE_RUN = `axe.run(document, { resultTypes: ['violations'] }).then((r) => ({ violations: r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => ({ target: n.target })) })) }))`;
const serious = (r: AxeResult) => r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');

let servers: Awaited<ReturnType<typeof startServers>>;
let browser: Browser;
let seed: Story;
let other: Story;

beforeAll(async () => {
  [seed, other] = await Promise.all([story(SEED), story(OTHER)]);
  servers = await startServers();
  browser = await launchBrowser({ args: siteArgs(servers.sites) });
  await setApiBase(browser, servers.api.url);
  await waitForKeySet(browser);
});
afterAll(async () => {
  await browser?.close();
  await servers?.close();
});

describe('side panel', () => {
  it('follows the active tab without being reopened', async () => {
    const a = await browser.ctx.newPage();
    await a.goto(servers.sites.urlOf(`${SEED}.html`));
    const tabA = await tabIdOf(browser, a.url());
    const popup = await openPopupPage(browser.ctx, browser.extensionId, tabA);
    await popup.getByTestId('open-side-panel').click();
    const panel = await attachSidePanel(browser);
    try {
      await a.bringToFront();
      await waitUntil(
        () => panel.text(),
        (t) => t.includes(seed.editions.en!.title),
        'the seed story in the panel',
      );

      const b = await browser.ctx.newPage();
      await b.goto(servers.sites.urlOf(`${OTHER}.html`));
      await b.bringToFront();
      await waitUntil(
        () => panel.text(),
        (t) => t.includes(other.editions.en!.title),
        'the other story after a switch',
      );

      await a.bringToFront();
      await waitUntil(
        () => panel.text(),
        (t) => t.includes(seed.editions.en!.title),
        'the seed story after switching back',
      );

      // Navigating the active tab updates the panel too.
      await a.goto(servers.sites.urlOf('not-news.html'));
      await waitUntil(
        () => panel.text(),
        (t) => t.includes('does not look like a news article'),
        'the not-news state',
      );

      await panel.evaluate(await readFile(AXE, 'utf8'));
      await a.goBack();
      await waitUntil(
        () => panel.text(),
        (t) => t.includes(seed.editions.en!.title),
        'the story after going back',
      );
      const result = await panel.evaluate<AxeResult>(AXE_RUN);
      expect(serious(result)).toEqual([]);
    } finally {
      await panel.detach();
    }
  });
});

describe('popup', () => {
  async function selectedTab(popup: Page) {
    return popup.getByRole('tab', { selected: true }).textContent();
  }

  it('remembers the edition the reader chose across openings', async () => {
    const { popup, tabId } = await openWithPopup(browser, servers.sites.urlOf(`${SEED}.html`));
    await popup.getByTestId('edition-en').waitFor({ timeout: 15_000 });
    expect(await selectedTab(popup)).toMatch(/English/);
    await popup.getByRole('tab', { name: '한국어' }).click();
    await popup.getByTestId('edition-ko').waitFor();
    await popup.close();

    const again = await openPopupPage(browser.ctx, browser.extensionId, tabId);
    await again.getByTestId('edition-ko').waitFor({ timeout: 15_000 });
    expect(await selectedTab(again)).toBe('한국어');
    expect(await again.getByTestId('disclaimer').textContent()).toContain(seed.disclaimer.ko);
    // Keyboard: arrow keys move between the edition tabs.
    await again.getByRole('tab', { selected: true }).focus();
    await again.keyboard.press('ArrowRight');
    await again.getByTestId('edition-en').waitFor();
    expect(await selectedTab(again)).toMatch(/English/);
  });

  it('saves and unsaves, and the saved state survives reopening', async () => {
    const { popup, tabId } = await openWithPopup(browser, servers.sites.urlOf(`${SEED}.html`));
    const save = popup.getByTestId('save-button');
    await save.waitFor({ timeout: 15_000 });
    await waitUntil(() => save.isEnabled(), Boolean, 'the save button to be ready');
    expect(await save.getAttribute('aria-pressed')).toBe('false');
    await save.click();
    await waitUntil(
      () => save.getAttribute('aria-pressed'),
      (v) => v === 'true',
      'saved',
    );
    expect((await save.textContent())?.trim()).toMatch(/Saved$/);
    await popup.close();

    const again = await openPopupPage(browser.ctx, browser.extensionId, tabId);
    const save2 = again.getByTestId('save-button');
    await waitUntil(
      () => save2.getAttribute('aria-pressed'),
      (v) => v === 'true',
      'still saved after reopening',
    );
    await save2.click();
    await waitUntil(
      () => save2.getAttribute('aria-pressed'),
      (v) => v === 'false',
      'unsaved',
    );
  });

  it('copies the story as Markdown (its exporter loaded on the click)', async () => {
    const page = await browser.ctx.newPage();
    await page.goto(servers.sites.urlOf(`${SEED}.html`));
    const popup = await browser.ctx.newPage();
    // Headless Chromium has no clipboard to read back: the popup's writes are kept where the test can read them.
    await popup.addInitScript(`navigator.clipboard.writeText = async (text) => { window.__copied = text; };`);
    await popup.setViewportSize({ width: 400, height: 600 });
    await popup.goto(`chrome-extension://${browser.extensionId}/popup.html?tab=${await tabIdOf(browser, page.url())}`);
    await popup.getByTestId('disclaimer').waitFor({ timeout: 15_000 });
    await popup.getByRole('button', { name: 'Copy Markdown' }).click();
    await popup.getByText('Copied as Markdown.').waitFor();
    const text = await popup.evaluate(() => (window as unknown as { __copied: string }).__copied);
    expect(text).toContain(`# ${seed.editions.en!.title}`);
    expect(text).toContain(seed.disclaimer.en);
    await Promise.all([popup.close(), page.close()]);
  });

  it('shows a loading skeleton while the API answers slowly, then the story', async () => {
    const slow = await startServers(undefined, (path) => (path.startsWith('/v2/stories/') ? 2500 : 0));
    await setApiBase(browser, slow.api.url);
    await waitForKeySet(browser);
    try {
      const { popup } = await openWithPopup(browser, servers.sites.urlOf('trump-greenland-envoy-denmark.html'));
      await popup.getByTestId('state-loading').waitFor({ timeout: 5_000 });
      await popup.getByTestId('disclaimer').waitFor({ timeout: 20_000 });
      expect(await popup.getByTestId('state-loading').count()).toBe(0);
    } finally {
      await setApiBase(browser, servers.api.url);
      await waitForKeySet(browser);
      await slow.close();
    }
  });

  it('shows an error with a retry for a malformed story, and recovers', async () => {
    const broken = await startServers();
    const file = join(broken.apiDir, 'v2/stories/aleppo-clashes-government-sdf.json');
    const good = await readFile(file, 'utf8');
    await writeFile(file, '{"v":1,"id":"aleppo-clashes-government-sdf","editions":{}}');
    await setApiBase(browser, broken.api.url);
    await waitForKeySet(browser);
    try {
      const { popup } = await openWithPopup(browser, servers.sites.urlOf('aleppo-clashes-government-sdf.html'));
      const error = popup.getByTestId('state-error');
      await error.waitFor({ timeout: 15_000 });
      expect(await error.getByRole('heading').textContent()).toBe('PRISM sent an answer PRISM Lens cannot read');
      // The cause, for a bug report, under the closed "Details".
      expect(await error.locator('details').textContent()).toMatch(
        /PRISM sent a story this version cannot read \(url: .*and \d+ more\)/,
      );
      await writeFile(file, good);
      await popup.getByRole('button', { name: 'Try again' }).click();
      await popup.getByTestId('disclaimer').waitFor({ timeout: 15_000 });
    } finally {
      await setApiBase(browser, servers.api.url);
      await waitForKeySet(browser);
      await broken.close();
    }
  });

  it('has no serious or critical accessibility violations (axe-core)', async () => {
    const { popup } = await openWithPopup(browser, servers.sites.urlOf(`${SEED}.html`));
    await popup.getByTestId('disclaimer').waitFor({ timeout: 15_000 });
    await popup.evaluate(await readFile(AXE, 'utf8'));
    const result = (await popup.evaluate(AXE_RUN)) as AxeResult;
    expect(serious(result)).toEqual([]);
    // Dark theme too (contrast differs).
    await popup.emulateMedia({ colorScheme: 'dark' });
    expect(serious((await popup.evaluate(AXE_RUN)) as AxeResult)).toEqual([]);
  });
});

describe('interface language', () => {
  it('can be overridden by the reader on the options page', async () => {
    const options = await browser.ctx.newPage();
    await options.goto(`chrome-extension://${browser.extensionId}/options.html`);
    await options.getByLabel('Interface language').selectOption('ko');
    await options.getByLabel('화면 언어').waitFor(); // the page reloads in Korean
    try {
      const { popup } = await openWithPopup(browser, servers.sites.urlOf(`${SEED}.html`));
      await popup.getByTestId('save-button').waitFor({ timeout: 15_000 });
      expect(await popup.getByTestId('save-button').textContent()).toContain('저장');
      expect(await popup.getByRole('tab', { name: '한국어' }).count()).toBe(1);
      expect(await popup.evaluate(() => document.documentElement.lang)).toBe('ko');
    } finally {
      await options.getByLabel('화면 언어').selectOption('auto');
      await options.getByLabel('Interface language').waitFor();
    }
  });
});

describe('Korean browser', () => {
  let ko: Browser;
  beforeAll(async () => {
    ko = await launchBrowser({ locale: 'ko-KR', args: siteArgs(servers.sites) });
    await setApiBase(ko, servers.api.url);
    await waitForKeySet(ko);
  });
  afterAll(() => ko?.close());

  it('shows the Korean analysis first, with Korean UI strings', async () => {
    const { popup } = await openWithPopup(ko, servers.sites.urlOf(`${SEED}.html`));
    await popup.getByTestId('edition-ko').waitFor({ timeout: 15_000 });
    expect(await popup.getByRole('tab', { selected: true }).textContent()).toBe('한국어');
    // The reader's language first, and the category and insight label in Korean.
    expect(await popup.getByRole('tab').allTextContents()).toEqual(['한국어', 'English']);
    expect(await popup.getByTestId('edition-ko').getByTestId('story-meta').textContent()).toContain(' · 정치 · ');
    expect(await popup.getByTestId('edition-ko').getByRole('heading', { name: 'PRISM 인사이트' }).count()).toBe(1);
    expect(await popup.getByTestId('save-button').textContent()).toContain('저장');
    expect(await popup.getByTestId('disclaimer').textContent()).toContain(seed.disclaimer.ko);
    const wordBreak = await popup.getByTestId('edition-ko').evaluate((el) => getComputedStyle(el).wordBreak);
    expect(wordBreak).toBe('keep-all');
  });

  it('says a page is not news in Korean', async () => {
    const { popup } = await openWithPopup(ko, servers.sites.urlOf('not-news.html'));
    await popup.getByTestId('state-not-news').waitFor({ timeout: 15_000 });
    expect(await popup.getByTestId('state-not-news').textContent()).toContain('뉴스 기사가 아닌 것 같습니다');
  });
});
