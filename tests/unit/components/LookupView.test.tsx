// @vitest-environment happy-dom
/**
 * What the popup and side panel show for a lookup (components/LookupView.tsx), in English, with the strings of
 * locales/en.yml (read and compiled by WXT's i18n build code, served through the fake browser's i18n.getMessage,
 * which the extension's `t` calls). The story is asked of the background through the messaging module, mocked
 * here, so the tests see exactly when the story is requested: never before the reader asks for a possible match.
 */
import 'fake-indexeddb/auto';
import { resolve } from 'node:path';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/preact';
import { generateChromeMessages, parseMessagesFile } from '@wxt-dev/i18n/build';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { PopupApp, popupTabId } from '../../../components/App';
import { primeTabView, prime, takePrimed } from '../../../components/first-reads';
import { LookupView } from '../../../components/LookupView';
import { localLibrary, SavedLibraryContext, type SavedLibrary } from '../../../components/saved-library';
import { storage } from 'wxt/utils/storage';
import type { PageRequest, StoryAnswer } from '../../../utils/messages';
import type { PageReport, TabState } from '../../../utils/tab-state';
import { makeStory } from '../../fixtures/story';

const messaging = vi.hoisted(() => ({
  answer: null as StoryAnswer | null,
  calls: [] as [string, unknown][],
  delayMs: 0,
  /** The background does not answer the tab's view (a rejected message). */
  viewFails: false,
}));
vi.mock('../../../adapters/messaging', () => ({
  askBackground: async (message: PageRequest) => {
    const { type, ...data } = message;
    messaging.calls.push([type, 'id' in data ? data.id : 'tabId' in data ? data.tabId : data]);
    const storyAnswer = async () => {
      if (messaging.delayMs) await new Promise((r) => setTimeout(r, messaging.delayMs));
      return messaging.answer ?? { ok: false, kind: 'offline', message: 'offline' };
    };
    if (message.type === 'prism:get-story') return storyAnswer();
    if (message.type !== 'prism:tab-view') return undefined;
    // The background's answer: the tab's state from storage.session and, for a confirmed match, its story.
    if (messaging.viewFails) throw new Error('Could not establish connection. Receiving end does not exist.');
    const s = await storage.getItem<TabState>(`session:tab:${message.tabId}`);
    return s?.status === 'found' && s.storyId ? { state: s, story: await storyAnswer() } : { state: s };
  },
}));

// The library module (Dexie), which a failed lookup reads for a saved copy of its page, loaded once before the
// tests: its first cold import can outlast a test's wait on a busy machine.
await import('../../../adapters/saved-library-local');

const catalogues = {
  en: generateChromeMessages(await parseMessagesFile(resolve(import.meta.dirname, '../../../locales/en.yml'))),
  ko: generateChromeMessages(await parseMessagesFile(resolve(import.meta.dirname, '../../../locales/ko.yml'))),
};
/** The locale's message, with its $1… filled in, as the browser's i18n.getMessage does. */
function message(locale: 'en' | 'ko', key: string, subs: string[] = []): string {
  const m = catalogues[locale][key]?.message;
  if (m === undefined) throw new Error(`no message ${key} in ${locale}.yml`);
  return m.replace(/\$(\d)/g, (_, n: string) => subs[Number(n) - 1] ?? '');
}
const en = (key: string, subs: string[] = []) => message('en', key, subs);
/** The browser's UI language for the test's strings. */
const speak = (locale: 'en' | 'ko') =>
  vi
    .spyOn(fakeBrowser.i18n, 'getMessage')
    .mockImplementation((key: string, subs?: string | (string | number)[]) =>
      message(locale, key, [subs ?? []].flat().map(String)),
    );

const story = makeStory({
  id: 'belarus-pivot',
  source: {
    url: 'https://www.scmp.com/news/china/article/3300000/belarus-frees-prisoners',
    publisher: 'South China Morning Post',
    title: 'Belarus frees 123 prisoners as US lifts potash sanctions',
  },
});
const storyTitle = story.editions.en!.title;

const page = (over: Partial<PageReport> = {}): PageReport => ({
  url: 'http://127.0.0.1:8000/story.html',
  declared: [story.source.url],
  titles: ['Belarus frees 123 prisoners'],
  publisher: null,
  lang: 'en',
  ...over,
});
const state = (over: Partial<TabState>): TabState => ({
  status: 'none',
  page: page(),
  seq: 1,
  updatedAt: Date.now(),
  ...over,
});
const storyRequests = () => messaging.calls.filter(([type]) => type === 'prism:get-story');
const viewRequests = () => messaging.calls.filter(([type]) => type === 'prism:tab-view');

function view(s: TabState, props: { examine?: () => void; recheck?: () => void } = {}) {
  const recheck = props.recheck ?? vi.fn();
  const result = render(<LookupView state={s} recheck={recheck} examine={props.examine} tabId={7} inPopup />);
  return {
    ...result,
    recheck,
    again: (next: TabState) =>
      result.rerender(<LookupView state={next} recheck={recheck} examine={props.examine} tabId={7} inPopup />),
  };
}

beforeEach(() => {
  fakeBrowser.reset();
  speak('en');
  messaging.answer = { ok: true, story };
  messaging.calls.length = 0;
  messaging.delayMs = 0;
  messaging.viewFails = false;
});
afterEach(cleanup);

describe('a possible match', () => {
  const declared = state({
    status: 'possible',
    storyId: story.id,
    match: { by: 'declared', site: 'scmp.com', pageSite: '127.0.0.1' },
  });

  it('names the site it is about and shows nothing of the analysis until the reader asks', async () => {
    view(declared);
    expect(await screen.findByText(en('possibleTitle'))).toBeTruthy();
    expect(screen.getByText(en('possibleDeclared', ['scmp.com', '127.0.0.1']))).toBeTruthy();
    expect(screen.queryByText(storyTitle)).toBeNull();
    expect(screen.queryByTestId('disclaimer')).toBeNull();
    // Not even fetched: the server learns nothing of a page the reader did not ask about.
    await new Promise((r) => setTimeout(r, 0));
    expect(storyRequests()).toEqual([]);
  });

  it('shows the analysis, labelled with the other site, and the disclaimer, once the reader clicks "show"', async () => {
    view(declared);
    fireEvent.click(await screen.findByRole('button', { name: en('possibleShow', ['scmp.com']) }));
    expect(await screen.findByText(storyTitle)).toBeTruthy();
    expect(storyRequests()).toEqual([['prism:get-story', story.id]]);
    expect(screen.getByTestId('possible-banner').textContent).toBe(en('possibleBanner', ['scmp.com']));
    expect(screen.getByTestId('disclaimer').textContent).toContain(story.disclaimer.en);
    expect(screen.queryByTestId('match-note')).toBeNull(); // it is not presented as this page's match
  });

  it("by headline: says the headline matched an article on the story's site, naming this page's site", async () => {
    view(
      state({
        status: 'possible',
        storyId: story.id,
        match: { by: 'headline', site: 'scmp.com', pageSite: 'aggregator.example' },
      }),
    );
    expect(await screen.findByText(en('possibleHeadline', ['scmp.com', 'aggregator.example']))).toBeTruthy();
    expect(screen.queryByText(storyTitle)).toBeNull();
  });

  it('is hidden again for another story until the reader asks again', async () => {
    const { again } = view(declared);
    fireEvent.click(await screen.findByRole('button', { name: en('possibleShow', ['scmp.com']) }));
    await screen.findByText(storyTitle);
    again({
      ...declared,
      storyId: 'another-story',
      seq: 2,
      match: { by: 'declared', site: 'nbcnews.com', pageSite: '127.0.0.1' },
    });
    expect(await screen.findByRole('button', { name: en('possibleShow', ['nbcnews.com']) })).toBeTruthy();
    expect(screen.queryByText(storyTitle)).toBeNull();
    expect(storyRequests()).toEqual([['prism:get-story', story.id]]);
  });
});

describe('a same-event match (issue 23)', () => {
  const sameEvent = state({
    status: 'same-event',
    page: page({ url: 'https://www.reuters.com/world/belarus-releases-prisoners', declared: [] }),
    storyId: story.id,
    event: { score: 0.62, site: 'scmp.com' },
  });

  it('says which site PRISM analysed, with its headline, before the analysis; never as this page’s match', async () => {
    view(sameEvent);
    expect(await screen.findByText(storyTitle)).toBeTruthy();
    const note = screen.getByTestId('same-event-note');
    expect(note.textContent).toContain(en('sameEventNote', ['scmp.com']));
    expect(note.textContent).toContain(en('sameEventHeadline', [story.source.title]));
    // Before the analysis in reading order.
    const heading = screen.getByText(storyTitle);
    expect(note.compareDocumentPosition(heading) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(screen.queryByTestId('match-note')).toBeNull();
    expect(screen.queryByTestId('possible-banner')).toBeNull();
    expect(screen.getByTestId('disclaimer').textContent).toContain(story.disclaimer.en);
    expect(storyRequests()).toEqual([['prism:get-story', story.id]]);
  });

  it('says it in Korean for a Korean browser', async () => {
    speak('ko');
    view(sameEvent);
    const note = await screen.findByTestId('same-event-note');
    expect(note.textContent).toContain(message('ko', 'sameEventNote', ['scmp.com']));
  });
});

describe('a confirmed match', () => {
  it.each([
    ['address', null],
    ['declared', en('matchDeclared', ['scmp.com'])],
    ['headline', en('matchHeadline', ['scmp.com'])],
  ] as const)(
    'by %s: shows the story, what matched unless it was this page’s address, the disclaimer',
    async (by, note) => {
      view(
        state({
          status: 'found',
          storyId: story.id,
          page: page({ url: story.source.url }),
          match: { by, site: 'scmp.com', pageSite: 'scmp.com' },
        }),
      );
      expect(await screen.findByText(storyTitle)).toBeTruthy();
      if (note === null) expect(screen.queryByTestId('match-note')).toBeNull();
      else expect(screen.getByTestId('match-note').textContent).toBe(note);
      expect(screen.queryByTestId('possible-banner')).toBeNull();
      expect(screen.getByTestId('disclaimer').textContent).toContain(story.disclaimer.en);
      expect(storyRequests()).toEqual([['prism:get-story', story.id]]);
    },
  );

  it('says so, with a retry, when the story cannot be fetched', async () => {
    messaging.answer = { ok: false, kind: 'invalid', message: 'The PRISM server sent a story that is not JSON.' };
    const { recheck } = view(
      state({ status: 'found', storyId: story.id, match: { by: 'address', site: 'scmp.com', pageSite: 'scmp.com' } }),
    );
    expect(await screen.findByText(en('faultInvalidTitle'))).toBeTruthy();
    messaging.answer = { ok: true, story };
    fireEvent.click(screen.getByRole('button', { name: en('retry') }));
    expect(await screen.findByText(storyTitle)).toBeTruthy();
    // The story is asked again; the tab's lookup, which had found it, is not redone.
    expect(storyRequests()).toHaveLength(2);
    expect(recheck).not.toHaveBeenCalled();
  });
});

describe('a failure, said for what it is', () => {
  const found = state({
    status: 'found',
    storyId: story.id,
    match: { by: 'address', site: 'scmp.com', pageSite: 'scmp.com' },
  });
  const kinds = [
    ['offline', undefined, 'offlineTitle'],
    ['unreachable', undefined, 'faultUnreachableTitle'],
    ['timeout', undefined, 'faultTimeoutTitle'],
    ['http', 500, 'faultHttpTitle'],
    ['invalid', undefined, 'faultInvalidTitle'],
    ['newer', undefined, 'faultNewerTitle'],
    ['refused', undefined, 'faultRefusedTitle'],
    ['unknown', undefined, 'errorTitle'],
  ] as const;

  it.each(kinds)(
    '%s (a tab\'s lookup): its own title, the library, and the raw cause only under "Details"',
    async (kind, status, title) => {
      const raw = 'TypeError: Failed to fetch';
      view(
        state({
          status: kind === 'offline' ? 'offline' : 'error',
          fault: { kind, detail: raw, ...(status ? { status } : {}) },
        }),
      );
      expect(await screen.findByRole('heading', { name: en(title) })).toBeTruthy();
      expect(screen.getByRole('link', { name: en('faultOpenLibrary') }).getAttribute('href')).toMatch(/library\.html$/);
      const details = document.querySelector('details.fault-details')!;
      expect(details.hasAttribute('open')).toBe(false);
      expect(details.textContent).toContain(raw);
      // Outside the closed "Details", nothing of the software's own words.
      const shown = [...document.querySelectorAll('.status > :not(details)')].map((n) => n.textContent).join(' ');
      expect(shown).not.toContain(raw);
    },
  );

  it.each(kinds)('%s in Korean: no English word outside "Details"', (kind, status) => {
    speak('ko');
    messaging.answer = {
      ok: false,
      kind,
      message: 'The connection to the PRISM server broke off.',
      ...(status ? { status } : {}),
    };
    view(found);
    return waitFor(() => {
      const section = document.querySelector('.status');
      expect(section).not.toBeNull();
      const shown = [...section!.querySelectorAll(':scope > :not(details)')].map((n) => n.textContent).join(' ');
      // "PRISM" and "PRISM Lens" are names; "https" is an address scheme named as such.
      expect(shown.replace(/PRISM( Lens)?|https|API/g, '')).not.toMatch(/[A-Za-z]{2,}/);
    });
  });

  it('says "slow" for a timeout, not "offline"', async () => {
    messaging.answer = { ok: false, kind: 'timeout', message: 'The PRISM server did not answer in time.' };
    view(found);
    expect(await screen.findByText(en('faultTimeoutTitle'))).toBeTruthy();
    expect(screen.queryByText(en('offlineTitle'))).toBeNull();
  });

  it('tries again by itself when the failure passes (no click), and shows the story', async () => {
    messaging.answer = { ok: false, kind: 'unreachable', message: 'Cannot reach the PRISM server.' };
    view(found);
    expect(await screen.findByText(en('faultUnreachableTitle'))).toBeTruthy();
    messaging.answer = { ok: true, story };
    expect(await screen.findByText(storyTitle, {}, { timeout: 4000 })).toBeTruthy();
    expect(storyRequests()).toHaveLength(2);
  });

  it('does not ask again sooner than the server asked (a long Retry-After)', async () => {
    messaging.answer = {
      ok: false,
      kind: 'http',
      status: 429,
      retryAfterMs: 60_000,
      message: 'The PRISM server answered 429.',
    };
    view(found);
    expect(await screen.findByText(en('faultHttpTitle'))).toBeTruthy();
    await new Promise((r) => setTimeout(r, 2500));
    expect(storyRequests()).toHaveLength(1);
  });

  it('does not try again by itself for an answer it cannot read', async () => {
    messaging.answer = { ok: false, kind: 'newer', message: 'PRISM sent a story this version cannot read.' };
    view(found);
    expect(await screen.findByText(en('faultNewerTitle'))).toBeTruthy();
    await new Promise((r) => setTimeout(r, 2500));
    expect(storyRequests()).toHaveLength(1);
  });

  it('shows the copy the reader saved at once, under one line naming the cause, with the disclaimer', async () => {
    messaging.answer = {
      ok: false,
      kind: 'http',
      status: 503,
      message: 'The PRISM server answered 503.',
      saved: story,
    };
    view(found);
    expect(await screen.findByText(storyTitle)).toBeTruthy();
    const banner = screen.getByTestId('saved-copy-note');
    expect(banner.querySelector('p')!.textContent).toBe(`${en('faultHttpTitle')}. ${en('faultSavedCopyNote')}`);
    // The status code only under "Details".
    expect(banner.querySelector('p')!.textContent).not.toContain('503');
    expect(banner.querySelector('details')!.textContent).toContain('HTTP 503');
    expect(screen.getByRole('button', { name: en('retry') })).toBeTruthy();
    expect(screen.getByTestId('disclaimer').textContent).toContain(story.disclaimer.en);
  });

  it('shows the copy the reader saved of this page when the page itself cannot be looked up (server down)', async () => {
    const asked: string[] = [];
    const library: SavedLibrary = {
      ...localLibrary,
      useSaved: () => true,
      pageCopy: async (pageUrl) => (asked.push(pageUrl), story),
    };
    const recheck = vi.fn();
    const down = state({ status: 'error', fault: { kind: 'http', status: 503, detail: 'HTTP 503' } });
    render(
      <SavedLibraryContext.Provider value={library}>
        <LookupView state={down} recheck={recheck} tabId={7} inPopup />
      </SavedLibraryContext.Provider>,
    );
    expect(await screen.findByText(storyTitle)).toBeTruthy();
    // Looked up in the library by the page's address; nothing asked of PRISM for it.
    expect(asked).toEqual([page().url]);
    expect(storyRequests()).toHaveLength(0);
    const banner = screen.getByTestId('saved-copy-note');
    expect(banner.querySelector('p')!.textContent).toBe(`${en('faultHttpTitle')}. ${en('faultSavedCopyNote')}`);
    expect(banner.querySelector('p')!.textContent).not.toContain('503');
    expect(banner.querySelector('details')!.textContent).toContain('HTTP 503');
    expect(screen.getByTestId('disclaimer').textContent).toContain(story.disclaimer.en);
    expect(screen.queryByRole('heading', { name: en('faultHttpTitle') })).toBeNull(); // not the bare failure
    // "Try again" looks the page up again.
    fireEvent.click(screen.getByRole('button', { name: en('retry') }));
    expect(recheck).toHaveBeenCalled();
  });

  it('shows the failure itself when the reader saved no copy of the page', async () => {
    const library: SavedLibrary = { ...localLibrary, pageCopy: async () => undefined };
    render(
      <SavedLibraryContext.Provider value={library}>
        <LookupView state={state({ status: 'offline' })} recheck={vi.fn()} tabId={7} inPopup />
      </SavedLibraryContext.Provider>,
    );
    expect(await screen.findByRole('heading', { name: en('offlineTitle') })).toBeTruthy();
    expect(screen.queryByTestId('saved-copy-note')).toBeNull();
  });

  it('marks a saved copy of a story PRISM withdrew as withdrawn, and offers no retry', async () => {
    messaging.answer = { ok: false, kind: 'withdrawn', message: 'PRISM has withdrawn this story.', saved: story };
    view(found);
    expect(await screen.findByText(storyTitle)).toBeTruthy();
    expect(screen.getByTestId('saved-copy-note').textContent).toContain(en('withdrawnTitle'));
    expect(screen.queryByRole('button', { name: en('retry') })).toBeNull();
  });

  it('asks again at the deadline of a lookup cut off while the view was open', async () => {
    const { recheck } = view(state({ status: 'looking', updatedAt: Date.now() - 14_700 }));
    expect(recheck).not.toHaveBeenCalled();
    await waitFor(() => expect(recheck).toHaveBeenCalledTimes(1), { timeout: 2000 });
  });
});

describe('no match', () => {
  it('"none" on a page not examined yet: asks for the examination once, and waits for it', async () => {
    const examine = vi.fn();
    const s = state({ status: 'none', page: page({ declared: [] }) });
    const { again } = view(s, { examine });
    await waitFor(() => expect(examine).toHaveBeenCalledTimes(1));
    expect(screen.getByTestId('state-loading')).toBeTruthy();
    again({ ...s, updatedAt: Date.now() + 1 });
    again({ ...s, updatedAt: Date.now() + 2 });
    expect(examine).toHaveBeenCalledTimes(1);
    // The examination's answer: a news article PRISM has not analysed.
    const detection = { isNews: true, score: 5, signals: [], title: null, publisher: null, canonicalUrl: null };
    again({ ...s, seq: 2, page: { ...s.page!, detection } });
    expect(await screen.findByText(en('noneTitle'))).toBeTruthy();
    expect(screen.getByText(en('noneDetail'))).toBeTruthy();
    expect(examine).toHaveBeenCalledTimes(1);
    expect(storyRequests()).toEqual([]);
  });

  it('"none" on a page already examined (or with no answer from it) is shown at once, without asking again', async () => {
    const examine = vi.fn();
    view(state({ status: 'none', page: { ...page(), detection: null } }), { examine });
    expect(await screen.findByText(en('noneTitle'))).toBeTruthy();
    expect(examine).not.toHaveBeenCalled();
  });

  it('"not-news" says so, with no button to look it up anyway', async () => {
    const examine = vi.fn();
    const detection = { isNews: false, score: 0, signals: [], title: null, publisher: null, canonicalUrl: null };
    view(state({ status: 'not-news', page: { ...page(), detection } }), { examine });
    expect(await screen.findByText(en('notNewsTitle'))).toBeTruthy();
    expect(screen.getByText(en('notNewsDetail'))).toBeTruthy();
    expect(screen.queryAllByRole('button')).toEqual([]);
    expect(examine).not.toHaveBeenCalled();
  });

  it('"no-catalogue" explains itself and offers a retry', async () => {
    const { recheck } = view(state({ status: 'no-catalogue' }));
    expect(await screen.findByText(en('noCatalogueTitle'))).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: en('retry') }));
    expect(recheck).toHaveBeenCalledTimes(1);
  });

  it('"no-catalogue" after a key set refused as malformed says so, not "not downloaded yet"', async () => {
    const fault = { kind: 'invalid' as const, detail: 'PRISM sent a key set that PRISM Lens refuses: range 1.' };
    view(state({ status: 'no-catalogue', fault }));
    expect(await screen.findByText(en('noCatalogueTitle'))).toBeTruthy();
    expect(screen.getByText(en('faultInvalidDetail'))).toBeTruthy();
    expect(screen.queryByText(en('noCatalogueDetail'))).toBeNull();
  });
});

describe("the popup's first paint", () => {
  const found = state({
    status: 'found',
    storyId: story.id,
    match: { by: 'address', site: 'scmp.com', pageSite: 'scmp.com' },
  });
  beforeEach(async () => {
    window.history.replaceState(null, '', '/popup.html?tab=7');
    await storage.setItem('session:tab:7', found);
  });

  it('has the story in its first render when the one read made before it answers in time, asking once', async () => {
    await primeTabView(popupTabId, 1000);
    render(<PopupApp />);
    // No waiting: the first render, before any effect has run, already shows the story and its disclaimer.
    expect(screen.getByText(storyTitle)).toBeTruthy();
    expect(screen.getByTestId('disclaimer').textContent).toContain(story.disclaimer.en);
    await new Promise((r) => setTimeout(r, 50)); // the effects, after the paint
    expect(screen.getByText(storyTitle)).toBeTruthy();
    // One message brought the tab's state and its story; the story was not asked for again.
    expect(viewRequests()).toEqual([['prism:tab-view', 7]]);
    expect(storyRequests()).toEqual([]);
  });

  it('paints its skeleton when the story is slower than its budget, then the story, still asked for once', async () => {
    messaging.delayMs = 200;
    await primeTabView(popupTabId, 20);
    render(<PopupApp />);
    expect(screen.queryByText(storyTitle)).toBeNull();
    expect(document.querySelector('.skeleton')).not.toBeNull();
    expect(await screen.findByText(storyTitle, {}, { timeout: 2000 })).toBeTruthy();
    expect(viewRequests()).toEqual([['prism:tab-view', 7]]);
    expect(storyRequests()).toEqual([]);
  });

  it('asks again on "Try again", not taking the first answer twice', async () => {
    messaging.answer = { ok: false, kind: 'offline', message: 'offline' };
    await primeTabView(popupTabId, 1000);
    render(<PopupApp />);
    expect(screen.getByText(en('offlineTitle'))).toBeTruthy();
    messaging.answer = { ok: true, story };
    fireEvent.click(screen.getByRole('button', { name: en('retry') }));
    expect(await screen.findByText(storyTitle)).toBeTruthy();
    expect(viewRequests()).toEqual([['prism:tab-view', 7]]);
    expect(storyRequests()).toEqual([['prism:get-story', story.id]]);
  });

  it('still shows the story when the background cannot answer the first read: the state from storage, then the story', async () => {
    messaging.viewFails = true;
    messaging.answer = { ok: true, story };
    await primeTabView(popupTabId, 1000);
    render(<PopupApp />);
    expect(await screen.findByText(storyTitle)).toBeTruthy();
    expect(storyRequests()).toEqual([['prism:get-story', story.id]]);
  });

  it('gives a read made before the render to one taker only', async () => {
    await prime('some-key', async () => 1);
    expect(takePrimed('some-key')).toEqual({ settled: true, value: 1 });
    expect(takePrimed('some-key')).toBeUndefined();
  });
});
