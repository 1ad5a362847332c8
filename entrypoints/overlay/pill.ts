/**
 * The overlay in the page: the pill (a closed shadow root on one element of ours, appended at the end of `<html>`,
 * never inside the site's own tree) and the reading card's frame (an iframe of the extension page
 * `overlay-card.html`, created when the reader first opens it). Plain DOM, no framework: this runs in the page's
 * renderer, on analysed articles only (entrypoints/overlay.ts is loaded after a confirmed match).
 *
 * Nothing of the site's is touched: no attribute or class on its elements, no listener on its window or document.
 * Keys pressed on the pill's buttons stop at the shadow root (the site's shortcuts never see them); keys typed in
 * the card never reach the page at all (another document, another origin). Clicks count only when the browser
 * says a person made them (`isTrusted`): a page can neither open the card nor hide the pill by script.
 */
import { PILL_CSS } from './pill-style';
import {
  OVERLAY_ACTION_TYPE,
  TOAST_MS,
  type OverlayAction,
  type OverlayCommand,
  type OverlayLabels,
  type OverlaySide,
} from '@/utils/messages';

/**
 * The host element: one element of ours, the last child of `<html>`. A built-in `div`, never a custom element's
 * name: a page that ran `customElements.define(<our name>, …)` first would have its constructor run on our host (it
 * could take the shadow root, or read the card frame's address through `attachInternals`), and a name picked at
 * random per load would still be one `define` away once read off the DOM. No page can define or upgrade a `div`
 * (`is` is never set on it), `attachShadow` is allowed on it, and the page's patches of `Element.prototype` do not
 * reach this isolated world.
 */
export const OVERLAY_HOST_TAG = 'div';

export interface OverlayEnv {
  document: Document;
  /** The card page's address (Chrome: the per-session dynamic URL, so a page cannot probe for it). */
  cardUrl: () => string;
  /** Sends a message to the background. */
  send: (message: { type: typeof OVERLAY_ACTION_TYPE; action: OverlayAction; site?: string }) => Promise<unknown>;
  /** The address of the page now (the pill dismissed on one address stays dismissed there). */
  location: () => string;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** The PRISM mark (assets/icon.svg), at 20 px. */
function mark(doc: Document): SVGSVGElement {
  const svg = doc.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', '0 0 128 128');
  svg.setAttribute('width', '22');
  svg.setAttribute('height', '22');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  const parts: [string, Record<string, string>][] = [
    ['rect', { x: '4', y: '4', width: '120', height: '120', rx: '28', fill: '#0b6e4f' }],
    [
      'path',
      { d: 'M64 22 L104 92 H24 Z', fill: 'none', stroke: '#ffffff', 'stroke-width': '10', 'stroke-linejoin': 'round' },
    ],
    ['path', { d: 'M64 52 L84 86 H44 Z', fill: '#9be7c4' }],
  ];
  for (const [tag, attrs] of parts) {
    const el = doc.createElementNS(SVG_NS, tag);
    for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, v);
    svg.append(el);
  }
  return svg;
}

/** A 16 px line icon. */
function icon(doc: Document, d: string, weight = 2): SVGSVGElement {
  const svg = doc.createElementNS(SVG_NS, 'svg');
  for (const [k, v] of Object.entries({
    viewBox: '0 0 24 24',
    width: '16',
    height: '16',
    'aria-hidden': 'true',
    focusable: 'false',
  })) {
    svg.setAttribute(k, v);
  }
  const path = doc.createElementNS(SVG_NS, 'path');
  for (const [k, v] of Object.entries({
    d,
    fill: 'none',
    stroke: 'currentColor',
    'stroke-width': String(weight),
    'stroke-linecap': 'round',
  })) {
    path.setAttribute(k, v);
  }
  svg.append(path);
  return svg;
}

const MORE_ICON = 'M5 12h.01M12 12h.01M19 12h.01';
const CLOSE_ICON = 'M6 6l12 12M18 6L6 18';

interface Parts {
  host: HTMLElement;
  shadow: ShadowRoot;
  root: HTMLElement;
  pill: HTMLElement;
  open: HTMLButtonElement;
  openLabel: HTMLElement;
  more: HTMLButtonElement;
  dismiss: HTMLButtonElement;
  menu: HTMLElement;
  hideSite: HTMLButtonElement;
  snooze: HTMLButtonElement;
  toast: HTMLElement;
  toastText: HTMLElement;
  undo: HTMLButtonElement;
  card: HTMLIFrameElement | null;
}

const KEY_EVENTS = ['keydown', 'keyup', 'keypress'] as const;
/** How long after the card frame's first load our card page must have said hello, or the frame is replaced. */
export const CARD_READY_MS = 5000;
/** How many times a page may make us replace the card frame before the card is given up on this page. */
const MAX_CARD_REPLACEMENTS = 5;

/** The overlay of one page: returns the handler for the commands the content script passes on. */
export function createOverlay(env: OverlayEnv): (command: OverlayCommand) => boolean {
  const doc = env.document;
  let parts: Parts | null = null;
  let labels: OverlayLabels | null = null;
  let side: OverlaySide = 'right';
  let lang = 'en';
  /** Whether the pill may show (the keyboard command opens the card on a site where the reader hid the pill). */
  let pillAllowed = true;
  /** The address on which the reader dismissed the pill (×): it stays away there. */
  let dismissedAt: string | null = null;
  /** Where focus was when the card opened: it goes back there when the card closes. */
  let returnFocus: HTMLElement | null = null;
  let toastTimer: ReturnType<typeof setTimeout> | undefined;
  let toastUndo: OverlayAction | null = null;
  let toastSite: string | null = null;
  /** Whether the card page in the current frame has said hello (see createCard). */
  let cardReady = false;
  let readyTimer: ReturnType<typeof setTimeout> | undefined;
  let replacements = 0;

  const button = (cls: string, text: string | null, label?: string): HTMLButtonElement => {
    const b = doc.createElement('button');
    b.type = 'button';
    b.className = cls;
    if (text !== null) b.textContent = text;
    if (label) {
      b.setAttribute('aria-label', label);
      b.title = label;
    }
    return b;
  };
  /** A listener that acts only on what a person did (a page's script cannot click inside a closed root anyway). */
  const onTrusted = (el: HTMLElement, handler: () => void) =>
    el.addEventListener('click', (event) => {
      if (event.isTrusted) handler();
    });

  function build(l: OverlayLabels): Parts {
    const host = doc.createElement(OVERLAY_HOST_TAG);
    const shadow = host.attachShadow({ mode: 'closed' });
    const style = doc.createElement('style');
    style.textContent = PILL_CSS;
    const root = doc.createElement('aside');
    root.className = 'root';

    const pill = doc.createElement('div');
    pill.className = 'pill';
    const open = button('open', null);
    open.setAttribute('aria-haspopup', 'dialog');
    open.setAttribute('aria-expanded', 'false');
    const openLabel = doc.createElement('span');
    open.append(mark(doc), openLabel);
    const more = button('more icon', null);
    more.setAttribute('aria-expanded', 'false');
    more.append(icon(doc, MORE_ICON, 3.5));
    const dismiss = button('dismiss icon', null);
    dismiss.append(icon(doc, CLOSE_ICON));
    pill.append(open, more, dismiss);

    const menu = doc.createElement('div');
    menu.className = 'menu';
    menu.id = 'prism-lens-menu';
    menu.hidden = true;
    more.setAttribute('aria-controls', menu.id);
    const hideSite = button('hide-site', '');
    const snooze = button('snooze', '');
    menu.append(hideSite, snooze);

    const toast = doc.createElement('div');
    toast.className = 'toast';
    toast.setAttribute('role', 'status');
    toast.hidden = true;
    const toastText = doc.createElement('span');
    toastText.className = 'toast-text';
    const undo = button('undo', '');
    toast.append(toastText, undo);

    root.append(pill, menu, toast);
    shadow.append(style, root);
    // The page's own keyboard shortcuts never see keys pressed on the pill (the events stop at our root).
    for (const type of KEY_EVENTS) shadow.addEventListener(type, (e) => e.stopPropagation());
    shadow.addEventListener('keydown', (e) => {
      const key = (e as KeyboardEvent).key;
      if (key === 'Escape' && !menu.hidden) {
        closeMenu();
        more.focus();
      }
    });

    const p: Parts = {
      host,
      shadow,
      root,
      pill,
      open,
      openLabel,
      more,
      dismiss,
      menu,
      hideSite,
      snooze,
      toast,
      toastText,
      undo,
      card: null,
    };
    onTrusted(open, () => (isCardOpen() ? closeCard() : openCard()));
    onTrusted(more, () => (menu.hidden ? openMenu() : closeMenu()));
    onTrusted(dismiss, () => {
      dismissedAt = env.location();
      unmount();
    });
    onTrusted(hideSite, () => void env.send({ type: OVERLAY_ACTION_TYPE, action: 'hide-site' }).catch(() => undefined));
    onTrusted(snooze, () => void env.send({ type: OVERLAY_ACTION_TYPE, action: 'snooze' }).catch(() => undefined));
    onTrusted(undo, () => {
      if (!toastUndo) return;
      const action = toastUndo;
      void env
        .send({ type: OVERLAY_ACTION_TYPE, action, ...(toastSite ? { site: toastSite } : {}) })
        .catch(() => undefined);
    });
    // The notice stays while the reader is on it (hover or focus), then goes.
    for (const type of ['pointerenter', 'focusin']) toast.addEventListener(type, () => clearTimeout(toastTimer));
    for (const type of ['pointerleave', 'focusout']) toast.addEventListener(type, () => scheduleToastEnd());
    applyLabels(p, l);
    return p;
  }

  function applyLabels(p: Parts, l: OverlayLabels) {
    p.root.setAttribute('aria-label', l.region);
    p.root.lang = lang;
    p.root.classList.toggle('side-left', side === 'left');
    p.openLabel.textContent = l.pill;
    p.open.setAttribute('aria-label', l.open);
    for (const [b, text] of [
      [p.more, l.more],
      [p.dismiss, l.dismiss],
    ] as const) {
      b.setAttribute('aria-label', text);
      b.title = text;
    }
    p.hideSite.textContent = l.hideSite;
    p.snooze.textContent = l.snooze;
    p.undo.textContent = l.undo;
    if (p.card) p.card.title = l.card;
  }

  /** The host at the end of `<html>`, created once (and put back there if something moved it). */
  function ensure(l: OverlayLabels): Parts {
    parts ??= build(l);
    applyLabels(parts, l);
    const html = doc.documentElement;
    if (parts.host.parentNode !== html) html.append(parts.host);
    return parts;
  }

  const isCardOpen = () => Boolean(parts?.card && !parts.card.hidden);

  function openMenu() {
    if (!parts) return;
    parts.menu.hidden = false;
    parts.more.setAttribute('aria-expanded', 'true');
    parts.hideSite.focus();
  }
  function closeMenu() {
    if (!parts) return;
    parts.menu.hidden = true;
    parts.more.setAttribute('aria-expanded', 'false');
  }

  /** The element that has focus now, looking into our own shadow root (the page's focus would say: our host). */
  function focused(): HTMLElement | null {
    const active = doc.activeElement;
    if (parts && active === parts.host) return (parts.shadow.activeElement as HTMLElement | null) ?? null;
    return active instanceof HTMLElement && active !== doc.body ? active : null;
  }
  const focusInside = () => Boolean(parts && doc.activeElement === parts.host);

  function openCard() {
    if (!parts || !labels) return;
    closeMenu();
    const from = focused();
    // Focus inside the card (its frame) is not a place to come back to.
    returnFocus = from && from !== parts.card ? from : null;
    if (!parts.card) {
      if (replacements > MAX_CARD_REPLACEMENTS) return;
      parts.card = createCard(parts, labels);
    }
    parts.card.hidden = false;
    parts.open.setAttribute('aria-expanded', 'true');
    focusCard(parts.card);
  }

  /**
   * The card's frame. A page can navigate any frame it can count (`frames[i].location = …`, closed shadow root or
   * not) and put its own page in the card's place. Our card page never navigates itself, and says hello when it
   * starts (the background relays it: `card-ready`), so a frame that loads a second time, or loads once and does not
   * say hello within CARD_READY_MS, holds something else: it is replaced by a new frame of ours.
   */
  function createCard(p: Parts, l: OverlayLabels): HTMLIFrameElement {
    const card = doc.createElement('iframe');
    card.className = 'card';
    card.title = l.card;
    card.src = env.cardUrl();
    // The card's "Copy" buttons write to the clipboard.
    card.allow = 'clipboard-write';
    cardReady = false;
    guardAgainstCover(card);
    let loads = 0;
    card.addEventListener('load', () => {
      loads += 1;
      clearTimeout(readyTimer);
      if (loads > 1) return replaceCard(card);
      readyTimer = setTimeout(() => {
        if (!cardReady) replaceCard(card);
      }, CARD_READY_MS);
      // Focus given to the frame before its page has loaded is lost when the page arrives: give it again then.
      if (!card.hidden && focusInside()) focusCard(card);
    });
    p.root.append(card);
    return card;
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
  function guardAgainstCover(card: HTMLIFrameElement) {
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

  function replaceCard(card: HTMLIFrameElement) {
    if (!parts || parts.card !== card || !labels) return;
    clearTimeout(readyTimer);
    const shown = !card.hidden;
    const hadFocus = focusInside() && focused() === card;
    card.remove();
    parts.card = null;
    replacements += 1;
    if (replacements > MAX_CARD_REPLACEMENTS) {
      // The page keeps taking the frame: no card on this page (the popup and side panel still show the story).
      parts.open.setAttribute('aria-expanded', 'false');
      return;
    }
    const fresh = createCard(parts, labels);
    fresh.hidden = !shown;
    parts.card = fresh;
    if (hadFocus) focusCard(fresh);
  }

  function focusCard(card: HTMLIFrameElement) {
    card.focus();
    card.contentWindow?.focus();
  }

  function closeCard(restoreFocus = true) {
    if (!parts?.card || parts.card.hidden) return;
    const hadFocus = focusInside();
    parts.card.hidden = true;
    parts.open.setAttribute('aria-expanded', 'false');
    if (restoreFocus && hadFocus) restore();
  }

  /** Focus back where it was before the card opened (or on the pill, if that is gone). */
  function restore() {
    const target = returnFocus;
    returnFocus = null;
    if (target?.isConnected) {
      target.focus();
      if (doc.activeElement === target || (parts && doc.activeElement === parts.host)) return;
    }
    if (parts && !parts.pill.hidden) parts.open.focus();
  }

  function showPill(show: boolean) {
    if (!parts) return;
    parts.pill.hidden = !show;
    if (!show) closeMenu();
  }

  function hideToast() {
    clearTimeout(toastTimer);
    toastUndo = null;
    toastSite = null;
    if (parts) parts.toast.hidden = true;
  }
  function scheduleToastEnd() {
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => {
      // The notice is over: the overlay leaves the page (nothing of ours stays).
      const hadFocus = focusInside();
      unmount();
      if (hadFocus) returnFocus?.focus();
      returnFocus = null;
    }, TOAST_MS);
  }

  function unmount() {
    clearTimeout(toastTimer);
    clearTimeout(readyTimer);
    const hadFocus = focusInside();
    parts?.host.remove();
    parts = null;
    if (hadFocus && returnFocus?.isConnected) returnFocus.focus();
  }

  return (command: OverlayCommand): boolean => {
    switch (command.command) {
      case 'mount': {
        labels = command.labels;
        side = command.side;
        lang = command.lang;
        pillAllowed = true;
        if (dismissedAt !== null && dismissedAt === env.location()) return false;
        dismissedAt = null;
        const p = ensure(command.labels);
        hideToast();
        showPill(true);
        return p.host.isConnected;
      }
      case 'toggle': {
        labels = command.labels;
        side = command.side;
        lang = command.lang;
        pillAllowed = command.pill && dismissedAt !== env.location();
        ensure(command.labels);
        if (!parts!.toast.hidden) hideToast();
        showPill(pillAllowed);
        if (isCardOpen()) closeCard();
        else openCard();
        return true;
      }
      case 'close': {
        closeCard();
        // Opened by the keyboard where the pill may not show: closing leaves nothing behind.
        if (parts && !pillAllowed && parts.toast.hidden) unmount();
        return true;
      }
      case 'hidden': {
        if (!parts || !labels) return false;
        const hadFocus = focusInside();
        closeCard(false);
        showPill(false);
        toastUndo = command.kind === 'site' ? 'undo-hide-site' : 'undo-snooze';
        toastSite = command.site;
        parts.toastText.textContent =
          command.kind === 'site' ? labels.hiddenSite.replace('$1', command.site ?? '') : labels.snoozed;
        parts.toast.hidden = false;
        if (hadFocus) parts.undo.focus();
        scheduleToastEnd();
        return true;
      }
      case 'unmount': {
        unmount();
        return true;
      }
      case 'card-ready': {
        cardReady = true;
        return true;
      }
      default:
        return false;
    }
  };
}
