/**
 * Link marks' messages, between the background, the content script (which loads the marking module into its
 * isolated world on the first `start`) and the marking module itself. Plain runtime messages, like the overlay's
 * (components/overlay/messages.ts): the scripts that run in pages carry no messaging library. Constants and types
 * only, so the always-on content script imports two names and nothing else.
 */

/** Background → content script (top frame): start or stop marking this page's links. */
export const PAGE_LINK_MARKS_TYPE = 'prism:link-marks';
/** Where the marking module, once loaded, leaves its function (a symbol: see utils/page-messages.ts). */
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
 * tab from the sender the browser names (an extension page in that tab) and the site from that tab's own page.
 */
export const LINK_MARKS_CARD_OFF_TYPE = 'prism:link-marks-card-off';
