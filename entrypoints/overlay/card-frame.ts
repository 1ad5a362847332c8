/**
 * The reading card's frame in the page: an iframe of the extension page `overlay-card.html`, created when the
 * reader first opens the card, kept (hidden) between openings, and kept ours.
 *
 * A page can navigate any frame it can count (`frames[i].location = …`, closed shadow root or not) and put its own
 * page in the card's place. Our card page never navigates itself, and says hello when it starts (the background
 * relays it: `card-ready`), so a frame that loads a second time, or loads once and does not say hello within
 * CARD_READY_MS, holds something else: it is replaced by a new frame of ours (at most MAX_CARD_REPLACEMENTS times a
 * page; then the card is given up on this page, and the popup and side panel still show the story).
 */

/** How long after the card frame's first load our card page must have said hello, or the frame is replaced. */
export const CARD_READY_MS = 5000;
/** How many times a page may make us replace the card frame before the card is given up on this page. */
const MAX_CARD_REPLACEMENTS = 5;

interface CardFrameEnv {
  document: Document;
  /** The card page's address (Chrome: the per-session dynamic URL, so a page cannot probe for it). */
  url: () => string;
  /** Whether focus is inside our host, and on what (the pill's shadow root looked into). */
  focusInside: () => boolean;
  focused: () => HTMLElement | null;
  /** The page took the frame too often: the card is given up on this page. */
  onGiveUp: () => void;
}

interface CardFrame {
  /** The frame, when there is one. */
  readonly element: HTMLIFrameElement | null;
  isOpen(): boolean;
  /** Shows the card inside `parent` (creating its frame the first time): null when it was given up on this page. */
  show(parent: HTMLElement, title: string): HTMLIFrameElement | null;
  hide(): void;
  /** Our card page in the frame said hello. */
  ready(): void;
  /** Our host left the page (and the frame with it). */
  detach(): void;
}

export function focusCard(card: HTMLIFrameElement): void {
  card.focus();
  card.contentWindow?.focus();
}

export function createCardFrame(env: CardFrameEnv): CardFrame {
  const doc = env.document;
  let card: HTMLIFrameElement | null = null;
  let parent: HTMLElement | null = null;
  let title = '';
  /** Whether the card page in the current frame has said hello. */
  let cardReady = false;
  let readyTimer: ReturnType<typeof setTimeout> | undefined;
  let replacements = 0;

  function create(into: HTMLElement): HTMLIFrameElement {
    const frame = doc.createElement('iframe');
    frame.className = 'card';
    frame.title = title;
    frame.src = env.url();
    // The card's "Copy" buttons write to the clipboard.
    frame.allow = 'clipboard-write';
    cardReady = false;
    guardAgainstCover(doc, frame);
    let loads = 0;
    frame.addEventListener('load', () => {
      loads += 1;
      clearTimeout(readyTimer);
      if (loads > 1) return replace(frame);
      readyTimer = setTimeout(() => {
        if (!cardReady) replace(frame);
      }, CARD_READY_MS);
      // Focus given to the frame before its page has loaded is lost when the page arrives: give it again then.
      if (!frame.hidden && env.focusInside()) focusCard(frame);
    });
    into.append(frame);
    return frame;
  }

  function replace(old: HTMLIFrameElement) {
    if (!parent || card !== old) return;
    clearTimeout(readyTimer);
    const shown = !old.hidden;
    const hadFocus = env.focusInside() && env.focused() === old;
    old.remove();
    card = null;
    replacements += 1;
    if (replacements > MAX_CARD_REPLACEMENTS) {
      env.onGiveUp();
      return;
    }
    const fresh = create(parent);
    fresh.hidden = !shown;
    card = fresh;
    if (hadFocus) focusCard(fresh);
  }

  return {
    get element() {
      return card;
    },
    isOpen: () => Boolean(card && !card.hidden),
    show(into, cardTitle) {
      parent = into;
      title = cardTitle;
      if (!card) {
        if (replacements > MAX_CARD_REPLACEMENTS) return null;
        card = create(into);
      }
      card.hidden = false;
      return card;
    },
    hide() {
      if (card) card.hidden = true;
    },
    ready() {
      cardReady = true;
    },
    detach() {
      clearTimeout(readyTimer);
      card = null;
      parent = null;
    },
  };
}

/**
 * Clickjacking: a page can lay its own element over the card (`pointer-events: none`, so clicks fall through to
 * our buttons while the reader sees the page's). Where the browser can tell (Chromium's IntersectionObserver v2,
 * `trackVisibility`), the card is `inert` whenever anything is drawn over it or it is faded or transformed: a
 * click then reaches none of its buttons. Firefox has no such signal: the card stays as it is there.
 *
 * IO v2 also says "not visible" for any filter on an ancestor, and honest pages put one on the whole page:
 * `html { filter: grayscale(1) }` on days of mourning (Korean portals), Dark Reader's filter mode. The signal cannot
 * tell that from a cover, and nothing else can see a `pointer-events: none` cover (hit-testing skips it). So while
 * `<html>` or `<body>` has a filter, the card is left usable: the guard gives way there rather than lock readers
 * out (docs/threat-model.md says what that leaves open). Opacity and transforms on them still make it inert.
 */
function guardAgainstCover(doc: Document, card: HTMLIFrameElement) {
  const view = doc.defaultView as (Window & typeof globalThis) | null;
  if (!view?.IntersectionObserver || !('isVisible' in view.IntersectionObserverEntry.prototype)) return;
  const pageFiltered = () =>
    [doc.documentElement, doc.body].some((el) => el && view.getComputedStyle(el).filter !== 'none');
  const watch = new view.IntersectionObserver(
    (entries) => {
      const last = entries.at(-1) as (IntersectionObserverEntry & { isVisible: boolean }) | undefined;
      if (last?.isIntersecting) card.inert = !last.isVisible && !pageFiltered();
    },
    { trackVisibility: true, delay: 100 } as IntersectionObserverInit,
  );
  watch.observe(card);
}
