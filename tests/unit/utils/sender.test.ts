/**
 * Who may send what (utils/sender.ts): the browser's word about a message's sender, never the message's own.
 * The router applies them (entrypoints/background/message-router.ts; driven end to end in
 * tests/unit/entrypoints/background/index.test.ts and overlay.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { cardTabOf, fromExtensionPage, topFrameTabOf } from '../../../utils/sender';

const ID = 'our-extension-id';
const BASE = `chrome-extension://${ID}/`;
const CARD = `${BASE}overlay-card.html`;

describe('fromExtensionPage', () => {
  it("accepts the extension's own pages", () => {
    expect(fromExtensionPage({ id: ID, url: `${BASE}popup.html` }, ID, BASE)).toBe(true);
    expect(fromExtensionPage({ id: ID, url: CARD, tab: { id: 3 }, frameId: 2 }, ID, BASE)).toBe(true);
  });
  it('refuses a content script (its address is the web page), another extension, and a sender without an address', () => {
    expect(fromExtensionPage({ id: ID, url: 'https://www.scmp.com/news/a', tab: { id: 3 } }, ID, BASE)).toBe(false);
    expect(fromExtensionPage({ id: 'another', url: `${BASE}popup.html` }, ID, BASE)).toBe(false);
    expect(fromExtensionPage({ id: ID }, ID, BASE)).toBe(false);
    expect(fromExtensionPage(undefined, ID, BASE)).toBe(false);
    expect(fromExtensionPage({ id: ID, url: 'not a url' }, ID, BASE)).toBe(false);
    expect(fromExtensionPage({ id: ID, url: `chrome-extension://another-id/popup.html` }, ID, BASE)).toBe(false);
  });
});

describe('cardTabOf', () => {
  it('is the tab the browser says our card page is in, and nothing when it is not our card', () => {
    expect(cardTabOf({ id: ID, tab: { id: 12 }, url: CARD, frameId: 3 }, ID, BASE)).toBe(12);
    expect(cardTabOf({ id: ID, tab: { id: 12 }, url: `${CARD}?tab=99`, frameId: 3 }, ID, BASE)).toBe(12);
    expect(cardTabOf({ id: ID, tab: { id: 12 }, url: 'https://www.scmp.com/news/a', frameId: 0 }, ID, BASE)).toBeNull();
    expect(cardTabOf({ id: ID, tab: { id: 12 }, url: `${BASE}popup.html` }, ID, BASE)).toBeNull();
    expect(cardTabOf({ id: 'other', tab: { id: 12 }, url: CARD }, ID, BASE)).toBeNull();
    expect(cardTabOf({ id: ID, url: CARD }, ID, BASE)).toBeNull();
    // A web page at a path named like our card is not our card.
    expect(cardTabOf({ id: ID, tab: { id: 12 }, url: 'https://evil.example/overlay-card.html' }, ID, BASE)).toBeNull();
  });
});

describe('topFrameTabOf', () => {
  it("is the tab of our script in a tab's top frame; not a subframe, another extension or a non-tab", () => {
    expect(topFrameTabOf({ id: ID, tab: { id: 4 }, frameId: 0 }, ID)).toBe(4);
    expect(topFrameTabOf({ id: ID, tab: { id: 4 } }, ID)).toBe(4); // Firefox may leave frameId out for the top frame
    expect(topFrameTabOf({ id: ID, tab: { id: 4 }, frameId: 3 }, ID)).toBeNull();
    expect(topFrameTabOf({ id: 'another', tab: { id: 4 }, frameId: 0 }, ID)).toBeNull();
    expect(topFrameTabOf({ id: ID, frameId: 0 }, ID)).toBeNull();
  });
});
