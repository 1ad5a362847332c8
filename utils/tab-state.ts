/**
 * What the extension knows about one tab. Kept in `storage.session` by the background so that it survives the
 * service worker being stopped, and read (and watched) by the popup and the side panel.
 */
import type { Fault } from './prism/fault';

/** What the full news detector (utils/detect) found, when it was asked to run (on demand, not at page load). */
export interface PageDetection {
  isNews: boolean;
  score: number;
  signals: string[];
  /** The headline and publisher it found (JSON-LD, meta), often better than the page's `<title>`. */
  title: string | null;
  publisher: string | null;
  canonicalUrl: string | null;
}

/** What the content script reports about its page: only what is cheap to read. */
export interface PageReport {
  /** location.href of the page (never sent anywhere; hashed locally). */
  url: string;
  /** Addresses the page declares for itself (`<link rel=canonical>`, `og:url`), as written, at most two. */
  declared: string[];
  /** Headline candidates (`og:title`, `<title>`), at most two. */
  titles: string[];
  /** `og:site_name`, if any. */
  publisher: string | null;
  lang: string | null;
  /** Present once the full detector has run for this page; null when it was asked and could not run. */
  detection?: PageDetection | null;
}

/** Which of the page's keys matched a story. */
export type MatchBy =
  /** The page's own address. */
  | 'address'
  /** The address the page declares (rel=canonical / og:url). */
  | 'declared'
  /** The page's headline. */
  | 'headline';

export interface Match {
  by: MatchBy;
  /**
   * For a confirmed match, the page's own site; for a possible one, the site the analysis is about (the declared
   * address's site, or the story's source site).
   */
  site: string;
  /** The page's own site, to name it beside the other (null for an address without one, e.g. a bare IP). */
  pageSite: string | null;
}

export type TabStatus =
  /** The page was not reported (yet): a browser page, or the page loaded before the extension. */
  | 'unknown'
  /** A local hit is being confirmed with the API (or the page is being examined on demand). */
  | 'looking'
  /** Examined on demand: not a news article, and PRISM has nothing for its address or headline. */
  | 'not-news'
  /** PRISM has nothing for this page's address or headline (checked locally: nothing was sent). */
  | 'none'
  /** A match on the page's own site: the icon is marked. */
  | 'found'
  /** A match only through another site's address or a headline: shown, labelled, never marked on the icon. */
  | 'possible'
  /**
   * No exact match, but the page's headline reports the event of a story PRISM analysed from another article
   * (matched on the device, nothing sent): shown as that, never the exact mark, never the pill.
   */
  | 'same-event'
  /** PRISM's catalogue (the key set) is not on this device yet, so nothing can be checked. */
  | 'no-catalogue'
  | 'offline'
  | 'error';

/** A same-event match: how well the headline matched, and the site of the article PRISM analysed. */
export interface SameEvent {
  score: number;
  site: string;
}

export interface TabState {
  status: TabStatus;
  page?: PageReport;
  storyId?: string;
  match?: Match;
  /** For `same-event`: the match's score and the analysed article's site. */
  event?: SameEvent;
  /**
   * Why, for `offline` and `error`; for `no-catalogue`, why the catalogue could not be downloaded (when it was
   * tried and failed).
   */
  fault?: Fault;
  /** Increases with each report of the tab, so a slow lookup never overwrites a newer page's answer. */
  seq: number;
  updatedAt: number;
}

/** A tab's state is under `tab:<id>` in the `storage.session` area (wxt's keys name the area: `session:`). */
export const tabStateKey = (tabId: number) => `session:tab:${tabId}` as const;

/** The link a reader asked about from the context menu, shown in the side panel of that window. */
export const linkStateKey = (windowId: number) => `session:link:${windowId}` as const;

/** Where a state is kept: a tab's, or a window's link's. */
export type StateKey = ReturnType<typeof tabStateKey> | ReturnType<typeof linkStateKey>;

/** The tab whose state a key of the `storage.session` area (as the area lists it, `tab:<id>`) holds; else null. */
export function tabIdOfSessionKey(key: string): number | null {
  const id = /^tab:(\d+)$/.exec(key)?.[1];
  return id === undefined ? null : Number(id);
}

const STATUSES: ReadonlySet<unknown> = new Set(
  Object.keys({
    unknown: 0,
    looking: 0,
    'not-news': 0,
    none: 0,
    found: 0,
    possible: 0,
    'same-event': 0,
    'no-catalogue': 0,
    offline: 0,
    error: 0,
  } satisfies Record<TabStatus, 0>),
);

/**
 * A state as read back from storage: null when there is none, or when the value is not a state (storage is typed
 * by no one; every reader, background or view, takes its state through here).
 */
export function parseTabState(value: unknown): TabState | null {
  if (!value || typeof value !== 'object') return null;
  const { status, seq } = value as Partial<TabState>;
  return STATUSES.has(status) && typeof seq === 'number' ? (value as TabState) : null;
}
