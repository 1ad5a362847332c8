/**
 * What the legibility tests measure, the same in Chromium and Firefox: the computed type of every text a reader
 * can see, and (Chromium, through CDP) which installed face renders a node.
 */

/** Where the audit found text too small: the element's tag and classes, its size, and the start of its text. */
interface TypeFinding {
  where: string;
  px: number;
  text: string;
}
export interface TypeAudit {
  /** How many rendered text-bearing elements were measured (a page with none would pass anything). */
  checked: number;
  /** Rendered text under 12 px. */
  small: TypeFinding[];
  /** Paragraphs (a `<p>` whose text runs over more than one line) under 14 px. */
  paragraphs: TypeFinding[];
}

/**
 * A function of a document (`TYPE_AUDIT`: an expression for this document, for `evaluate` in a page, a frame, the
 * side panel or Firefox; Firefox's sidebar is audited from another extension page) auditing its rendered
 * text: every text node that has a box on screen (closed `<details>` and `display: none` have none), at the computed
 * font size of its element; and every `<p>` that wraps (one line is a label: a meta line, a button's words).
 */
export const TYPE_AUDIT_OF = `((doc) => {
  const view = doc.defaultView;
  const finding = (el, px) => ({
    where: el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : ''),
    px,
    text: (el.textContent || '').trim().slice(0, 40),
  });
  const small = [];
  const paragraphs = [];
  const seen = new Set();
  const walker = doc.createTreeWalker(doc.body, 4 /* NodeFilter.SHOW_TEXT */);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!el || seen.has(el) || !node.textContent.trim()) continue;
    const range = doc.createRange();
    range.selectNodeContents(node);
    if (![...range.getClientRects()].some((r) => r.width > 0 && r.height > 0)) continue;
    const style = view.getComputedStyle(el);
    if (style.visibility !== 'visible') continue;
    seen.add(el);
    const px = parseFloat(style.fontSize);
    if (px < 12) small.push(finding(el, px));
  }
  for (const p of doc.querySelectorAll('p')) {
    if (p.getClientRects().length === 0) continue;
    const style = view.getComputedStyle(p);
    const px = parseFloat(style.fontSize);
    const line = parseFloat(style.lineHeight) || px * 1.3;
    if (p.getBoundingClientRect().height < line * 1.8) continue;
    if (px < 14) paragraphs.push(finding(p, px));
  }
  return { checked: seen.size, small, paragraphs };
})`;
/** The audit of this document. */
export const TYPE_AUDIT = `${TYPE_AUDIT_OF}(document)`;

/** A face that has Hangul drawn for Korean (Debian's fonts-noto-cjk: "Noto Sans CJK KR"), not a Japanese or generic one. */
export const HANGUL_FACE = /\bKR\b|Korean|Nanum|Malgun|Apple SD Gothic/;

/**
 * The installed face that renders most of the glyphs of the first element matching `selector` (CDP
 * `CSS.getPlatformFontsForNode`), through `send`, a DevTools session of the document.
 */
export async function mainFace(
  send: <T>(method: string, params?: object) => Promise<T>,
  selector: string,
): Promise<string> {
  await send('DOM.enable');
  await send('CSS.enable');
  const { root } = await send<{ root: { nodeId: number } }>('DOM.getDocument', { depth: 0 });
  const { nodeId } = await send<{ nodeId: number }>('DOM.querySelector', { nodeId: root.nodeId, selector });
  if (!nodeId) throw new Error(`no ${selector}`);
  const { fonts } = await send<{ fonts: { familyName: string; glyphCount: number }[] }>('CSS.getPlatformFontsForNode', {
    nodeId,
  });
  return [...fonts].sort((a, b) => b.glyphCount - a.glyphCount)[0]?.familyName ?? '';
}

/**
 * An expression: whether the edition tabs sit on one line (every tab's top the same, each tab one line of text)
 * and fit their list; with the tabs' boxes for the message.
 */
export const TABS_ONE_LINE = `(() => {
  const tabs = [...document.querySelectorAll('[role="tab"]')];
  const boxes = tabs.map((t) => t.getBoundingClientRect());
  const list = document.querySelector('[role="tablist"]').getBoundingClientRect();
  const lines = tabs.map((t) => {
    const s = getComputedStyle(t);
    const inner = t.getBoundingClientRect().height - parseFloat(s.paddingTop) - parseFloat(s.paddingBottom) - parseFloat(s.borderTopWidth) - parseFloat(s.borderBottomWidth);
    return Math.round(inner / parseFloat(s.lineHeight));
  });
  return {
    count: tabs.length,
    oneLine: boxes.every((b) => Math.abs(b.top - boxes[0].top) < 1) && lines.every((n) => n === 1) && boxes.every((b) => b.right <= list.right + 0.5),
    width: Math.round(document.documentElement.clientWidth),
    lines,
    labels: tabs.map((t) => t.textContent),
  };
})()`;
