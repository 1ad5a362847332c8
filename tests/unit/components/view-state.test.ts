/**
 * What the popup and the side panel show (components/view-state.ts), state by state: the subject, loading,
 * unknown page, not news, no analysis, no catalogue, offline and other failures, a possible match naming the
 * other site, the story confirmed or revealed, and the reader's saved copy.
 */
import { describe, expect, it } from 'vitest';
import {
  faultState,
  lookupScreen,
  popupSubject,
  sidePanelSubject,
  storyFault,
  tabFault,
  wantedStory,
  type LookupFacts,
} from '../../../components/view-state';
import type { StoryAnswer } from '../../../utils/messages';
import type { Fault } from '../../../utils/prism/fault';
import type { Match, PageReport, TabState } from '../../../utils/tab-state';
import { makeStory } from '../../fixtures/story';

const story = makeStory();
const saved = makeStory({ id: story.id, category: 'Saved' });
const page: PageReport = {
  url: 'https://agg.example/a',
  declared: [],
  titles: ['A headline'],
  publisher: null,
  lang: null,
};
const state = (over: Partial<TabState>): TabState => ({ status: 'none', page, seq: 1, updatedAt: 0, ...over });
const confirmed: Match = { by: 'address', site: 'scmp.com', pageSite: 'scmp.com' };
const possibleMatch: Match = { by: 'declared', site: 'scmp.com', pageSite: 'agg.example' };
const found = state({ status: 'found', storyId: story.id, match: confirmed });
const possible = state({ status: 'possible', storyId: story.id, match: possibleMatch });
const sameEvent = state({ status: 'same-event', storyId: story.id, event: { score: 0.6, site: 'scmp.com' } });
const ok: StoryAnswer = { ok: true, story };
const unreachable: StoryAnswer = { ok: false, kind: 'unreachable', message: 'fetch failed' };

const facts = (over: Partial<LookupFacts>): LookupFacts => ({
  state: found,
  story: ok,
  preferenceRead: true,
  keptFault: undefined,
  examining: false,
  revealed: null,
  pageCopy: null,
  ...over,
});

describe('the subject of a view', () => {
  it('is, in the popup, nothing while its tab is found, then the tab or no tab', () => {
    expect(popupSubject(undefined)).toEqual({ view: 'nothing' });
    expect(popupSubject(null)).toEqual({ view: 'no-tab' });
    expect(popupSubject(4)).toEqual({ view: 'tab', tabId: 4 });
  });

  it('is, in the side panel, a link asked about in its window first, else the active tab', () => {
    expect(sidePanelSubject(found, 2, 4)).toEqual({ view: 'link', link: found, windowId: 2 });
    expect(sidePanelSubject(found, null, 4)).toEqual({ view: 'tab', tabId: 4 });
    expect(sidePanelSubject(null, 2, 4)).toEqual({ view: 'tab', tabId: 4 });
    expect(sidePanelSubject(undefined, 2, null)).toEqual({ view: 'nothing' });
  });
});

describe('the failures', () => {
  it('of the tab: its own fault, or one made from its status', () => {
    const fault: Fault = { kind: 'timeout', detail: 'slow' };
    expect(tabFault(state({ status: 'error', fault }))).toBe(fault);
    expect(tabFault(state({ status: 'offline' }))).toEqual({ kind: 'offline', detail: '' });
    expect(tabFault(state({ status: 'error' }))).toEqual({ kind: 'unknown', detail: '' });
    expect(tabFault(found)).toBeUndefined();
    expect(tabFault(null)).toBeUndefined();
  });

  it('of the story: its answer as a fault, unless the tab failed first', () => {
    expect(storyFault(found, { ok: false, kind: 'http', status: 503, retryAfterMs: 60_000, message: 'm' })).toEqual({
      kind: 'http',
      status: 503,
      retryAfterMs: 60_000,
      detail: 'm',
    });
    expect(storyFault(found, unreachable)).toEqual({ kind: 'unreachable', detail: 'fetch failed' });
    expect(storyFault(state({ status: 'offline' }), unreachable)).toBeUndefined();
    expect(storyFault(found, ok)).toBeUndefined();
    expect(storyFault(found, undefined)).toBeUndefined();
  });

  it('are shown as offline, withdrawn or error', () => {
    expect(faultState({ kind: 'offline', detail: '' })).toBe('offline');
    expect(faultState({ kind: 'withdrawn', detail: '' })).toBe('withdrawn');
    expect(faultState({ kind: 'http', status: 500, detail: '' })).toBe('error');
    expect(faultState(undefined)).toBe('error');
  });
});

describe('the story fetched', () => {
  it('is a confirmed match’s, or a possible one’s once revealed, else none', () => {
    expect(wantedStory(found, null)).toBe(story.id);
    expect(wantedStory(possible, null)).toBeUndefined();
    expect(wantedStory(possible, story.id)).toBe(story.id);
    expect(wantedStory(state({ status: 'none', storyId: story.id }), story.id)).toBeUndefined();
    expect(wantedStory(undefined, null)).toBeUndefined();
  });

  it('is a same-event match’s when the view opens (matching itself fetched nothing)', () => {
    expect(wantedStory(sameEvent, null)).toBe(story.id);
  });
});

describe('the screen of a lookup', () => {
  it('is loading while the state, the preference, a lookup or an examination is under way', () => {
    expect(lookupScreen(facts({ state: undefined }))).toEqual({ view: 'loading' });
    expect(lookupScreen(facts({ state: state({ status: 'looking' }) }))).toEqual({ view: 'loading' });
    expect(lookupScreen(facts({ preferenceRead: false }))).toEqual({ view: 'loading' });
    expect(lookupScreen(facts({ state: state({ status: 'none' }), examining: true }))).toEqual({ view: 'loading' });
    expect(lookupScreen(facts({ story: undefined }))).toEqual({ view: 'loading' });
  });

  it('says what is known of a page without an analysis', () => {
    expect(lookupScreen(facts({ state: null }))).toEqual({ view: 'unknown' });
    expect(lookupScreen(facts({ state: state({ status: 'unknown' }) }))).toEqual({ view: 'unknown' });
    expect(lookupScreen(facts({ state: state({ status: 'not-news' }) }))).toEqual({ view: 'not-news' });
    expect(lookupScreen(facts({ state: state({ status: 'none' }) }))).toEqual({ view: 'none', headline: 'A headline' });
    expect(lookupScreen(facts({ state: state({ status: 'none', page: { ...page, titles: [] } }) }))).toEqual({
      view: 'none',
      headline: undefined,
    });
    expect(lookupScreen(facts({ state: state({ status: 'no-catalogue' }) }))).toEqual({ view: 'no-catalogue' });
  });

  it('shows the tab’s failure (offline, an error), retried by looking up again', () => {
    expect(lookupScreen(facts({ state: state({ status: 'offline' }) }))).toEqual({
      view: 'fault',
      fault: { kind: 'offline', detail: '' },
      retry: 'lookup',
    });
    const fault: Fault = { kind: 'refused', detail: 'no' };
    expect(lookupScreen(facts({ state: state({ status: 'error', fault }) }))).toMatchObject({ view: 'fault', fault });
  });

  it('keeps a failure in view while the page is looked up again', () => {
    const keptFault: Fault = { kind: 'timeout', detail: '' };
    const looking = state({ status: 'looking', storyId: story.id });
    expect(lookupScreen(facts({ state: looking, keptFault }))).toEqual({
      view: 'fault',
      fault: keptFault,
      retry: 'lookup',
    });
    expect(lookupScreen(facts({ state: looking, keptFault, story: unreachable }))).toMatchObject({ retry: 'story' });
    expect(lookupScreen(facts({ state: looking, keptFault, preferenceRead: false }))).toEqual({ view: 'loading' });
  });

  it('names the other site of a possible match until the reader asks to see it', () => {
    expect(lookupScreen(facts({ state: possible, story: undefined }))).toEqual({
      view: 'possible',
      by: 'declared',
      site: 'scmp.com',
      pageSite: 'agg.example',
      storyId: story.id,
    });
    const bare = state({ status: 'possible', storyId: story.id, match: { ...possibleMatch, pageSite: null } });
    expect(lookupScreen(facts({ state: bare }))).toMatchObject({ view: 'possible', pageSite: page.url });
    expect(lookupScreen(facts({ state: possible, revealed: story.id }))).toEqual({
      view: 'story',
      story,
      savedCopy: null,
      note: { kind: 'possible', site: 'scmp.com' },
    });
  });

  it('labels a same-event match with the analysed article’s site, before the analysis (issue 23)', () => {
    expect(lookupScreen(facts({ state: sameEvent, story: undefined }))).toEqual({ view: 'loading' });
    expect(lookupScreen(facts({ state: sameEvent }))).toEqual({
      view: 'story',
      story,
      savedCopy: null,
      note: { kind: 'same-event', site: 'scmp.com' },
    });
  });

  it('says what matched a confirmed story only when it was not this page’s own address', () => {
    expect(lookupScreen(facts({}))).toEqual({ view: 'story', story, savedCopy: null, note: null });
    const declared: Match = { by: 'declared', site: 'scmp.com', pageSite: 'scmp.com' };
    const byDeclared = state({ status: 'found', storyId: story.id, match: declared });
    expect(lookupScreen(facts({ state: byDeclared }))).toEqual({
      view: 'story',
      story,
      savedCopy: null,
      note: { kind: 'match', match: declared },
    });
    const headline: Match = { by: 'headline', site: 'scmp.com', pageSite: 'scmp.com' };
    const byHeadline = state({ status: 'found', storyId: story.id, match: headline });
    expect(lookupScreen(facts({ state: byHeadline }))).toMatchObject({ note: { kind: 'match', match: headline } });
    const noMatch = state({ status: 'found', storyId: story.id });
    expect(lookupScreen(facts({ state: noMatch }))).toMatchObject({ view: 'story', note: null });
  });

  it('shows the story’s failure, retried by asking for the story again; a withdrawn story is not retried', () => {
    expect(lookupScreen(facts({ story: unreachable }))).toEqual({
      view: 'fault',
      fault: { kind: 'unreachable', detail: 'fetch failed' },
      retry: 'story',
    });
    expect(lookupScreen(facts({ story: { ok: false, kind: 'withdrawn', message: '' } }))).toMatchObject({
      view: 'fault',
      retry: null,
    });
  });

  it('shows the saved copy at once under the cause when PRISM cannot give the story', () => {
    const withCopy: StoryAnswer = { ...unreachable, saved };
    expect(lookupScreen(facts({ story: withCopy }))).toEqual({
      view: 'story',
      story: saved,
      savedCopy: 'saved',
      note: null,
      fault: { kind: 'unreachable', detail: 'fetch failed' },
      retry: 'story',
    });
    const withdrawn: StoryAnswer = { ok: false, kind: 'withdrawn', message: '', saved };
    expect(lookupScreen(facts({ story: withdrawn }))).toMatchObject({
      view: 'story',
      story: saved,
      savedCopy: 'withdrawn',
      fault: { kind: 'withdrawn' },
      retry: null,
    });
    // Without a copy, the failure itself.
    expect(lookupScreen(facts({ story: unreachable }))).toMatchObject({ view: 'fault' });
  });

  it('shows the saved copy of the page at once under the cause when the page itself could not be looked up', () => {
    const fault: Fault = { kind: 'http', status: 503, detail: 'HTTP 503' };
    const down = state({ status: 'error', fault });
    // The server is down or the reader offline: no story id is known, the copy is the library's for this address.
    expect(lookupScreen(facts({ state: down, story: undefined, pageCopy: saved }))).toEqual({
      view: 'story',
      story: saved,
      savedCopy: 'saved',
      note: null,
      fault,
      retry: 'lookup',
    });
    expect(
      lookupScreen(facts({ state: state({ status: 'offline' }), story: undefined, pageCopy: saved })),
    ).toMatchObject({ view: 'story', story: saved, fault: { kind: 'offline' }, retry: 'lookup' });
    // While the library is read: loading, not a failure that a copy replaces a moment later.
    expect(lookupScreen(facts({ state: down, story: undefined, pageCopy: undefined }))).toEqual({ view: 'loading' });
    // No copy: the failure itself.
    expect(lookupScreen(facts({ state: down, story: undefined, pageCopy: null }))).toEqual({
      view: 'fault',
      fault,
      retry: 'lookup',
    });
    // Looked up again: the copy stays in view under the failure until the answer.
    const looking = state({ status: 'looking' });
    expect(lookupScreen(facts({ state: looking, story: undefined, keptFault: fault, pageCopy: saved }))).toEqual({
      view: 'story',
      story: saved,
      savedCopy: 'saved',
      note: null,
      fault,
      retry: 'lookup',
    });
    // A page that is found shows PRISM's story, not the copy.
    expect(lookupScreen(facts({ pageCopy: saved }))).toEqual({ view: 'story', story, savedCopy: null, note: null });
  });
});
