/**
 * What the extension knows about one tab. Kept in `storage.session` by the background so that it survives the
 * service worker being stopped, and read (and watched) by the popup and the side panel.
 */
export interface PageReport {
  /** location.href of the page (never sent anywhere; hashed locally). */
  url: string;
  /** The page's own canonical address (rel=canonical, og:url), if any. */
  canonicalUrl: string | null;
  title: string | null;
  publisher: string | null;
  publishedAt: string | null;
  lang: string | null;
  isNews: boolean;
  score: number;
  signals: string[];
  /** True when the reader asked to look the page up although it does not look like news. */
  forced?: boolean;
}

export type TabStatus =
  /** The page was not reported (yet): a browser page, or the page loaded before the extension. */
  | 'unknown'
  | 'not-news'
  | 'looking'
  | 'found'
  | 'none'
  | 'offline'
  | 'error';

export interface TabState {
  status: TabStatus;
  page?: PageReport;
  storyId?: string;
  matchedBy?: 'url' | 'title';
  /** A message for the reader, for `offline` and `error`. */
  error?: string;
  /** Increases with each report of the tab, so a slow lookup never overwrites a newer page's answer. */
  seq: number;
  updatedAt: number;
}

export const tabStateKey = (tabId: number) => `session:tab:${tabId}` as const;

/** The link a reader asked about from the context menu, shown in the side panel of that window. */
export const linkStateKey = (windowId: number) => `session:link:${windowId}` as const;
