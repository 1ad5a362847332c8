/**
 * What the popup and the side panel show, decided in one place from what is known: the tab (or link) asked
 * about, its state in the background, the story's answer and what the reader chose. Pure: the components
 * (App.tsx, LookupView.tsx, FaultView.tsx) render the answer; tests/unit/components/view-state.test.ts covers each
 * state.
 */
import type { StoryAnswer } from '@/utils/messages';
import type { Story } from '@/utils/prism/schema';
import type { Fault } from '@/utils/prism/fault';
import type { Match, MatchBy, TabState } from '@/utils/tab-state';

/** What a view is about: nothing yet, no tab, a tab, or (side panel) a link asked about from the context menu. */
export type Subject =
  | { view: 'nothing' }
  | { view: 'no-tab' }
  | { view: 'tab'; tabId: number }
  | { view: 'link'; link: TabState; windowId: number };

/** The popup's subject: its tab (`undefined` while it is being found). */
export function popupSubject(tabId: number | null | undefined): Subject {
  if (tabId === undefined) return { view: 'nothing' };
  return tabId === null ? { view: 'no-tab' } : { view: 'tab', tabId };
}

/** The side panel's subject: a link asked about in its window comes first, then the window's active tab. */
export function sidePanelSubject(
  link: TabState | null | undefined,
  windowId: number | null,
  tabId: number | null,
): Subject {
  if (link && windowId !== null) return { view: 'link', link, windowId };
  return tabId === null ? { view: 'nothing' } : { view: 'tab', tabId };
}

/** The tab's own failure (offline, error): its lookup failed. */
export function tabFault(state: TabState | null | undefined): Fault | undefined {
  if (state?.status !== 'offline' && state?.status !== 'error') return undefined;
  return state.fault ?? { kind: state.status === 'offline' ? 'offline' : 'unknown', detail: '' };
}

/** The story's failure (the lookup found it, PRISM could not give it), when the tab has none of its own. */
export function storyFault(state: TabState | null | undefined, story: StoryAnswer | undefined): Fault | undefined {
  if (tabFault(state) || !story || story.ok) return undefined;
  return {
    kind: story.kind,
    ...(story.status === undefined ? {} : { status: story.status }),
    ...(story.retryAfterMs === undefined ? {} : { retryAfterMs: story.retryAfterMs }),
    detail: story.message,
  };
}

/**
 * The story to fetch: a confirmed match's, a same-event match's (labelled as that, issue 23), or a possible match's
 * once the reader asked to see it. Fetched when the view opens: matching itself sent nothing.
 */
export function wantedStory(state: TabState | null | undefined, revealed: string | null): string | undefined {
  const possible = state?.status === 'possible';
  const shown = state?.status === 'found' || state?.status === 'same-event';
  return shown || (possible && revealed === state?.storyId) ? state?.storyId : undefined;
}

/** How a failure is tried again: the tab's lookup (and its story), or only the story (the lookup stands). */
export type Retry = 'lookup' | 'story';

/** Beside a story: a possible match's banner (the site it is about), or what matched a confirmed one. */
type StoryNote =
  | { kind: 'possible'; site: string }
  | { kind: 'match'; match: Match }
  /** Another report of the event of the story PRISM analysed from an article on `site` (issue 23). */
  | { kind: 'same-event'; site: string };

export type LookupScreen =
  | { view: 'loading' }
  /** The page was not reported: a browser page, or one loaded before the extension. */
  | { view: 'unknown' }
  | { view: 'not-news' }
  /** No analysis (yet), under the page's headline. */
  | { view: 'none'; headline: string | undefined }
  | { view: 'no-catalogue' }
  /** `retry` null: none (a withdrawn story). */
  | { view: 'fault'; fault: Fault | undefined; retry: Retry | null }
  /** A match through another site's address or a headline, until the reader asks to see it. */
  | { view: 'possible'; by: MatchBy; site: string; pageSite: string; storyId: string | null }
  /**
   * `savedCopy`: the story is the reader's saved copy, shown at once under a one-line banner naming `fault`, why
   * PRISM could not give it ('withdrawn': PRISM withdrew it); `retry`: how the banner tries again.
   */
  | {
      view: 'story';
      story: Story;
      savedCopy: 'saved' | 'withdrawn' | null;
      note: StoryNote | null;
      fault?: Fault | undefined;
      retry?: Retry | null;
    };

export interface LookupFacts {
  /** `undefined` while reading; `null` when nothing is known. */
  state: TabState | null | undefined;
  story: StoryAnswer | undefined;
  /** The edition preference has been read (until then the story would open in the wrong edition). */
  preferenceRead: boolean;
  /** The failure shown before the page was looked up again: kept in view until the answer (no flicker). */
  keptFault: Fault | undefined;
  /** The page is being examined on demand, and the view still waits for it. */
  examining: boolean;
  /** The story id of the possible match the reader asked to see. */
  revealed: string | null;
  /**
   * The reader's saved copy of the tab's page, found in the library by its address when the tab's own lookup failed
   * (no story id is known then): `undefined` while it is being read, `null` when there is none.
   */
  pageCopy: Story | null | undefined;
}

export function lookupScreen(facts: LookupFacts): LookupScreen {
  const { state, story } = facts;
  const failure = tabFault(state) ?? storyFault(state, story);
  const retry: Retry = storyFault(state, story) ? 'story' : 'lookup';
  if (facts.keptFault && facts.preferenceRead) {
    // Trying the lookup again keeps the reader's copy in view, as it keeps the failure.
    if (retry === 'lookup' && facts.pageCopy) return pageCopyScreen(facts.pageCopy, facts.keptFault);
    return { view: 'fault', fault: facts.keptFault, retry };
  }
  if (state === undefined || state?.status === 'looking' || !facts.preferenceRead || facts.examining) {
    return { view: 'loading' };
  }
  switch (state?.status ?? 'unknown') {
    case 'unknown':
      return { view: 'unknown' };
    case 'not-news':
      return { view: 'not-news' };
    case 'none':
      return { view: 'none', headline: state?.page?.titles[0] ?? undefined };
    case 'no-catalogue':
      return { view: 'no-catalogue' };
    case 'offline':
    case 'error':
      // The page could not be looked up (no story id): the reader's copy of this page, if any, shown at once.
      if (facts.pageCopy === undefined) return { view: 'loading' };
      if (facts.pageCopy) return pageCopyScreen(facts.pageCopy, failure);
      return { view: 'fault', fault: failure, retry: 'lookup' };
  }

  const possible = state?.status === 'possible';
  const match = state?.match;
  if (possible && facts.revealed !== state?.storyId && match) {
    const pageSite = match.pageSite ?? state?.page?.url ?? '';
    return { view: 'possible', by: match.by, site: match.site, pageSite, storyId: state?.storyId ?? null };
  }
  if (!story) return { view: 'loading' };
  const retryStory = story.ok ? null : story.kind === 'withdrawn' ? null : retry;
  // PRISM could not give the story: the reader's saved copy, if any, is shown at once (no click), under the cause.
  const saved = story.ok ? undefined : story.saved;
  if (!story.ok && !saved) return { view: 'fault', fault: failure, retry: retryStory };
  const savedCopy = story.ok ? null : story.kind === 'withdrawn' ? 'withdrawn' : 'saved';
  // What matched is said only when it was not this page's own address (then there is nothing to explain).
  const note: StoryNote | null =
    state?.status === 'same-event'
      ? { kind: 'same-event', site: state.event?.site ?? '' }
      : possible && match
        ? { kind: 'possible', site: match.site }
        : match && match.by !== 'address'
          ? { kind: 'match', match }
          : null;
  if (story.ok) return { view: 'story', story: story.story, savedCopy, note };
  return { view: 'story', story: saved!, savedCopy, note, fault: failure, retry: retryStory };
}

/** The reader's copy of a page whose lookup failed, under that failure; trying again looks the page up again. */
function pageCopyScreen(story: Story, fault: Fault | undefined): LookupScreen {
  return { view: 'story', story, savedCopy: 'saved', note: null, fault, retry: 'lookup' };
}

/** The state a failure is shown as (for tests and styles): offline, withdrawn, or another error. */
export function faultState(fault: Fault | undefined): 'offline' | 'withdrawn' | 'error' {
  return fault?.kind === 'offline' ? 'offline' : fault?.kind === 'withdrawn' ? 'withdrawn' : 'error';
}
