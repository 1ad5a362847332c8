/**
 * The overlay in the page: the pill (a closed shadow root on one element of ours, appended at the end of `<html>`,
 * never inside the site's own tree: pill-dom.ts) and the reading card's frame (an iframe of the extension page
 * `overlay-card.html`, created when the reader first opens it: card-frame.ts). Plain DOM, no framework: this runs in
 * the page's renderer, on analysed articles only (index.ts beside it is loaded after a confirmed match).
 *
 * Nothing of the site's is touched: no attribute or class on its elements, no listener on its window or document.
 * Keys pressed on the pill's buttons stop at the shadow root (the site's shortcuts never see them); keys typed in
 * the card never reach the page at all (another document, another origin). Clicks count only when the browser
 * says a person made them (`isTrusted`): a page can neither open the card nor hide the pill by script.
 */
import { OVERLAY_ACTION_TYPE, TOAST_MS, type OverlayAction, type OverlayCommand } from '@/utils/messages';
import { INITIAL_PILL_STATE, pillStep, type PillEffect, type PillEvent, type PillState } from '@/utils/pill-commands';
import { createCardFrame, focusCard } from './card-frame';
import { buildPill, labelPill, type PillParts } from './pill-dom';

export { CARD_READY_MS } from './card-frame';
export { OVERLAY_HOST_TAG } from './pill-dom';

export interface OverlayEnv {
  document: Document;
  /** The card page's address (Chrome: the per-session dynamic URL, so a page cannot probe for it). */
  cardUrl: () => string;
  /** Sends a message to the background. */
  send: (message: { type: typeof OVERLAY_ACTION_TYPE; action: OverlayAction; site?: string }) => Promise<unknown>;
  /** The address of the page now (the pill dismissed on one address stays dismissed there). */
  location: () => string;
}

/**
 * The overlay of one page: returns the handler for the commands the content script passes on. What each command
 * does is decided by `pillStep` (utils/pill-commands.ts, pure); this carries it out on the DOM, and keeps what only
 * the DOM knows: focus, the notice's timer, the card's frame.
 */
export function createOverlay(env: OverlayEnv): (command: OverlayCommand) => boolean {
  const doc = env.document;
  let state: PillState = INITIAL_PILL_STATE;
  let parts: PillParts | null = null;
  /** Where focus was when the card opened: it goes back there when the card closes. */
  let returnFocus: HTMLElement | null = null;
  let toastTimer: ReturnType<typeof setTimeout> | undefined;

  /** The element that has focus now, looking into our own shadow root (the page's focus would say: our host). */
  function focused(): HTMLElement | null {
    const active = doc.activeElement;
    if (parts && active === parts.host) return (parts.shadow.activeElement as HTMLElement | null) ?? null;
    return active instanceof HTMLElement && active !== doc.body ? active : null;
  }
  const focusInside = () => Boolean(parts && doc.activeElement === parts.host);

  const card = createCardFrame({
    document: doc,
    url: env.cardUrl,
    focusInside,
    focused,
    onGiveUp: () => parts?.open.setAttribute('aria-expanded', 'false'),
  });

  /** A listener that acts only on what a person did (a page's script cannot click inside a closed root anyway). */
  const onTrusted = (el: HTMLElement, handler: () => void) =>
    el.addEventListener('click', (event) => {
      if (event.isTrusted) handler();
    });
  const send = (action: OverlayAction, site?: string | null) =>
    void env.send({ type: OVERLAY_ACTION_TYPE, action, ...(site ? { site } : {}) }).catch(() => undefined);

  function build(): PillParts {
    const p = buildPill(doc);
    p.shadow.addEventListener('keydown', (e) => {
      if ((e as KeyboardEvent).key === 'Escape' && !p.menu.hidden) {
        closeMenu();
        p.more.focus();
      }
    });
    onTrusted(p.open, () => (card.isOpen() ? closeCard(true) : openCard()));
    onTrusted(p.more, () => (p.menu.hidden ? openMenu() : closeMenu()));
    onTrusted(p.dismiss, () => dispatch({ command: 'dismiss' }));
    onTrusted(p.hideSite, () => send('hide-site'));
    onTrusted(p.snooze, () => send('snooze'));
    onTrusted(p.undo, () => {
      if (state.notice) send(state.notice.undo, state.notice.site);
    });
    // The notice stays while the reader is on it (hover or focus), then goes.
    for (const type of ['pointerenter', 'focusin']) p.toast.addEventListener(type, () => clearTimeout(toastTimer));
    for (const type of ['pointerleave', 'focusout']) p.toast.addEventListener(type, () => scheduleNoticeEnd());
    return p;
  }

  /** The host at the end of `<html>`, created once (and put back there if something moved it). */
  function render(): void {
    parts ??= build();
    if (state.labels) labelPill(parts, state.labels, state.side, state.lang, card.element);
    const html = doc.documentElement;
    if (parts.host.parentNode !== html) html.append(parts.host);
  }

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

  function openCard() {
    if (!parts || !state.labels) return;
    closeMenu();
    const from = focused();
    // Focus inside the card (its frame) is not a place to come back to.
    returnFocus = from && from !== card.element ? from : null;
    const frame = card.show(parts.root, state.labels.card);
    if (!frame) return;
    parts.open.setAttribute('aria-expanded', 'true');
    focusCard(frame);
  }

  function closeCard(restoreFocus: boolean) {
    if (!parts || !card.isOpen()) return;
    const hadFocus = focusInside();
    card.hide();
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

  function scheduleNoticeEnd() {
    clearTimeout(toastTimer);
    toastTimer = setTimeout(() => {
      // The notice is over: the overlay leaves the page (nothing of ours stays).
      const hadFocus = focusInside();
      dispatch({ command: 'notice-over' });
      if (hadFocus) returnFocus?.focus();
      returnFocus = null;
    }, TOAST_MS);
  }

  function unmount() {
    clearTimeout(toastTimer);
    card.detach();
    const hadFocus = focusInside();
    parts?.host.remove();
    parts = null;
    if (hadFocus && returnFocus?.isConnected) returnFocus.focus();
  }

  /** Carries out one effect; `hadFocus`: whether focus was inside our host when the command came. */
  function apply(effect: PillEffect, hadFocus: boolean) {
    switch (effect.do) {
      case 'render':
        return render();
      case 'show-pill':
        return showPill(effect.show);
      case 'open-card':
        return openCard();
      case 'close-card':
        return closeCard(effect.restoreFocus);
      case 'show-notice':
        if (!parts) return;
        parts.toastText.textContent = effect.text;
        parts.toast.hidden = false;
        if (hadFocus) parts.undo.focus();
        return scheduleNoticeEnd();
      case 'hide-notice':
        clearTimeout(toastTimer);
        if (parts) parts.toast.hidden = true;
        return;
      case 'unmount':
        return unmount();
      case 'card-ready':
        return card.ready();
    }
  }

  function dispatch(event: PillEvent): boolean {
    const hadFocus = focusInside();
    const step = pillStep(state, event, { location: env.location(), mounted: parts !== null, cardOpen: card.isOpen() });
    state = step.state;
    for (const effect of step.effects) apply(effect, hadFocus);
    return step.answer === 'if-mounted' ? Boolean(parts?.host.isConnected) : step.answer;
  }

  return dispatch;
}
