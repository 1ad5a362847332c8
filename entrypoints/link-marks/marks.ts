/**
 * The marks on a page (loaded into the content script's isolated world only where marks run:
 * entrypoints/link-marks/index.ts). It watches the page's links with an IntersectionObserver and asks the background
 * about those the reader can see, in batches (utils/link-marks/batch.ts); new links as the page grows come through
 * a MutationObserver, bounded per flush. A link the background names gets one mark, right after it: a `span` of
 * ours with a closed shadow root holding one button, named "PRISM analysis" ("PRISM analysis: <headline>" once the
 * reader opened it). Nothing is added to a page until a link is named, so a page without a link to an analysed
 * article is left exactly as it was. A trusted activation asks the background to open the analysis.
 */
import { FLUSH_MS, LinkQueue, MAX_MUTATIONS_PER_FLUSH } from '@/utils/link-marks/batch';
import {
  LINK_MARKS_ASK_TYPE,
  LINK_MARKS_OPEN_TYPE,
  type LinkMarkLabels,
  type LinkMarksAsk,
  type LinkMarksCommand,
  type LinkMarksOpen,
  type LinkMarksOpened,
} from '@/utils/messages';
import { MARK_CSS } from './mark-style';

/** A built-in element, never a custom element's name (components/overlay/pill.ts, OVERLAY_HOST_TAG, says why). */
export const MARK_HOST_TAG = 'span';
/** Links this far outside the viewport count as visible (their marks are there when they scroll in). */
const ROOT_MARGIN = '200px';

export interface LinkMarksEnv {
  document: Document;
  send: (message: LinkMarksAsk | LinkMarksOpen) => Promise<unknown>;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** The PRISM mark (assets/icon.svg), 16 px. */
function markIcon(doc: Document): SVGSVGElement {
  const svg = doc.createElementNS(SVG_NS, 'svg');
  for (const [k, v] of Object.entries({ viewBox: '0 0 128 128', 'aria-hidden': 'true', focusable: 'false' })) {
    svg.setAttribute(k, v);
  }
  const parts: [string, Record<string, string>][] = [
    ['rect', { class: 'ring', x: '4', y: '4', width: '120', height: '120', rx: '28' }],
    [
      'path',
      { d: 'M64 22 L104 92 H24 Z', fill: 'none', stroke: '#ffffff', 'stroke-width': '12', 'stroke-linejoin': 'round' },
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

interface Mark {
  host: HTMLElement;
  button: HTMLButtonElement;
  href: string;
}

/** The function the content script calls with the background's commands. */
export function createLinkMarks(env: LinkMarksEnv): (command: LinkMarksCommand) => boolean {
  const doc = env.document;
  const win = doc.defaultView!;
  let labels: LinkMarkLabels = { mark: 'PRISM analysis', named: 'PRISM analysis: $1' };
  let lang: 'en' | 'ko' = 'en';
  let running = false;
  let queue = new LinkQueue();
  /** Answers: true when the link leads to an analysed article. */
  let answers = new Map<string, boolean>();
  /** Visible links waiting for their answer, by href. */
  let waiting = new Map<string, Set<HTMLAnchorElement>>();
  let marks = new Map<HTMLAnchorElement, Mark>();
  let observed = new WeakSet<Element>();
  const headlines = new Map<string, string>();
  let io: IntersectionObserver | null = null;
  let mo: MutationObserver | null = null;
  let flushTimer: ReturnType<typeof setTimeout> | null = null;
  let inFlight = false;
  let added: Node[] = [];
  let addedTimer: ReturnType<typeof setTimeout> | null = null;
  let rescan = false;

  /** One constructed sheet for every mark (a page's CSP does not apply to it, as it would to a `<style>`). */
  let css: CSSStyleSheet | null = null;
  const sheet = () => {
    if (!css) {
      css = new win.CSSStyleSheet();
      css.replaceSync(MARK_CSS);
    }
    return css;
  };

  const nameOf = (href: string) => {
    const headline = headlines.get(href);
    return headline ? labels.named.replace('$1', headline) : labels.mark;
  };

  function label(mark: Mark): void {
    const name = nameOf(mark.href);
    mark.button.setAttribute('aria-label', name);
    mark.button.title = name;
  }

  async function open(href: string): Promise<void> {
    const answer = (await env.send({ type: LINK_MARKS_OPEN_TYPE, href }).catch(() => null)) as LinkMarksOpened | null;
    if (!answer?.headline) return;
    headlines.set(href, answer.headline);
    for (const mark of marks.values()) if (mark.href === href) label(mark);
  }

  function addMark(a: HTMLAnchorElement): void {
    if (marks.has(a) || !a.isConnected) return;
    const href = a.href;
    const host = doc.createElement(MARK_HOST_TAG);
    const shadow = host.attachShadow({ mode: 'closed' });
    const button = doc.createElement('button');
    button.type = 'button';
    button.lang = lang;
    button.append(markIcon(doc));
    // Only the reader's own activation opens anything (a page's synthetic click is not trusted).
    button.addEventListener('click', (event) => {
      event.preventDefault();
      event.stopPropagation();
      if (event.isTrusted) void open(href);
    });
    // The page's own handlers (a card made clickable, keyboard shortcuts) never see what happens on the mark.
    for (const type of ['pointerdown', 'mousedown', 'mouseup', 'keydown', 'keyup', 'keypress'] as const) {
      shadow.addEventListener(type, (event) => event.stopPropagation());
    }
    try {
      shadow.adoptedStyleSheets = [sheet()];
    } catch {
      // Firefox's content scripts cannot always hand the page's shadow root a sheet of their own: a <style> then.
      const style = doc.createElement('style');
      style.textContent = MARK_CSS;
      shadow.append(style);
    }
    shadow.append(button);
    const mark = { host, button, href };
    label(mark);
    marks.set(a, mark);
    a.after(host);
  }

  function onAnswer(batch: string[], hits: unknown): void {
    // No answer (the background was restarting, or refused): these links are asked again at their next sighting.
    if (!Array.isArray(hits)) {
      for (const href of batch) {
        const anchors = waiting.get(href);
        waiting.delete(href);
        queue.forget(href);
        for (const a of anchors ?? []) {
          observed.delete(a);
          watch(a);
        }
      }
      return;
    }
    const yes = new Set(hits.filter((h): h is string => typeof h === 'string'));
    for (const href of batch) {
      answers.set(href, yes.has(href));
      const anchors = waiting.get(href);
      waiting.delete(href);
      if (yes.has(href) && anchors) for (const a of anchors) addMark(a);
    }
  }

  function flush(): void {
    flushTimer = null;
    if (!running || inFlight || queue.size === 0) return;
    const batch = queue.take();
    inFlight = true;
    void env
      .send({ type: LINK_MARKS_ASK_TYPE, hrefs: batch })
      .then(
        (hits) => running && onAnswer(batch, hits),
        () => undefined,
      )
      .finally(() => {
        inFlight = false;
        if (running && queue.size > 0) schedule();
      });
  }

  function schedule(): void {
    flushTimer ??= setTimeout(flush, FLUSH_MS);
  }

  function seen(a: HTMLAnchorElement): void {
    const href = a.href;
    const answer = answers.get(href);
    if (answer === true) addMark(a);
    if (answer !== undefined) return;
    const list = waiting.get(href);
    if (list) list.add(a);
    else if (queue.add(href)) {
      waiting.set(href, new Set([a]));
      schedule();
    }
  }

  function watch(a: Element): void {
    if (observed.has(a) || !(a instanceof win.HTMLAnchorElement) || !/^https?:/i.test(a.href)) return;
    observed.add(a);
    io?.observe(a);
  }

  function watchWithin(node: Node): void {
    if (!(node instanceof win.Element)) return;
    if (node instanceof win.HTMLAnchorElement) watch(node);
    for (const a of node.querySelectorAll('a[href]')) watch(a);
  }

  function onAdded(): void {
    addedTimer = null;
    if (!running) return;
    if (rescan) {
      rescan = false;
      added = [];
      watchWithin(doc.documentElement);
      return;
    }
    const nodes = added;
    added = [];
    for (const node of nodes) watchWithin(node);
  }

  function begin(): void {
    running = true;
    io = new win.IntersectionObserver(
      (entries) => {
        for (const entry of entries) {
          if (!entry.isIntersecting) continue;
          io?.unobserve(entry.target);
          seen(entry.target as HTMLAnchorElement);
        }
      },
      { rootMargin: ROOT_MARGIN },
    );
    mo = new win.MutationObserver((records) => {
      for (const record of records) {
        for (const node of record.addedNodes) {
          if (node.nodeType !== 1) continue;
          if (added.length >= MAX_MUTATIONS_PER_FLUSH) rescan = true;
          else added.push(node);
        }
      }
      if (added.length > 0 || rescan) addedTimer ??= setTimeout(onAdded, FLUSH_MS);
    });
    mo.observe(doc.documentElement, { childList: true, subtree: true });
    watchWithin(doc.documentElement);
  }

  function end(): void {
    running = false;
    io?.disconnect();
    mo?.disconnect();
    io = mo = null;
    if (flushTimer) clearTimeout(flushTimer);
    if (addedTimer) clearTimeout(addedTimer);
    flushTimer = addedTimer = null;
    for (const mark of marks.values()) mark.host.remove();
    marks = new Map();
    answers = new Map();
    waiting = new Map();
    observed = new WeakSet();
    queue = new LinkQueue();
    added = [];
    rescan = false;
    inFlight = false;
  }

  return (command) => {
    if (command.command === 'stop') {
      end();
      return true;
    }
    labels = command.labels;
    lang = command.lang;
    for (const mark of marks.values()) {
      mark.button.lang = lang;
      label(mark);
    }
    if (!running) begin();
    return true;
  };
}
