/**
 * The message contract: every runtime message's name and shape, in one file, for every sender and receiver (the
 * content script, the overlay module, the card page, the popup and side panel, the background). A file of
 * constants and types only, importing nothing but types, so the always-on content script can take its three
 * strings without pulling anything in (.oxlintrc.json holds it to that). Validation is the receivers' own:
 * utils/page-report.ts (page reports, detections), utils/message-parse.ts (the rest of what the background takes).
 *
 * Every message is a plain runtime message `{ type, … }`: one mechanism for the content script and the extension's
 * pages, and one `runtime.onMessage` listener in the background (entrypoints/background/message-router.ts).
 */
import type { OverlaySide } from './overlay-prefs';
import type { FaultKind } from './prism/fault';
import type { Story } from './prism/schema';
import type { TabState } from './tab-state';

export type { OverlaySide };

// ---- The content script and the background ----

/** Content script → background: the page's cheap facts (utils/page-report.ts validates them). */
export const PAGE_REPORT_TYPE = 'prism:page';
/** Background → content script: "what is your page now?" (answered with the current report). */
export const PAGE_PING_TYPE = 'prism:ping';
/** Background → content script: "run the full news detector" (answered with a PageDetection). */
export const PAGE_DETECT_TYPE = 'prism:detect';
/**
 * Where the detector module, once loaded into the content script's isolated world, leaves its function: a symbol,
 * because a string-named global is one a page's element can take (`<div id="prism-lens.detect">` is a named
 * property of the window in every world), and the content script would then call the page's element.
 */
export const DETECTOR_GLOBAL: unique symbol = Symbol.for('prism-lens.detect');

// ---- The overlay: background, content script, overlay module, card page ----

/** Background or card page → content script (top frame): what the overlay in this page should do. */
export const PAGE_OVERLAY_TYPE = 'prism:overlay';
/** Where the overlay module, once loaded into the content script's isolated world, leaves its function (a symbol: a
 * page's element can take a string-named global: DETECTOR_GLOBAL above). */
export const OVERLAY_GLOBAL: unique symbol = Symbol.for('prism-lens.overlay');
/** Overlay (content script) or card page → background: the reader chose something (hide, snooze, undo). */
export const OVERLAY_ACTION_TYPE = 'prism:overlay-action';
/** Card page → background: "which tab am I in?" (answered from the sender the browser names, never a URL). */
export const OVERLAY_CARD_HELLO_TYPE = 'prism:overlay-card';
/**
 * Background → extension pages (a broadcast; pages are not reached): a tab's new state, for the card in that tab.
 * The card cannot read storage.session itself in every browser (Firefox gives a frame of an extension page in a
 * web page no storage.session), so the background hands it the state: in the answer to its hello, then here.
 */
export const OVERLAY_CARD_STATE_TYPE = 'prism:overlay-card-state';
/** The card page's hello, answered: its tab (null when it is in none) and that tab's state. */
export interface OverlayCardHello {
  tabId: number | null;
  state: TabState | null;
}
/** Card page → background: the library (the card has no IndexedDB of the extension's: components/saved-library.ts). */
export const OVERLAY_LIBRARY_TYPE = 'prism:overlay-library';
export type OverlayLibraryOp = 'isSaved' | 'save' | 'unsave' | 'restore';
/** `hadNote`: an unsave removed a note (the background keeps the record for 'restore', the card's Undo). */
export type OverlayLibraryAnswer = { ok: true; saved: boolean; hadNote?: boolean } | { ok: false; message: string };
/** How long the "hidden on this site" notice (with its undo) stays, unless the reader is on it. */
export const TOAST_MS = 10_000;

/** The strings the overlay shows, in the reader's interface language (the background picks them). */
export interface OverlayLabels {
  /** The pill's text and the card's title: "PRISM analysis". */
  pill: string;
  /** The pill's accessible name: "Open the PRISM analysis of this article". */
  open: string;
  /** The landmark around the pill: "PRISM Lens". */
  region: string;
  more: string;
  dismiss: string;
  hideSite: string;
  snooze: string;
  /** "PRISM Lens will not show its pill on $1." with the site filled in by the overlay. */
  hiddenSite: string;
  snoozed: string;
  undo: string;
  /** The card frame's title. */
  card: string;
}

/** What the background (or the card page, for `close`) tells the page's overlay. */
export type OverlayCommand =
  /** Show the pill (or update it); nothing else on the page changes. */
  | { type: typeof PAGE_OVERLAY_TYPE; command: 'mount'; labels: OverlayLabels; side: OverlaySide; lang: 'en' | 'ko' }
  /** The keyboard command: open the card, or close it if it is open (mounting first, without the pill, if needed). */
  | {
      type: typeof PAGE_OVERLAY_TYPE;
      command: 'toggle';
      labels: OverlayLabels;
      side: OverlaySide;
      lang: 'en' | 'ko';
      /** Whether the pill may show (false where the reader hid or snoozed it: the card opens on its own). */
      pill: boolean;
    }
  /** Remove everything the overlay added to the page. */
  | { type: typeof PAGE_OVERLAY_TYPE; command: 'unmount' }
  /**
   * The card page in this tab said hello (relayed by the background, which names the sender from the browser's
   * word): the card frame holds our page. A frame that loads and never says so holds someone else's.
   */
  | { type: typeof PAGE_OVERLAY_TYPE; command: 'card-ready' }
  /** Close the card (Esc or the close button in the card). */
  | { type: typeof PAGE_OVERLAY_TYPE; command: 'close' }
  /** The reader hid the pill on this site or snoozed it: show what happened, with an undo, then go. */
  | { type: typeof PAGE_OVERLAY_TYPE; command: 'hidden'; kind: 'site' | 'snooze'; site: string | null };

export type OverlayAction = 'hide-site' | 'snooze' | 'undo-hide-site' | 'undo-snooze';
export const OVERLAY_ACTIONS: readonly OverlayAction[] = ['hide-site', 'snooze', 'undo-hide-site', 'undo-snooze'];

/** The keyboard command (wxt.config.ts declares it) that opens or closes the card on the page. */
export const OVERLAY_COMMAND = 'toggle-overlay';

// ---- Link marks: background, content script, marking module (entrypoints/link-marks/) ----

/** Background → content script (top frame): start or stop marking this page's links. */
export const PAGE_LINK_MARKS_TYPE = 'prism:link-marks';
/** Where the marking module, once loaded, leaves its function (a symbol: DETECTOR_GLOBAL above). */
export const LINK_MARKS_GLOBAL: unique symbol = Symbol.for('prism-lens.link-marks');
/** Marking module → background: "which of these links lead to an analysed article?" (answered: those hrefs). */
export const LINK_MARKS_ASK_TYPE = 'prism:link-marks-ask';
/** Marking module → background: the reader activated a mark (a trusted click or key): open that analysis. */
export const LINK_MARKS_OPEN_TYPE = 'prism:link-marks-open';

/** The strings of a mark, in the reader's interface language (the background picks them). */
export interface LinkMarkLabels {
  /** The mark's name before its headline is known: "PRISM analysis". */
  mark: string;
  /** Its name once known: "PRISM analysis: $1" (the overlay fills in the headline). */
  named: string;
}

export type LinkMarksCommand =
  | { type: typeof PAGE_LINK_MARKS_TYPE; command: 'start'; labels: LinkMarkLabels; lang: 'en' | 'ko' }
  | { type: typeof PAGE_LINK_MARKS_TYPE; command: 'stop' };

export interface LinkMarksAsk {
  type: typeof LINK_MARKS_ASK_TYPE;
  hrefs: string[];
}

export interface LinkMarksOpen {
  type: typeof LINK_MARKS_OPEN_TYPE;
  href: string;
}

/** The answer to an open: the story's headline once fetched (for the mark's name), or null. */
export interface LinkMarksOpened {
  headline: string | null;
}

/**
 * The reading card's menu → background: "no link marks on this site" for the card's tab. The background takes the
 * tab from the sender the browser names (our card page framed in that tab) and the site from that tab's own page.
 */
export const LINK_MARKS_CARD_OFF_TYPE = 'prism:link-marks-card-off';

// ---- Extension pages (popup, side panel, card page) → background ----

/** A failure's `kind` and `status` are a Fault's (utils/prism/fault.ts); `message` is its English `detail`. */
export type StoryAnswer =
  | { ok: true; story: Story }
  /** `saved`: the reader's own copy from the library, offered when PRISM cannot give the story now. */
  | { ok: false; kind: FaultKind; message: string; status?: number; retryAfterMs?: number; saved?: Story };

/** Popup/side panel/card → background: the story, from the cache or the API. */
export const GET_STORY_TYPE = 'prism:get-story';
/**
 * Popup → background: a tab's state and, when it is a confirmed match (`found`), its story, in one answer: the
 * popup's first paint waits for one round trip rather than a `storage.session` read and then a GET_STORY_TYPE.
 */
export const TAB_VIEW_TYPE = 'prism:tab-view';
/** `story` is there only for a `found` state with a story id (the same answer GET_STORY_TYPE gives). */
export interface TabView {
  state: TabState | null;
  story?: StoryAnswer;
}
/** Popup/card → background: look the tab's page up again (retry after an error). */
export const RECHECK_TAB_TYPE = 'prism:recheck-tab';
/**
 * Popup/side panel/card → background: the reader is looking at this tab: run the full news detector on its page if
 * it has not run yet (a miss then says "not news" or "no analysis yet" truthfully, and the detector's headline is
 * tried too).
 */
export const EXAMINE_TAB_TYPE = 'prism:examine-tab';
/** Side panel → background: look a link up again (after the context menu asked about it). */
export const LOOK_UP_LINK_TYPE = 'prism:look-up-link';

/**
 * The requests only the extension's own pages may make (they act on any tab or fetch any story; the background
 * refuses them from content scripts: utils/sender.ts `fromExtensionPage`), and what each is answered with.
 */
export interface PageRequests {
  [GET_STORY_TYPE]: { request: { id: string }; answer: StoryAnswer };
  [TAB_VIEW_TYPE]: { request: { tabId: number }; answer: TabView };
  [RECHECK_TAB_TYPE]: { request: { tabId: number }; answer: void };
  [EXAMINE_TAB_TYPE]: { request: { tabId: number }; answer: void };
  [LOOK_UP_LINK_TYPE]: { request: { windowId: number; url: string }; answer: void };
}
type PageRequestType = keyof PageRequests;
export type PageRequest = { [T in PageRequestType]: { type: T } & PageRequests[T]['request'] }[PageRequestType];
