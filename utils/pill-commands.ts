/**
 * The overlay's commands in the page (utils/messages.ts `OverlayCommand`, and the reader's × on the pill), decided
 * as a pure step: what the overlay remembers between commands, and what the page's DOM must do for each. The DOM
 * itself is entrypoints/overlay/pill.ts's; this says only what happens, so it is tested without a page, as
 * `overlayStep` (utils/overlay-prefs.ts) is for the background's side.
 */
import type { OverlayAction, OverlayCommand, OverlayLabels, OverlaySide } from './messages';

/** What the overlay of one page remembers between commands. */
export interface PillState {
  labels: OverlayLabels | null;
  side: OverlaySide;
  lang: string;
  /** Whether the pill may show (the keyboard command opens the card on a site where the reader hid the pill). */
  pillAllowed: boolean;
  /** The address on which the reader dismissed the pill (×): it stays away there. */
  dismissedAt: string | null;
  /** The notice on show ("hidden on this site", "paused"), with what its Undo sends; null when none is. */
  notice: { undo: OverlayAction; site: string | null } | null;
}

export const INITIAL_PILL_STATE: PillState = {
  labels: null,
  side: 'right',
  lang: 'en',
  pillAllowed: true,
  dismissedAt: null,
  notice: null,
};

/** What the page is like when a command comes (the DOM's answers, read by the caller). */
export interface PillFacts {
  /** The page's address now. */
  location: string;
  /** Whether our element is in the page. */
  mounted: boolean;
  /** Whether the card is open (its frame shown). */
  cardOpen: boolean;
}

/** The reader's × on the pill: it goes, and stays away on this address. */
export type PillEvent = OverlayCommand | { command: 'dismiss' } | { command: 'notice-over' };

/** What the DOM does, in order. */
export type PillEffect =
  /** Our element in the page (created once), with the state's labels, side and language. */
  | { do: 'render' }
  | { do: 'show-pill'; show: boolean }
  | { do: 'open-card' }
  /** `restoreFocus`: focus goes back where it was before the card opened. */
  | { do: 'close-card'; restoreFocus: boolean }
  /** The notice, with its text; it goes after TOAST_MS unless the reader is on it. */
  | { do: 'show-notice'; text: string }
  | { do: 'hide-notice' }
  /** Everything of ours leaves the page. */
  | { do: 'unmount' }
  /** The card page in our frame said hello: the frame holds our page. */
  | { do: 'card-ready' };

interface PillStep {
  state: PillState;
  effects: PillEffect[];
  /**
   * The answer to the command's sender: whether it was applied; 'if-mounted' for a mount (true when our element is
   * in the page once the effects are done).
   */
  answer: boolean | 'if-mounted';
}

const withCommand = (state: PillState, c: { labels: OverlayLabels; side: OverlaySide; lang: string }): PillState => ({
  ...state,
  labels: c.labels,
  side: c.side,
  lang: c.lang,
});

export function pillStep(state: PillState, event: PillEvent, facts: PillFacts): PillStep {
  switch (event.command) {
    case 'mount': {
      const next = { ...withCommand(state, event), pillAllowed: true };
      if (state.dismissedAt !== null && state.dismissedAt === facts.location) {
        return { state: next, effects: [], answer: false };
      }
      return {
        state: { ...next, dismissedAt: null, notice: null },
        effects: [{ do: 'render' }, { do: 'hide-notice' }, { do: 'show-pill', show: true }],
        answer: 'if-mounted',
      };
    }
    case 'toggle': {
      const pillAllowed = event.pill && state.dismissedAt !== facts.location;
      const noticeShown = facts.mounted && state.notice !== null;
      return {
        state: { ...withCommand(state, event), pillAllowed, notice: noticeShown ? null : state.notice },
        effects: [
          { do: 'render' },
          ...(noticeShown ? [{ do: 'hide-notice' } as const] : []),
          { do: 'show-pill', show: pillAllowed },
          facts.cardOpen ? { do: 'close-card', restoreFocus: true } : { do: 'open-card' },
        ],
        answer: true,
      };
    }
    case 'close': {
      // Opened by the keyboard where the pill may not show: closing leaves nothing behind.
      const leave = facts.mounted && !state.pillAllowed && state.notice === null;
      return {
        state: leave ? { ...state, notice: null } : state,
        effects: [{ do: 'close-card', restoreFocus: true }, ...(leave ? [{ do: 'unmount' } as const] : [])],
        answer: true,
      };
    }
    case 'hidden': {
      if (!facts.mounted || !state.labels) return { state, effects: [], answer: false };
      const text =
        event.kind === 'site' ? state.labels.hiddenSite.replace('$1', event.site ?? '') : state.labels.snoozed;
      return {
        state: {
          ...state,
          notice: { undo: event.kind === 'site' ? 'undo-hide-site' : 'undo-snooze', site: event.site },
        },
        effects: [
          { do: 'close-card', restoreFocus: false },
          { do: 'show-pill', show: false },
          { do: 'show-notice', text },
        ],
        answer: true,
      };
    }
    case 'unmount':
      return { state: { ...state, notice: null }, effects: [{ do: 'unmount' }], answer: true };
    case 'card-ready':
      return { state, effects: [{ do: 'card-ready' }], answer: true };
    case 'dismiss':
      return {
        state: { ...state, dismissedAt: facts.location, notice: null },
        effects: [{ do: 'unmount' }],
        answer: true,
      };
    case 'notice-over':
      return { state: { ...state, notice: null }, effects: [{ do: 'unmount' }], answer: true };
    default:
      return { state, effects: [], answer: false };
  }
}
