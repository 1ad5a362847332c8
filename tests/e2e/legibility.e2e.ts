/**
 * Legible, insight-first reading surfaces in real Chromium, in an English and a Korean browser: on the popup, the
 * side panel and the reading card, no paragraph under 14 px and no text under 12 px (computed), Korean in a Hangul
 * face (CDP `CSS.getPlatformFontsForNode`); the PRISM Insight in the popup's first screen for a story of eight body
 * paragraphs, in both editions; the edition tabs on one line in a 320 px side panel and in the card; the card's
 * settings in its header menu; no serious or critical axe violation, light and dark; and the popup's settings
 * control opening the options page.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Frame, Page } from 'playwright-core';
import { cardFrame, clickPart, partShown } from '../../tools/browsers/overlay-cdp';
import type { Story } from '../../utils/prism/schema';
import {
  ROOT,
  SEED,
  attachSidePanel,
  launchBrowser,
  openWithPopup,
  setApiBase,
  siteArgs,
  startServers,
  waitForKeySet,
  waitForTabStatus,
  waitUntil,
  type Browser,
  type Servers,
} from '../../tools/harness';
import { HANGUL_FACE, mainFace, TABS_ONE_LINE, TYPE_AUDIT, type TypeAudit } from './legibility';

const AXE = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
interface AxeResult {
  violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[];
}
const AXE_RUN = `axe.run(document, { resultTypes: ['violations'] }).then((r) => ({ violations: r.violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => ({ target: n.target })) })) }))`;
const serious = (r: AxeResult) => r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');

let servers: Servers;
let catalogueDir: string;
let seed: Story;

/** The seed story with eight body paragraphs in each edition (a long analysis), in a catalogue of its own. */
beforeAll(async () => {
  catalogueDir = await mkdtemp(join(tmpdir(), 'prism-long-'));
  await cp(join(ROOT, 'data/catalogue'), catalogueDir, { recursive: true });
  const file = join(catalogueDir, `${SEED}.json`);
  seed = JSON.parse(await readFile(file, 'utf8')) as Story;
  for (const edition of [seed.editions.en!, seed.editions.ko!]) {
    edition.body = Array.from({ length: 8 }, (_, i) => `${edition.body[i % edition.body.length]!} (${i + 1})`);
  }
  await writeFile(file, JSON.stringify(seed, null, 2));
  servers = await startServers(catalogueDir);
}, 60_000);
afterAll(async () => {
  await servers?.close();
  await rm(catalogueDir, { recursive: true, force: true });
});

function expectLegible(audit: TypeAudit, where: string) {
  expect(audit.checked, `${where}: text measured`).toBeGreaterThan(10);
  expect(audit.small, `${where}: text under 12 px`).toEqual([]);
  expect(audit.paragraphs, `${where}: paragraphs under 14 px`).toEqual([]);
}

/** The insight heading of the edition shown lies wholly inside the popup's first screen (nothing scrolled). */
async function insightInFirstScreen(popup: Page, lang: 'en' | 'ko') {
  const heading = popup.getByTestId(`edition-${lang}`).getByTestId('insight').getByRole('heading');
  await heading.waitFor();
  const box = (await heading.boundingBox())!;
  const scrolled = await popup.evaluate(() => document.querySelector('.scroll')?.scrollTop ?? -1);
  return { bottom: box.y + box.height, scrolled };
}

describe.each([
  ['English', 'en-US'],
  ['Korean', 'ko-KR'],
] as const)('in a %s browser', (_name, locale) => {
  const ko = locale === 'ko-KR';
  const first = ko ? 'ko' : 'en';
  const second = ko ? 'en' : 'ko';
  let b: Browser;
  beforeAll(async () => {
    b = await launchBrowser({ locale, args: siteArgs(servers.sites) });
    await setApiBase(b, servers.api.url);
    await waitForKeySet(b);
  }, 60_000);
  afterAll(() => b?.close());

  it('popup: the insight in the first screen in both editions; legible type; Korean in a Hangul face', async () => {
    const { popup } = await openWithPopup(b, servers.sites.urlOf(`${SEED}.html`));
    await popup.getByTestId(`edition-${first}`).waitFor({ timeout: 15_000 });
    expect(await popup.getByTestId(`edition-${first}`).locator('.edition-body p').count()).toBe(8);
    for (const lang of [first, second] as const) {
      await popup.getByRole('tab', { name: lang === 'ko' ? '한국어' : 'English' }).click();
      const { bottom, scrolled } = await insightInFirstScreen(popup, lang);
      expect(scrolled, `${lang}: not scrolled`).toBe(0);
      expect(bottom, `${lang}: the insight heading above the fold`).toBeLessThanOrEqual(600);
      expectLegible(await popup.evaluate<TypeAudit>(TYPE_AUDIT), `popup, ${lang} edition`);
      if (lang === 'ko') {
        const cdp = await b.ctx.newCDPSession(popup);
        const send = <T>(method: string, params?: object) => cdp.send(method as never, params as never) as T;
        expect(await mainFace(send, '[data-testid="edition-ko"] .edition-summary')).toMatch(HANGUL_FACE);
        expect(await mainFace(send, '[data-testid="edition-ko"] .edition-body p')).toMatch(HANGUL_FACE);
        await cdp.detach();
      }
    }
    await popup.getByRole('tab', { name: first === 'ko' ? '한국어' : 'English' }).click(); // as it was
  });

  it('side panel at 320 px: tabs on one line, legible type, Korean in a Hangul face, axe clean light and dark', async () => {
    const { page, popup } = await openWithPopup(b, servers.sites.urlOf(`${SEED}.html`));
    await popup.getByTestId('open-side-panel').click();
    const panel = await attachSidePanel(b);
    try {
      await page.bringToFront();
      await waitUntil(
        () => panel.text(),
        (t) => t.includes(seed.editions[first]!.title),
        'the story in the panel',
      );
      await panel.send('Emulation.setDeviceMetricsOverride', {
        width: 320,
        height: 700,
        deviceScaleFactor: 1,
        mobile: false,
      });
      const tabs = await panel.evaluate<{ count: number; oneLine: boolean; width: number }>(TABS_ONE_LINE);
      expect(tabs).toMatchObject({ count: 2, oneLine: true, width: 320 });
      expectLegible(await panel.evaluate<TypeAudit>(TYPE_AUDIT), 'side panel');
      // Nothing of the story under the action bar: the scroll area starts below it.
      const layout = await panel.evaluate<{ actionsBottom: number; scrollTop: number }>(
        `({ actionsBottom: document.querySelector('.actions').getBoundingClientRect().bottom, scrollTop: document.querySelector('.scroll').getBoundingClientRect().top })`,
      );
      expect(layout.scrollTop).toBeGreaterThanOrEqual(layout.actionsBottom);
      if (ko) expect(await mainFace(panel.send, '[data-testid="edition-ko"] .edition-summary')).toMatch(HANGUL_FACE);
      await panel.evaluate(await readFile(AXE, 'utf8'));
      for (const scheme of ['light', 'dark'] as const) {
        await panel.emulateColorScheme(scheme);
        expect(serious(await panel.evaluate<AxeResult>(AXE_RUN)), `side panel, ${scheme}`).toEqual([]);
      }
    } finally {
      await panel.detach();
      await page.close();
    }
  });

  it('card: tabs on one line, settings in a header menu, legible type, Hangul face, axe clean light and dark', async () => {
    const page = await b.ctx.newPage();
    await page.goto(servers.sites.urlOf(`${SEED}.html`));
    await waitUntil(() => partShown(page, 'pill'), Boolean, 'the pill');
    await clickPart(page, 'open');
    const card: Frame = await cardFrame(page);
    await card.getByTestId('disclaimer').waitFor({ timeout: 15_000 });
    const tabs = await card.evaluate(TABS_ONE_LINE);
    expect(tabs).toMatchObject({ count: 2, oneLine: true });
    expect((tabs as { labels: string[] }).labels).toEqual(ko ? ['한국어', 'English'] : ['English', '한국어']);
    // No always-visible settings bar: the choices are in the header's menu.
    expect(await card.getByTestId('card-hide-site').count()).toBe(0);
    expectLegible((await card.evaluate(TYPE_AUDIT)) as TypeAudit, 'card');
    if (ko) {
      const cdp = await b.ctx.newCDPSession(card);
      const send = <T>(method: string, params?: object) => cdp.send(method as never, params as never) as T;
      expect(await mainFace(send, '[data-testid="edition-ko"] .edition-summary')).toMatch(HANGUL_FACE);
      await cdp.detach();
    }
    await card.getByTestId('card-menu').click();
    await card.getByTestId('card-snooze').waitFor();
    expect(await card.getByTestId('card-snooze').textContent()).toBe(
      ko ? '모든 사이트에서 30일 동안 숨기기' : 'Pause on all sites for 30 days',
    );
    expectLegible((await card.evaluate(TYPE_AUDIT)) as TypeAudit, 'card with its menu open');
    await card.evaluate(await readFile(AXE, 'utf8'));
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      expect(serious((await card.evaluate(AXE_RUN)) as AxeResult), `card with its menu, ${scheme}`).toEqual([]);
    }
    await page.close();
  });
});

describe('settings', () => {
  it('one click from the popup: its settings control opens the options page', async () => {
    const b = await launchBrowser({ args: siteArgs(servers.sites) });
    try {
      await setApiBase(b, servers.api.url);
      await waitForKeySet(b);
      const { popup, tabId } = await openWithPopup(b, servers.sites.urlOf(`${SEED}.html`));
      await waitForTabStatus(b, tabId, ['found']);
      const settings = popup.getByRole('button', { name: 'Settings' });
      const [options] = await Promise.all([
        b.ctx.waitForEvent('page', { predicate: (p) => p.url().endsWith('/options.html'), timeout: 10_000 }),
        settings.click(),
      ]);
      expect(options.url()).toBe(`chrome-extension://${b.extensionId}/options.html`);
    } finally {
      await b.close();
    }
  });
});
