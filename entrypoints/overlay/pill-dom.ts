/**
 * The pill's elements: one host of ours (a built-in `div`) with a closed shadow root holding the pill, its menu and
 * its notice, built once per page and labelled in the reader's language. Only elements: what they do is pill.ts's.
 */
import { PRISM_MARK, PRISM_MARK_VIEWBOX } from '@/utils/prism-mark';
import type { OverlayLabels, OverlaySide } from '@/utils/messages';
import { PILL_CSS } from './pill-style';

/**
 * The host element: one element of ours, the last child of `<html>`. A built-in `div`, never a custom element's
 * name: a page that ran `customElements.define(<our name>, …)` first would have its constructor run on our host (it
 * could take the shadow root, or read the card frame's address through `attachInternals`), and a name picked at
 * random per load would still be one `define` away once read off the DOM. No page can define or upgrade a `div`
 * (`is` is never set on it), `attachShadow` is allowed on it, and the page's patches of `Element.prototype` do not
 * reach this isolated world.
 */
export const OVERLAY_HOST_TAG = 'div';

const SVG_NS = 'http://www.w3.org/2000/svg';

/** The PRISM mark (utils/prism-mark.ts), at 22 px. */
function mark(doc: Document): SVGSVGElement {
  const svg = doc.createElementNS(SVG_NS, 'svg');
  svg.setAttribute('viewBox', PRISM_MARK_VIEWBOX);
  svg.setAttribute('width', '22');
  svg.setAttribute('height', '22');
  svg.setAttribute('aria-hidden', 'true');
  svg.setAttribute('focusable', 'false');
  for (const [tag, attrs] of PRISM_MARK) {
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

export interface PillParts {
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
}

const KEY_EVENTS = ['keydown', 'keyup', 'keypress'] as const;

/** The elements, not yet in the page. Keys pressed inside stop at the shadow root: the page's shortcuts never see them. */
export function buildPill(doc: Document): PillParts {
  const button = (cls: string, text: string | null): HTMLButtonElement => {
    const b = doc.createElement('button');
    b.type = 'button';
    b.className = cls;
    if (text !== null) b.textContent = text;
    return b;
  };
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
  for (const type of KEY_EVENTS) shadow.addEventListener(type, (e) => e.stopPropagation());
  return { host, shadow, root, pill, open, openLabel, more, dismiss, menu, hideSite, snooze, toast, toastText, undo };
}

/** The reader's language on every element (and the card frame's title, when there is one). */
export function labelPill(
  p: PillParts,
  l: OverlayLabels,
  side: OverlaySide,
  lang: string,
  card: HTMLIFrameElement | null,
): void {
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
  if (card) card.title = l.card;
}
