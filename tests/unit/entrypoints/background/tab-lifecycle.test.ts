/**
 * After a tab loads, the background asks the tab's content script what its page is, unless the tab's new
 * document has already reported (entrypoints/background/tab-lifecycle.ts): the question costs every page a
 * message to answer. Driven as the browser drives it, with the fake browser's events and fake timers.
 */
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { listenForMessages } from '../../../../entrypoints/background/message-router';
import {
  checkTab,
  LOAD_EVENT_SLACK_MS,
  REPORT_GRACE_MS,
  reportedThisLoad,
  watchTabLifecycle,
} from '../../../../entrypoints/background/tab-lifecycle';
import { PAGE_PING_TYPE, PAGE_REPORT_TYPE } from '../../../../utils/messages';
import { deliverRuntimeMessage, deliverTabUpdate } from '../../support/runtime-message';

const lookedUp = vi.hoisted(() => [] as { tabId: number; url: string }[]);
vi.mock('../../../../entrypoints/background/page-lookup', () => ({
  lookUpTab: async (tabId: number, page: { url: string }) => void lookedUp.push({ tabId, url: page.url }),
  lookUpReport: async (tabId: number, page: { url: string }) => void lookedUp.push({ tabId, url: page.url }),
}));

const TAB = 12;
const report = { url: 'https://www.example.com/a', declared: [], titles: ['A'], publisher: null, lang: 'en' };

describe('reportedThisLoad', () => {
  const load = { at: 10_000, previousDocument: 4000 };
  it.each([
    ['the new document reported after the load started', { at: 10_500, documentStart: 9990 }, true],
    [
      'its document started a little before the browser said so',
      { at: 10_500, documentStart: 10_000 - LOAD_EVENT_SLACK_MS },
      true,
    ],
    ['nothing reported since the load started', { at: 9000, documentStart: 4000 }, false],
    ['the leaving document reported late', { at: 10_200, documentStart: 4000 }, false],
    ['a document that started long before this load', { at: 10_200, documentStart: 5000 }, false],
  ])('%s: %s', (_what, seen, expected) => {
    expect(reportedThisLoad(load, seen)).toBe(expected);
  });
  it('knows nothing without a load or a report (a restarted worker): ask', () => {
    expect(reportedThisLoad(undefined, { at: 1, documentStart: 1 })).toBe(false);
    expect(reportedThisLoad(load, undefined)).toBe(false);
  });
});

describe('the check after a load', () => {
  let pings: unknown[];
  beforeEach(() => {
    fakeBrowser.reset();
    vi.useFakeTimers();
    pings = [];
    vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockImplementation((async (_tab: number, message: unknown) => {
      pings.push(message);
      throw new Error('Could not establish connection. Receiving end does not exist.');
    }) as never);
    listenForMessages();
    watchTabLifecycle();
  });
  afterEach(() => vi.useRealTimers());

  const loading = () => deliverTabUpdate(TAB, { status: 'loading' });
  const complete = () => deliverTabUpdate(TAB, { status: 'complete' });
  const reports = (since: unknown) =>
    deliverRuntimeMessage(
      { type: PAGE_REPORT_TYPE, report, since },
      { id: fakeBrowser.runtime.id, tab: { id: TAB }, frameId: 0, url: report.url },
    );

  it('does not ask a tab whose new document reported', async () => {
    await loading();
    await reports(Date.now());
    await complete();
    await vi.advanceTimersByTimeAsync(REPORT_GRACE_MS + 100);
    expect(pings).toEqual([]);
  });

  it('asks a tab that did not report (a page without the content script), once, after the grace time', async () => {
    await loading();
    await complete();
    await vi.advanceTimersByTimeAsync(REPORT_GRACE_MS - 100);
    expect(pings).toEqual([]);
    await vi.advanceTimersByTimeAsync(200);
    expect(pings).toEqual([{ type: PAGE_PING_TYPE }]);
  });

  it('asks when the only report since the load came from the document that was leaving', async () => {
    const previous = Date.now() - 60_000;
    await reports(previous);
    await vi.advanceTimersByTimeAsync(1000);
    await loading();
    await reports(previous); // the old page's head changed as the new one loaded
    await complete();
    await vi.advanceTimersByTimeAsync(REPORT_GRACE_MS + 100);
    expect(pings).toEqual([{ type: PAGE_PING_TYPE }]);
  });

  it('asks when a report does not say when its document started (a forged or older message)', async () => {
    await loading();
    await reports('soon');
    await complete();
    await vi.advanceTimersByTimeAsync(REPORT_GRACE_MS + 100);
    expect(pings).toEqual([{ type: PAGE_PING_TYPE }]);
  });
});

describe("the ping's answer (a renderer's word)", () => {
  beforeEach(() => {
    fakeBrowser.reset();
    lookedUp.length = 0;
  });

  it('is never looked up: a page on evil.example answering with an scmp.com address gets no lookup of it', async () => {
    const claim = { ...report, url: 'https://www.scmp.com/news/china/article/3300000/belarus-frees-prisoners' };
    vi.spyOn(fakeBrowser.tabs, 'get').mockResolvedValue({ id: TAB, url: 'https://evil.example/x' } as never);
    vi.spyOn(fakeBrowser.tabs, 'sendMessage').mockResolvedValue(claim as never);
    await checkTab(TAB);
    expect(lookedUp).toEqual([]);
  });
});
