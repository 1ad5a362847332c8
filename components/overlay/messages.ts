/**
 * The overlay's messages: between the background, the content script (which loads the overlay module into its
 * isolated world on the first `mount`), the overlay module itself and the card page. Plain runtime messages, like
 * the page report: the scripts that run in pages carry no messaging library. A file of constants and types only,
 * so the always-on content script imports two strings and nothing else.
 */
import type { OverlaySide } from '@/utils/overlay-prefs';
import type { TabState } from '@/utils/tab-state';

export type { OverlaySide };

/** Background or card page → content script (top frame): what the overlay in this page should do. */
export const PAGE_OVERLAY_TYPE = 'prism:overlay';
/** Where the overlay module, once loaded into the content script's isolated world, leaves its function (a symbol: a
 * page's element can take a string-named global; utils/page-messages.ts, DETECTOR_GLOBAL). */
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
