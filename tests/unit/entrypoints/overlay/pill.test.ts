// @vitest-environment happy-dom
// @vitest-environment-options {"settings":{"enableIframePageLoading":true,"disableIframePageLoading":false}}
/**
 * The overlay in a page (entrypoints/overlay/pill.ts), in happy-dom: what it adds (one host element at the end of
 * <html>, a closed shadow root, nothing on the site's elements), what it ignores (clicks a script made, keys that
 * would reach the page's shortcuts), the card's frame and focus, the notice with its undo, and leaving no trace.
 * The closed shadow root is reached by wrapping attachShadow (a page's script could not do that after the fact).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PAGE_OVERLAY_TYPE, TOAST_MS, type OverlayCommand, type OverlayLabels } from '../../../../utils/messages';
import { CARD_READY_MS, OVERLAY_HOST_TAG, createOverlay } from '../../../../entrypoints/overlay/pill';

const labels: OverlayLabels = {
  pill: 'PRISM analysis',
  open: 'Open the PRISM analysis of this article',
  region: 'PRISM Lens',
  more: 'More options',
  dismiss: 'Close for this page',
  hideSite: 'Hide on this site',
  snooze: 'Snooze for 30 days',
  hiddenSite: 'PRISM Lens will not show on $1.',
  snoozed: 'PRISM Lens is snoozed for 30 days.',
  undo: 'Undo',
  card: 'PRISM analysis of this article',
};
const mount: OverlayCommand = { type: PAGE_OVERLAY_TYPE, command: 'mount', labels, side: 'right', lang: 'en' };
const toggle = (pill = true): OverlayCommand => ({
  type: PAGE_OVERLAY_TYPE,
  command: 'toggle',
  labels,
  side: 'right',
  lang: 'en',
  pill,
});

/** The card page's address (in the extension, the per-session URL; here a page happy-dom can load). */
const CARD_URL = 'data:text/html,<p>card</p>';

let roots: ShadowRoot[];
let send: ReturnType<typeof vi.fn>;
let href: string;
let overlay: (c: OverlayCommand) => boolean;

beforeEach(() => {
  document.documentElement.innerHTML =
    '<head><title>Article</title></head><body><main id="app"><h1 tabindex="-1">Headline</h1><p>Text</p></main></body>';
  roots = [];
  const attach = Element.prototype.attachShadow;
  vi.spyOn(Element.prototype, 'attachShadow').mockImplementation(function (this: Element, init: ShadowRootInit) {
    const root = attach.call(this, init);
    roots.push(root);
    return root;
  });
  send = vi.fn(async () => true);
  href = 'https://www.scmp.com/news/a';
  overlay = createOverlay({ document, cardUrl: () => CARD_URL, send: send as never, location: () => href });
});
afterEach(() => {
  overlay({ type: PAGE_OVERLAY_TYPE, command: 'unmount' });
  vi.useRealTimers();
});

const host = () => document.querySelector(`html > ${OVERLAY_HOST_TAG}`) as HTMLElement | null;
const root = () => roots.at(-1)!;
const part = <T extends Element = HTMLElement>(cls: string) => root().querySelector(`.${cls}`) as T | null;
/** A click the browser says a person made. */
function trustedClick(el: Element) {
  const event = new MouseEvent('click', { bubbles: true, composed: true });
  Object.defineProperty(event, 'isTrusted', { value: true });
  el.dispatchEvent(event);
}
const visible = (cls: string) => {
  for (let el = part(cls) as Element | null; el && el !== (root() as unknown as Element); el = el.parentElement) {
    if ((el as HTMLElement).hidden) return false;
  }
  return part(cls) !== null;
};

describe('mounting', () => {
  it('adds one element at the end of <html>, with a closed shadow root, and touches nothing of the site', () => {
    const before = document.body.outerHTML;
    expect(overlay(mount)).toBe(true);
    expect(document.documentElement.lastElementChild?.tagName.toLowerCase()).toBe(OVERLAY_HOST_TAG);
    expect(host()!.attributes.length).toBe(0);
    expect(host()!.shadowRoot).toBeNull(); // closed
    expect(Element.prototype.attachShadow).toHaveBeenCalledWith({ mode: 'closed' });
    expect(document.body.outerHTML).toBe(before);
    expect(document.head.querySelectorAll('style, link').length).toBe(0);
    // Mounting again changes nothing.
    overlay(mount);
    expect(document.querySelectorAll(`html > ${OVERLAY_HOST_TAG}`)).toHaveLength(1);
  });

  it('says "PRISM analysis" with the mark, in the reader\'s language, on the chosen side', () => {
    overlay({
      ...mount,
      lang: 'ko',
      side: 'left',
      labels: { ...labels, pill: 'PRISM 분석', region: 'PRISM Lens' },
    } as OverlayCommand);
    const open = part('open')!;
    expect(open.textContent).toBe('PRISM 분석');
    expect(open.querySelector('svg')?.getAttribute('aria-hidden')).toBe('true');
    expect(part('root')!.getAttribute('lang')).toBe('ko');
    expect(part('root')!.classList.contains('side-left')).toBe(true);
    expect(root().querySelector('style')!.textContent).toContain('all: initial !important');
  });

  it('unmounting leaves no trace', () => {
    overlay(mount);
    overlay({ type: PAGE_OVERLAY_TYPE, command: 'unmount' });
    expect(host()).toBeNull();
  });
});

describe('what a page cannot do', () => {
  it('ignores clicks a script made', () => {
    overlay(mount);
    part('open')!.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    part('more')!.click();
    part('hide-site')!.click();
    expect(part('card')).toBeNull();
    expect(visible('menu')).toBe(false);
    expect(send).not.toHaveBeenCalled();
  });

  it("keys pressed on the pill stop at its shadow root: the page's shortcuts never see them", () => {
    overlay(mount);
    const heard: string[] = [];
    document.addEventListener('keydown', (e) => heard.push(e.key));
    document.addEventListener('keyup', (e) => heard.push(e.key));
    part('open')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'j', bubbles: true, composed: true }));
    part('open')!.dispatchEvent(new KeyboardEvent('keyup', { key: 'j', bubbles: true, composed: true }));
    expect(heard).toEqual([]);
  });
});

describe('the card', () => {
  it('opens in a frame of the card page, focus goes in, and Esc (close) puts it back', () => {
    overlay(mount);
    part('open')!.focus();
    trustedClick(part('open')!);
    const card = part<HTMLIFrameElement>('card')!;
    expect(card.src).toBe(CARD_URL);
    expect(card.title).toBe(labels.card);
    expect(card.hidden).toBe(false);
    expect(part('open')!.getAttribute('aria-expanded')).toBe('true');
    expect(root().activeElement).toBe(card);
    overlay({ type: PAGE_OVERLAY_TYPE, command: 'close' });
    expect(card.hidden).toBe(true);
    expect(root().activeElement).toBe(part('open'));
    expect(part('open')!.getAttribute('aria-expanded')).toBe('false');
    // Reopened, the same frame (its page is already loaded).
    trustedClick(part('open')!);
    expect(root().querySelectorAll('iframe')).toHaveLength(1);
  });

  it('opened by the keyboard command, gives focus back to the page element that had it', () => {
    overlay(mount);
    const h1 = document.querySelector('h1')!;
    h1.focus();
    overlay(toggle());
    expect(part<HTMLIFrameElement>('card')!.hidden).toBe(false);
    overlay(toggle());
    expect(part<HTMLIFrameElement>('card')!.hidden).toBe(true);
    expect(document.activeElement).toBe(h1);
  });

  it('opened by the keyboard where the pill is hidden: the card alone, and nothing left once it closes', () => {
    overlay(toggle(false));
    expect(visible('pill')).toBe(false);
    expect(part<HTMLIFrameElement>('card')!.hidden).toBe(false);
    overlay({ type: PAGE_OVERLAY_TYPE, command: 'close' });
    expect(host()).toBeNull();
  });

  it('replaces a frame the page navigated away (a second load), and one whose page never said hello', () => {
    vi.useFakeTimers();
    overlay(mount);
    trustedClick(part('open')!);
    const first = part<HTMLIFrameElement>('card')!;
    first.dispatchEvent(new Event('load'));
    overlay({ type: PAGE_OVERLAY_TYPE, command: 'card-ready' });
    vi.advanceTimersByTime(CARD_READY_MS + 1);
    expect(part<HTMLIFrameElement>('card')).toBe(first); // ours: kept
    first.dispatchEvent(new Event('load')); // the page set frames[0].location
    const second = part<HTMLIFrameElement>('card')!;
    expect(second).not.toBe(first);
    expect(first.isConnected).toBe(false);
    expect(second.getAttribute('src')).toBe(CARD_URL);
    expect(second.hidden).toBe(false);
    expect(root().querySelectorAll('iframe')).toHaveLength(1);
    // Navigated before our page arrived: one load, and no hello from our card.
    second.dispatchEvent(new Event('load'));
    const third = part<HTMLIFrameElement>('card')!;
    third.dispatchEvent(new Event('load'));
    vi.advanceTimersByTime(CARD_READY_MS + 1);
    expect(part<HTMLIFrameElement>('card')).not.toBe(third);
    expect(part<HTMLIFrameElement>('card')!.getAttribute('src')).toBe(CARD_URL);
  });
});

describe("the reader's choices", () => {
  it('the menu asks the background to hide the pill on this site; the notice offers an undo, then goes', async () => {
    vi.useFakeTimers();
    overlay(mount);
    trustedClick(part('more')!);
    expect(visible('menu')).toBe(true);
    expect(part('more')!.getAttribute('aria-expanded')).toBe('true');
    trustedClick(part('hide-site')!);
    expect(send).toHaveBeenCalledWith({ type: 'prism:overlay-action', action: 'hide-site' });
    // The background wrote the preference and says so:
    overlay({ type: PAGE_OVERLAY_TYPE, command: 'hidden', kind: 'site', site: 'scmp.com' });
    expect(visible('pill')).toBe(false);
    expect(visible('toast')).toBe(true);
    expect(part('toast-text')!.textContent).toBe('PRISM Lens will not show on scmp.com.');
    expect(part('toast')!.getAttribute('role')).toBe('status');
    trustedClick(part('undo')!);
    expect(send).toHaveBeenLastCalledWith({ type: 'prism:overlay-action', action: 'undo-hide-site', site: 'scmp.com' });
    overlay(mount); // the background's answer to the undo
    expect(visible('pill')).toBe(true);
    expect(visible('toast')).toBe(false);

    trustedClick(part('more')!);
    trustedClick(part('snooze')!);
    expect(send).toHaveBeenLastCalledWith({ type: 'prism:overlay-action', action: 'snooze' });
    overlay({ type: PAGE_OVERLAY_TYPE, command: 'hidden', kind: 'snooze', site: 'scmp.com' });
    expect(part('toast-text')!.textContent).toBe('PRISM Lens is snoozed for 30 days.');
    await vi.advanceTimersByTimeAsync(TOAST_MS + 10);
    expect(host()).toBeNull();
  });

  it('× dismisses the pill on this page only: a mount for the same address is ignored, another address mounts', () => {
    overlay(mount);
    trustedClick(part('dismiss')!);
    expect(host()).toBeNull();
    expect(overlay(mount)).toBe(false);
    expect(host()).toBeNull();
    href = 'https://www.scmp.com/news/b';
    expect(overlay(mount)).toBe(true);
    expect(host()).not.toBeNull();
  });

  it('Esc closes the menu and puts focus on its button', () => {
    overlay(mount);
    trustedClick(part('more')!);
    part('hide-site')!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true, composed: true }));
    expect(visible('menu')).toBe(false);
    expect(root().activeElement).toBe(part('more'));
  });
});
