/**
 * What the background takes from a runtime message (utils/message-parse.ts): each message of the contract with its
 * fields checked, once; anything else (malformed, or another library's message) is null and left unanswered.
 */
import { describe, expect, it } from 'vitest';
import { parseBackgroundMessage } from '../../../utils/message-parse';
import type { PageReport } from '../../../utils/tab-state';

const report: PageReport = {
  url: 'https://www.scmp.com/news/a',
  declared: ['/news/a?amp'],
  titles: ['A headline'],
  publisher: null,
  lang: null,
};

describe('parseBackgroundMessage', () => {
  it('parses a page report once, through its schema (declared addresses made absolute), with its start time', () => {
    expect(parseBackgroundMessage({ type: 'prism:page', report, since: 42 })).toEqual({
      type: 'prism:page',
      report: { ...report, declared: ['https://www.scmp.com/news/a?amp'] },
      since: 42,
    });
    expect(parseBackgroundMessage({ type: 'prism:page', report, since: 'soon' })).toMatchObject({ since: 0 });
    expect(
      parseBackgroundMessage({ type: 'prism:page', report: { ...report, url: 'javascript:alert(1)' } }),
    ).toBeNull();
  });

  it("takes the overlay's actions, library requests and hello; drops unknown actions, ops and oversized fields", () => {
    expect(parseBackgroundMessage({ type: 'prism:overlay-action', action: 'hide-site' })).toEqual({
      type: 'prism:overlay-action',
      action: 'hide-site',
    });
    expect(
      parseBackgroundMessage({ type: 'prism:overlay-action', action: 'undo-hide-site', site: 'scmp.com' }),
    ).toEqual({ type: 'prism:overlay-action', action: 'undo-hide-site', site: 'scmp.com' });
    expect(
      parseBackgroundMessage({ type: 'prism:overlay-action', action: 'undo-hide-site', site: 'x'.repeat(301) }),
    ).toEqual({ type: 'prism:overlay-action', action: 'undo-hide-site' });
    expect(parseBackgroundMessage({ type: 'prism:overlay-action', action: 'delete-everything' })).toBeNull();
    expect(parseBackgroundMessage({ type: 'prism:overlay-library', op: 'save', id: 's1' })).toEqual({
      type: 'prism:overlay-library',
      op: 'save',
      id: 's1',
    });
    expect(parseBackgroundMessage({ type: 'prism:overlay-library', op: 'drop', id: 's1' })).toBeNull();
    expect(parseBackgroundMessage({ type: 'prism:overlay-library', op: 'save', id: '' })).toBeNull();
    expect(parseBackgroundMessage({ type: 'prism:overlay-library', op: 'save', id: 'x'.repeat(201) })).toBeNull();
    expect(parseBackgroundMessage({ type: 'prism:overlay-card' })).toEqual({ type: 'prism:overlay-card' });
  });

  it("takes the extension pages' requests with the fields each needs", () => {
    expect(parseBackgroundMessage({ type: 'prism:get-story', id: 's1' })).toEqual({
      type: 'prism:get-story',
      id: 's1',
    });
    expect(parseBackgroundMessage({ type: 'prism:recheck-tab', tabId: 3 })).toEqual({
      type: 'prism:recheck-tab',
      tabId: 3,
    });
    expect(parseBackgroundMessage({ type: 'prism:tab-view', tabId: 3, extra: 'x' })).toEqual({
      type: 'prism:tab-view',
      tabId: 3,
    });
    expect(parseBackgroundMessage({ type: 'prism:examine-tab', tabId: 3 })).toEqual({
      type: 'prism:examine-tab',
      tabId: 3,
    });
    expect(parseBackgroundMessage({ type: 'prism:look-up-link', windowId: 1, url: 'https://a.example/' })).toEqual({
      type: 'prism:look-up-link',
      windowId: 1,
      url: 'https://a.example/',
    });
    for (const bad of [
      { type: 'prism:get-story', id: 7 },
      { type: 'prism:recheck-tab', tabId: '3' },
      { type: 'prism:tab-view', tabId: '3' },
      { type: 'prism:tab-view' },
      { type: 'prism:examine-tab', tabId: 1.5 },
      { type: 'prism:look-up-link', windowId: 1 },
    ]) {
      expect(parseBackgroundMessage(bad), JSON.stringify(bad)).toBeNull();
    }
  });

  it("takes a link-marks batch or activation only within the batch's bounds", () => {
    expect(parseBackgroundMessage({ type: 'prism:link-marks-ask', hrefs: ['https://a.example/x'] })).toEqual({
      type: 'prism:link-marks-ask',
      hrefs: ['https://a.example/x'],
    });
    expect(parseBackgroundMessage({ type: 'prism:link-marks-open', href: 'https://a.example/x' })).toEqual({
      type: 'prism:link-marks-open',
      href: 'https://a.example/x',
    });
    for (const bad of [
      { type: 'prism:link-marks-ask', hrefs: Array.from({ length: 201 }, (_, i) => `https://a.example/${i}`) },
      { type: 'prism:link-marks-ask', hrefs: ['https://a.example/', 7] },
      { type: 'prism:link-marks-ask', hrefs: 'https://a.example/' },
      { type: 'prism:link-marks-open', href: `https://a.example/${'x'.repeat(3000)}` },
      { type: 'prism:link-marks-open' },
    ]) {
      expect(parseBackgroundMessage(bad), JSON.stringify(bad).slice(0, 80)).toBeNull();
    }
  });

  it('is null for anything not of the contract', () => {
    for (const m of [null, undefined, 'prism:page', 42, {}, { type: 'getStory', data: 's1' }, { type: 'prism:ping' }]) {
      expect(parseBackgroundMessage(m)).toBeNull();
    }
  });
});
