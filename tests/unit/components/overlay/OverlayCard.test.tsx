// @vitest-environment happy-dom
/**
 * The overlay's reading card page (components/overlay/OverlayCard.tsx) and the options page's overlay settings
 * (components/overlay/OverlaySettings.tsx), with the strings of locales/en.yml. The card asks the background which
 * tab it is in (the answer is mocked: the background's side is tests/unit/entrypoints/background/overlay.test.ts), shows the
 * popup's view of that tab, closes on Esc, keeps Tab inside, and sends the reader's choices to the background.
 */
import 'fake-indexeddb/auto';
import { resolve } from 'node:path';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { generateChromeMessages, parseMessagesFile } from '@wxt-dev/i18n/build';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { OverlayCard, trapTab } from '../../../../components/overlay/OverlayCard';
import { OverlaySettings } from '../../../../components/overlay/OverlaySettings';
import type { PageRequest, StoryAnswer } from '../../../../utils/messages';
import { makeStory } from '../../../fixtures/story';
import { deliverRuntimeMessage } from '../../support/runtime-message';

const story = makeStory({ id: 'seed-story' });
vi.mock('../../../../adapters/messaging', () => ({
  askBackground: async (message: PageRequest) =>
    message.type === 'prism:get-story'
      ? ({ ok: true, story: makeStory({ id: 'seed-story' }) } satisfies StoryAnswer)
      : undefined,
}));

const messages = generateChromeMessages(
  await parseMessagesFile(resolve(import.meta.dirname, '../../../../locales/en.yml')),
);
const en = (key: string, subs: string[] = []) =>
  messages[key]!.message.replace(/\$(\d)/g, (_, n: string) => subs[Number(n) - 1] ?? '');

let runtimeSent: unknown[];
let tabsSent: [number, unknown, unknown][];
beforeEach(async () => {
  fakeBrowser.reset();
  vi.spyOn(fakeBrowser.i18n, 'getMessage').mockImplementation((key: string, subs?: string | (string | number)[]) =>
    en(key, [subs ?? []].flat().map(String)),
  );
  runtimeSent = [];
  tabsSent = [];
  const saved = new Set<string>(); // the background's library
  vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation((async (message: {
    type: string;
    op?: string;
    id?: string;
  }) => {
    runtimeSent.push(message);
    if (message.type === 'prism:overlay-card') return { tabId: 7, state: tabState };
    if (message.type === 'prism:overlay-library') {
      if (message.op === 'save') saved.add(message.id!);
      if (message.op === 'unsave') saved.delete(message.id!);
      return { ok: true, saved: saved.has(message.id!) };
    }
    return true;
  }) as never);
  vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockImplementation((async (tabId: number, m: unknown, o: unknown) => {
    tabsSent.push([tabId, m, o]);
  }) as never);
});

/** The tab's state, as the background hands it to the card (the card reads no storage.session). */
const tabState = {
  status: 'found',
  storyId: story.id,
  page: { url: story.source.url, declared: [], titles: ['A'], publisher: null, lang: 'en' },
  match: { by: 'address', site: 'example-news.com', pageSite: 'example-news.com' },
  seq: 1,
  updatedAt: Date.now(),
};
afterEach(cleanup);

describe('the reading card', () => {
  it('shows the tab the background names, with the story, the disclaimer and the actions, as a labelled dialog', async () => {
    render(<OverlayCard />);
    expect(await screen.findByText(story.editions.en!.title)).toBeTruthy();
    expect(runtimeSent[0]).toEqual({ type: 'prism:overlay-card' });
    expect(screen.getByTestId('disclaimer').textContent).toContain(story.disclaimer.en);
    const dialog = screen.getByRole('dialog');
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(dialog.getAttribute('aria-labelledby')).toBe('overlay-card-title');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe(en('overlayPill'));
    expect(screen.getByTestId('open-side-panel')).toBeTruthy();
  });

  it('Save goes through the background', async () => {
    render(<OverlayCard />);
    const save = await screen.findByTestId('save-button');
    await waitFor(() => expect((save as HTMLButtonElement).disabled).toBe(false));
    fireEvent.click(save);
    await waitFor(() =>
      expect(runtimeSent).toContainEqual({ type: 'prism:overlay-library', op: 'save', id: story.id }),
    );
    await waitFor(() => expect(save.getAttribute('aria-pressed')).toBe('true'));
  });

  it("Esc and the close button ask the page's overlay (top frame of its tab) to close it", async () => {
    render(<OverlayCard />);
    await screen.findByText(story.editions.en!.title);
    fireEvent.keyDown(document, { key: 'Escape' });
    fireEvent.click(screen.getByTestId('card-close'));
    expect(tabsSent).toEqual([
      [7, { type: 'prism:overlay', command: 'close' }, { frameId: 0 }],
      [7, { type: 'prism:overlay', command: 'close' }, { frameId: 0 }],
    ]);
  });

  it('"Hide on this site" and "Pause" are in a header menu, and go to the background, which knows the site', async () => {
    render(<OverlayCard />);
    // Not on screen until the reader opens the menu.
    expect(screen.queryByTestId('card-hide-site')).toBeNull();
    const menu = await screen.findByTestId('card-menu');
    expect(menu.getAttribute('aria-expanded')).toBe('false');
    fireEvent.click(menu);
    expect(menu.getAttribute('aria-expanded')).toBe('true');
    fireEvent.click(screen.getByTestId('card-hide-site'));
    expect(screen.queryByTestId('card-hide-site')).toBeNull(); // a choice closes the menu
    fireEvent.click(menu);
    fireEvent.click(screen.getByTestId('card-snooze'));
    expect(runtimeSent).toContainEqual({ type: 'prism:overlay-action', action: 'hide-site' });
    expect(runtimeSent).toContainEqual({ type: 'prism:overlay-action', action: 'snooze' });
  });

  it('closes its menu on Esc without closing the card, focus back on the menu button', async () => {
    render(<OverlayCard />);
    const menu = await screen.findByTestId('card-menu');
    fireEvent.click(menu);
    fireEvent.keyDown(screen.getByTestId('card-snooze'), { key: 'Escape' });
    expect(screen.queryByTestId('card-snooze')).toBeNull();
    expect(document.activeElement).toBe(menu);
    expect(tabsSent.filter(([, m]) => (m as { command?: string }).command === 'close')).toEqual([]);
  });

  it("follows the tab's state as the background broadcasts it (only its own tab's)", async () => {
    render(<OverlayCard />);
    await screen.findByText(story.editions.en!.title);
    const none = { ...tabState, status: 'not-news', storyId: undefined, match: undefined };
    await deliverRuntimeMessage({ type: 'prism:overlay-card-state', tabId: 8, state: none }, {});
    expect(screen.getByText(story.editions.en!.title)).toBeTruthy();
    await deliverRuntimeMessage({ type: 'prism:overlay-card-state', tabId: 7, state: none }, {});
    expect(await screen.findByTestId('state-not-news')).toBeTruthy();
  });

  it('says so when it is in no tab', async () => {
    vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockResolvedValue({ tabId: null } as never);
    render(<OverlayCard />);
    expect(await screen.findByText(en('noTab'))).toBeTruthy();
  });
});

describe('trapTab', () => {
  function setup() {
    document.body.innerHTML =
      '<div id="r"><button id="a">a</button><a id="b" href="#x">b</a><button id="c">c</button><button hidden id="d">d</button></div>';
    const root = document.getElementById('r')!;
    // happy-dom has no layout: every element counts as rendered.
    for (const el of root.querySelectorAll('*'))
      (el as HTMLElement).getClientRects = () => [{}] as unknown as DOMRectList;
    return root;
  }
  const tab = (shiftKey = false) => new KeyboardEvent('keydown', { key: 'Tab', shiftKey, cancelable: true });

  it('wraps from the last control to the first, and back, and leaves the middle to the browser', () => {
    const root = setup();
    const [a, , c] = ['a', 'b', 'c'].map((id) => document.getElementById(id)!);
    let e = tab();
    trapTab(e, root, c!);
    expect(e.defaultPrevented).toBe(true);
    expect(document.activeElement).toBe(a);
    e = tab(true);
    trapTab(e, root, a!);
    expect(e.defaultPrevented).toBe(true);
    expect(document.activeElement).toBe(c);
    e = tab();
    trapTab(e, root, a!);
    expect(e.defaultPrevented).toBe(false);
    e = tab();
    trapTab(e, root, document.body); // focus nowhere inside: to the first
    expect(document.activeElement).toBe(a);
  });
});

describe('options: the overlay settings', () => {
  it('lists the hidden sites and removes one; shows the snooze with a way to end it; sets mode and corner', async () => {
    await fakeBrowser.storage.local.set({
      overlayHiddenSites: ['nytimes.com', 'scmp.com'],
      overlaySnoozedUntil: Date.now() + 86_400_000,
    });
    render(<OverlaySettings />);
    const list = await screen.findByTestId('hidden-sites');
    expect(list.textContent).toContain('nytimes.com');
    fireEvent.click(screen.getByRole('button', { name: en('optionsOverlayRemove', ['scmp.com']) }));
    await waitFor(async () =>
      expect((await fakeBrowser.storage.local.get('overlayHiddenSites')).overlayHiddenSites).toEqual(['nytimes.com']),
    );
    await waitFor(() =>
      expect(screen.queryByRole('button', { name: en('optionsOverlayRemove', ['scmp.com']) })).toBeNull(),
    );
    fireEvent.click(screen.getByRole('button', { name: en('optionsOverlayResume') }));
    await waitFor(async () =>
      expect((await fakeBrowser.storage.local.get('overlaySnoozedUntil')).overlaySnoozedUntil ?? null).toBeNull(),
    );
    fireEvent.change(screen.getByLabelText(en('optionsOverlayMode')), { target: { value: 'never' } });
    fireEvent.change(screen.getByLabelText(en('optionsOverlaySide')), { target: { value: 'left' } });
    await waitFor(async () =>
      expect(await fakeBrowser.storage.local.get(['overlayMode', 'overlaySide'])).toEqual({
        overlayMode: 'never',
        overlaySide: 'left',
      }),
    );
    fireEvent.click(screen.getByRole('button', { name: en('optionsOverlayRemove', ['nytimes.com']) }));
    expect(await screen.findByTestId('hidden-sites-none')).toBeTruthy();
  });
});
