/**
 * What the extension knows about one tab. Kept in `storage.session` by the background so that it survives the
 * service worker being stopped, and read (and watched) by the popup and the side panel.
 */
import type { PrismErrorKind } from './prism/client';

/**
 * Why something failed, for the views: they choose the reader's words from `kind` (and `status`), never from
 * `detail`, which is an English sentence for logs and a "details" toggle. `unknown`: not a failure of PRISM or the
 * network that the client recognised (a bug, the per-page lookup limit, a lookup superseded by a newer one).
 */
export type FaultKind = PrismErrorKind | 'unknown';
export interface Fault {
  kind: FaultKind;
  /** The HTTP status, for `http` (404 for a story PRISM no longer has). */
  status?: number;
  detail: string;
  /** The server asked not to be asked again before this many ms (a long `Retry-After`): tries wait that long. */
  retryAfterMs?: number;
}

/**
 * Whether a failure passes by itself (no network, a server down, slow or overloaded, a lookup cut short), so the
 * background and an open view try again without being asked; an unreadable or newer answer, a refused address, a
 * withdrawn story or a 4xx do not.
 */
export function faultPasses(fault: Pick<Fault, 'kind' | 'status'> | undefined): boolean {
  if (!fault) return true;
  if (fault.kind === 'http') return fault.status === undefined || fault.status === 429 || fault.status >= 500;
  return fault.kind === 'offline' || fault.kind === 'unreachable' || fault.kind === 'timeout' || fault.kind === 'unknown';
}

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
  /** PRISM's catalogue (the key set) is not on this device yet, so nothing can be checked. */
  | 'no-catalogue'
  | 'offline'
  | 'error';

export interface TabState {
  status: TabStatus;
  page?: PageReport;
  storyId?: string;
  match?: Match;
  /**
   * Why, for `offline` and `error`; for `no-catalogue`, why the catalogue could not be downloaded (when it was
   * tried and failed).
   */
  fault?: Fault;
  /** Increases with each report of the tab, so a slow lookup never overwrites a newer page's answer. */
  seq: number;
  updatedAt: number;
}

export const tabStateKey = (tabId: number) => `session:tab:${tabId}` as const;

/** The link a reader asked about from the context menu, shown in the side panel of that window. */
export const linkStateKey = (windowId: number) => `session:link:${windowId}` as const;
