/**
 * The on-page overlay seen from outside, as a test or a script needs it: its pill lives in a closed shadow root,
 * which neither the page's scripts nor Playwright's locators can enter, so it is read through CDP
 * (`DOM.getDocument` with `pierce: true` shows closed roots) and clicked with real mouse events at its buttons'
 * boxes (the overlay ignores clicks that are not `isTrusted`). The card is an ordinary frame.
 */
import type { CDPSession, Frame, Page } from 'playwright-core';

/** The host's node name (components/overlay/pill.ts: a built-in element no page can define). */
export const OVERLAY_HOST = 'DIV';

/** A node of CDP's `DOM.getDocument` answer (the fields used here). */
export interface CdpNode {
  nodeId: number;
  backendNodeId: number;
  nodeType: number;
  nodeName: string;
  localName?: string;
  nodeValue?: string;
  attributes?: string[];
  children?: CdpNode[];
  shadowRoots?: CdpNode[];
  shadowRootType?: string;
  contentDocument?: CdpNode;
  pseudoElements?: CdpNode[];
  pseudoType?: string;
  templateContent?: CdpNode;
  frameId?: string;
  documentURL?: string;
  baseURL?: string;
  [key: string]: unknown;
}

const sessions = new WeakMap<Page, CDPSession>();
export async function cdpOf(page: Page): Promise<CDPSession> {
  let cdp = sessions.get(page);
  if (!cdp) {
    cdp = await page.context().newCDPSession(page);
    sessions.set(page, cdp);
  }
  return cdp;
}

/** The whole document, shadow roots (open and closed) and same-process frame documents included. */
export async function domTree(page: Page): Promise<CdpNode> {
  const { root } = (await (await cdpOf(page)).send('DOM.getDocument', { depth: -1, pierce: true })) as {
    root: CdpNode;
  };
  return root;
}

/** Every node under `node`, in document order, shadow roots and frame documents included. */
export function* walk(node: CdpNode): Generator<CdpNode> {
  yield node;
  for (const child of [
    ...(node.shadowRoots ?? []),
    ...(node.templateContent ? [node.templateContent] : []),
    ...(node.pseudoElements ?? []),
    ...(node.children ?? []),
    ...(node.contentDocument ? [node.contentDocument] : []),
  ]) {
    yield* walk(child);
  }
}

export const attr = (node: CdpNode, name: string): string | null => {
  const a = node.attributes ?? [];
  for (let i = 0; i < a.length; i += 2) if (a[i] === name) return a[i + 1] ?? '';
  return null;
};
const hasClass = (node: CdpNode, cls: string) => (attr(node, 'class') ?? '').split(/\s+/).includes(cls);

/** The document's `<html>` element. */
export const htmlOf = (root: CdpNode) => root.children?.find((n) => n.nodeName === 'HTML');

/** The overlay's host element (the last child of `<html>`, with a closed shadow root), or null. */
export async function overlayHost(page: Page): Promise<CdpNode | null> {
  const html = htmlOf(await domTree(page));
  const last = html?.children?.at(-1);
  return last?.nodeName === OVERLAY_HOST && last.shadowRoots?.[0]?.shadowRootType === 'closed' ? last : null;
}

/** An element of the overlay's shadow root with class `cls` (`open`, `more`, `dismiss`, `hide-site`…), or null. */
async function overlayPart(page: Page, cls: string): Promise<CdpNode | null> {
  const host = await overlayHost(page);
  const root = host?.shadowRoots?.[0];
  if (!root) return null;
  for (const node of walk(root)) if (node.nodeType === 1 && hasClass(node, cls)) return node;
  return null;
}

/** Whether a part is shown: present, not `hidden` itself and not inside a `hidden` element. */
export async function partShown(page: Page, cls: string): Promise<boolean> {
  const host = await overlayHost(page);
  const root = host?.shadowRoots?.[0];
  if (!root) return false;
  const visit = (node: CdpNode, hiddenAbove: boolean): boolean | null => {
    const hidden = hiddenAbove || attr(node, 'hidden') !== null;
    if (node.nodeType === 1 && hasClass(node, cls)) return !hidden;
    for (const child of node.children ?? []) {
      const found = visit(child, hidden);
      if (found !== null) return found;
    }
    return null;
  };
  return visit(root, false) ?? false;
}

/** A real (trusted) mouse click at the centre of an overlay part. */
export async function clickPart(page: Page, cls: string): Promise<void> {
  const node = await overlayPart(page, cls);
  if (!node) throw new Error(`no overlay part .${cls}`);
  const { model } = (await (await cdpOf(page)).send('DOM.getBoxModel', { backendNodeId: node.backendNodeId })) as {
    model: { content: number[] };
  };
  const q = model.content;
  await page.mouse.click((q[0]! + q[4]!) / 2, (q[1]! + q[5]!) / 2);
}

/** The box of an overlay part in CSS pixels ({x, y, width, height}). */
export async function partBox(
  page: Page,
  cls: string,
): Promise<{ x: number; y: number; width: number; height: number }> {
  const node = await overlayPart(page, cls);
  if (!node) throw new Error(`no overlay part .${cls}`);
  const { model } = (await (await cdpOf(page)).send('DOM.getBoxModel', { backendNodeId: node.backendNodeId })) as {
    model: { border: number[] };
  };
  const b = model.border;
  return { x: b[0]!, y: b[1]!, width: b[4]! - b[0]!, height: b[5]! - b[1]! };
}

/** The card's frame, once it is there. */
export async function cardFrame(page: Page, timeoutMs = 10_000): Promise<Frame> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const frame = page.frames().find((f) => /^chrome-extension:\/\/[^/]+\/overlay-card\.html/.test(f.url()));
    if (frame) return frame;
    if (Date.now() > deadline) throw new Error('the overlay card never appeared');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Whether the card's frame is shown (its iframe is in the overlay and not hidden). */
export const cardShown = (page: Page) => partShown(page, 'card');

/**
 * The overlay's shadow root as HTML (a declarative `<template shadowrootmode="open">`, so it can be rebuilt, open,
 * in a page of its own: axe-core cannot enter a closed root).
 */
export async function overlayHtml(page: Page): Promise<string> {
  const host = await overlayHost(page);
  if (!host) throw new Error('no overlay on the page');
  const { outerHTML } = (await (
    await cdpOf(page)
  ).send('DOM.getOuterHTML', {
    backendNodeId: host.backendNodeId,
    includeShadowDOM: true,
  } as never)) as { outerHTML: string };
  return outerHTML.replace(/shadowrootmode="closed"/, 'shadowrootmode="open"');
}

/** The tree as data to compare: node names, types, values, attributes, shadow roots and frames; no ids. */
export function canonical(node: CdpNode): unknown {
  const kids = (list?: CdpNode[]) => (list?.length ? list.map(canonical) : undefined);
  return {
    n: node.nodeName,
    t: node.nodeType,
    ...(node.nodeValue ? { v: node.nodeValue } : {}),
    ...(node.attributes?.length ? { a: node.attributes } : {}),
    ...(node.shadowRootType ? { s: node.shadowRootType } : {}),
    ...(node.pseudoType ? { p: node.pseudoType } : {}),
    ...(node.shadowRoots?.length ? { sr: kids(node.shadowRoots) } : {}),
    ...(node.pseudoElements?.length ? { pe: kids(node.pseudoElements) } : {}),
    ...(node.templateContent ? { tc: canonical(node.templateContent) } : {}),
    ...(node.children?.length ? { c: kids(node.children) } : {}),
    ...(node.contentDocument ? { d: canonical(node.contentDocument) } : {}),
  };
}
