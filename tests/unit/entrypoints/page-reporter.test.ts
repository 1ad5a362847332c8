// @vitest-environment happy-dom
/**
 * The content script (entrypoints/page-reporter.ts) in a happy-dom page, with the fake browser's runtime (a
 * sendMessage spy; onMessage triggered by hand). Fake timers drive its reads of <head> after load and its poll, so
 * nothing here waits for real time.
 *
 * What happy-dom allows and does not: it has no Navigation API (`window.navigation`), so the script falls back to
 * its 1 s poll; a test that needs the Navigation API installs a plain EventTarget as `window.navigation` before
 * the script starts. Events a test dispatches are untrusted (happy-dom leaves `isTrusted` unset), as a page's
 * are; `history.back()` fires no popstate in happy-dom, so a browser's trusted navigation is simulated by an
 * event whose `isTrusted` is defined as true (a page cannot do that in a browser: `isTrusted` is unforgeable).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import pageReporter from '../../../entrypoints/page-reporter';
import { DETECTOR_GLOBAL, PAGE_DETECT_TYPE, PAGE_PING_TYPE, PAGE_REPORT_TYPE } from '../../../utils/messages';
import { parsePageReport } from '../../../utils/page-report';
import type { PageDetection, PageReport } from '../../../utils/tab-state';

const URL0 = 'https://www.scmp.com/news/china/article/3300000/belarus-frees-prisoners?utm_source=twitter';
const HEADLINE = 'Belarus frees 123 prisoners as US lifts potash sanctions';
const happyDOM = () => (window as unknown as { happyDOM: { setURL(url: string): void } }).happyDOM;

function setPage() {
  happyDOM().setURL(URL0);
  document.documentElement.lang = 'en-GB';
  document.head.innerHTML = `
    <title>  ${HEADLINE}
      | South China Morning Post </title>
    <link rel="Canonical" href="/news/china/article/3300000/belarus-frees-prisoners">
    <meta property="og:url" content="https://www.scmp.com/news/china/article/3300000/belarus-frees-prisoners?share=1">
    <meta property="og:title" content="${HEADLINE}">
    <meta property="og:site_name" content="South China Morning Post">`;
  document.body.innerHTML = '<article><h1>Headline</h1><p>Text.</p></article>';
}

/** What the content script sends: the declared addresses as the page wrote them (the background resolves them). */
const expected: PageReport = {
  url: URL0,
  declared: [
    '/news/china/article/3300000/belarus-frees-prisoners',
    'https://www.scmp.com/news/china/article/3300000/belarus-frees-prisoners?share=1',
  ],
  titles: [HEADLINE, `${HEADLINE} | South China Morning Post`],
  publisher: 'South China Morning Post',
  lang: null,
};

let sendMessage: ReturnType<typeof vi.fn>;
const reports = () =>
  sendMessage.mock.calls.map(([m]) => {
    expect(m).toMatchObject({ type: PAGE_REPORT_TYPE });
    return (m as { report: PageReport }).report;
  });
/** Lets queued microtasks (MutationObserver callbacks) run, then moves the fake clock. */
async function advance(ms: number) {
  await vi.advanceTimersByTimeAsync(ms);
}
function trusted(type: string): Event {
  const event = type === 'popstate' ? new PopStateEvent('popstate') : new Event(type);
  Object.defineProperty(event, 'isTrusted', { value: true });
  return event;
}

/** Listeners the script put on window, removed after each test: every test runs the script again in one window. */
const added: [string, EventListenerOrEventListenerObject][] = [];
const addEventListener = window.addEventListener.bind(window);

beforeEach(() => {
  vi.useFakeTimers();
  vi.spyOn(window, 'addEventListener').mockImplementation(
    (
      type: string,
      listener: EventListenerOrEventListenerObject | null,
      options?: boolean | AddEventListenerOptions,
    ) => {
      if (!listener) return;
      added.push([type, listener]);
      addEventListener(type, listener, options);
    },
  );
  fakeBrowser.reset();
  sendMessage = vi.fn(async () => undefined);
  vi.spyOn(fakeBrowser.runtime, 'sendMessage').mockImplementation(sendMessage as never);
  setPage();
});
afterEach(async () => {
  // Let every earlier run of the script end its watch (observers disconnect), then drop its timers (the poll).
  await advance(60_000);
  vi.clearAllTimers();
  vi.useRealTimers();
  for (const [type, listener] of added.splice(0)) window.removeEventListener(type, listener);
  delete (window as { navigation?: unknown }).navigation;
  delete (globalThis as Record<symbol, unknown>)[DETECTOR_GLOBAL];
});

describe('at load', () => {
  it('sends one report: location, declared addresses as written, og:title and <title>, site name', async () => {
    pageReporter.main();
    expect(reports()).toEqual([expected]);
    // The background makes the declared addresses absolute.
    expect(parsePageReport(reports()[0])?.declared).toEqual([
      'https://www.scmp.com/news/china/article/3300000/belarus-frees-prisoners',
      'https://www.scmp.com/news/china/article/3300000/belarus-frees-prisoners?share=1',
    ]);
    await advance(15_000);
    expect(sendMessage).toHaveBeenCalledTimes(1);
  });

  it('reports a page with nothing declared; declared addresses that are not http(s) are dropped by the background', async () => {
    document.head.innerHTML = `<title>Home</title><link rel="canonical" href="javascript:alert(1)">
      <meta property="og:url" content="data:text/html,x">`;
    pageReporter.main();
    expect(parsePageReport(reports()[0])).toEqual({
      url: URL0,
      declared: [],
      titles: ['Home'],
      publisher: null,
      lang: null,
    });
  });

  it('lists an address declared twice once, and caps what it copies', async () => {
    document.head.innerHTML = `<title>${'x'.repeat(5000)}</title>
      <link rel="canonical" href="https://www.scmp.com/a"><meta property="og:url" content="https://www.scmp.com/a">`;
    pageReporter.main();
    const [r] = reports();
    expect(r!.declared).toEqual(['https://www.scmp.com/a']);
    expect(r!.titles[0]).toHaveLength(1000);
  });

  it('adds nothing a page could observe: no DOM change, no message or event on window', async () => {
    const post = vi.spyOn(window, 'postMessage');
    const dispatch = vi.spyOn(window, 'dispatchEvent');
    const before = document.documentElement.outerHTML;
    pageReporter.main();
    await advance(1000);
    expect(document.documentElement.outerHTML).toBe(before);
    expect(post).not.toHaveBeenCalled();
    expect(dispatch).not.toHaveBeenCalled();
  });

  it('does nothing on a page that is not http(s)', () => {
    happyDOM().setURL('about:blank');
    pageReporter.main();
    expect(sendMessage).not.toHaveBeenCalled();
  });
});

describe('forged navigation', () => {
  it('a popstate the page dispatches sends nothing, even after history.pushState changed the address', async () => {
    pageReporter.main();
    sendMessage.mockClear();
    history.pushState({}, '', '/news/random-1');
    window.dispatchEvent(new PopStateEvent('popstate'));
    window.dispatchEvent(new PopStateEvent('popstate', { state: {} }));
    await advance(0);
    expect(sendMessage).not.toHaveBeenCalled();
    // Without the Navigation API (happy-dom has none), the script's own poll notices the new address within 1 s,
    // once: the page's events neither hasten nor multiply it.
    await advance(1000);
    expect(reports().map((r) => r.url)).toEqual(['https://www.scmp.com/news/random-1']);
    await advance(5000);
    expect(sendMessage).toHaveBeenCalledTimes(1);
  });

  it('with the Navigation API: a navigatesuccess the page dispatches sends nothing; no poll runs', async () => {
    const navigation = new EventTarget();
    (window as { navigation?: EventTarget }).navigation = navigation;
    pageReporter.main();
    sendMessage.mockClear();
    history.pushState({}, '', '/news/random-2');
    navigation.dispatchEvent(new Event('navigatesuccess'));
    window.dispatchEvent(new PopStateEvent('popstate'));
    await advance(500);
    expect(sendMessage).not.toHaveBeenCalled();
    // The browser's own event does report the new address, once.
    navigation.dispatchEvent(trusted('navigatesuccess'));
    navigation.dispatchEvent(trusted('navigatesuccess'));
    expect(reports().map((r) => r.url)).toEqual(['https://www.scmp.com/news/random-2']);
    // The reads after it find nothing new.
    await advance(15_000);
    expect(sendMessage).toHaveBeenCalledTimes(1);
  });

  it('a trusted popstate reports the address it went back to', async () => {
    const navigation = new EventTarget();
    (window as { navigation?: EventTarget }).navigation = navigation;
    pageReporter.main();
    sendMessage.mockClear();
    history.pushState({}, '', '/news/earlier');
    window.dispatchEvent(trusted('popstate'));
    expect(reports().map((r) => r.url)).toEqual(['https://www.scmp.com/news/earlier']);
  });
});

describe('changes to <head>', () => {
  it('is read again 1, 3 and 10 s after load: a head changed by then is reported once', async () => {
    pageReporter.main();
    sendMessage.mockClear();
    await advance(1500);
    document.querySelector('meta[property="og:title"]')!.setAttribute('content', 'A late headline set by script');
    await advance(100);
    document.title = 'A late headline set by script | SCMP';
    await advance(100);
    expect(sendMessage).not.toHaveBeenCalled(); // until the read at 3 s
    await advance(1400);
    expect(reports()).toEqual([
      { ...expected, titles: ['A late headline set by script', 'A late headline set by script | SCMP'] },
    ]);
    await advance(10_000);
    expect(sendMessage).toHaveBeenCalledTimes(1);
  });

  it('sends nothing for a change that leaves the facts as they were', async () => {
    pageReporter.main();
    sendMessage.mockClear();
    const style = document.createElement('style');
    style.textContent = 'body { color: red }';
    document.head.append(style);
    document.head.append(
      Object.assign(document.createElement('meta'), { name: 'viewport', content: 'width=device-width' }),
    );
    await advance(1000);
    expect(sendMessage).not.toHaveBeenCalled();
  });

  it('is not read again after 10 s', async () => {
    pageReporter.main();
    sendMessage.mockClear();
    await advance(10_500);
    document.querySelector('meta[property="og:title"]')!.setAttribute('content', 'Changed much later');
    await advance(2000);
    expect(sendMessage).not.toHaveBeenCalled();
  });

  it("is read again after a navigation soon after load (the load's reads do not cut the navigation's short)", async () => {
    const navigation = new EventTarget();
    (window as { navigation?: EventTarget }).navigation = navigation;
    pageReporter.main();
    await advance(9000); // the reader follows a link 9 s after the page loaded
    history.pushState({}, '', '/news/next');
    navigation.dispatchEvent(trusted('navigatesuccess'));
    sendMessage.mockClear();
    await advance(2000); // 11 s after load, 2 s after the navigation: the new story's head is rendered late
    document.querySelector('meta[property="og:title"]')!.setAttribute('content', 'The next story, rendered late');
    await advance(1100); // the navigation's read at 3 s
    expect(reports().map((r) => [r.url, r.titles[0]])).toEqual([
      ['https://www.scmp.com/news/next', 'The next story, rendered late'],
    ]);
  });

  it('is read again after a navigation', async () => {
    const navigation = new EventTarget();
    (window as { navigation?: EventTarget }).navigation = navigation;
    pageReporter.main();
    await advance(20_000); // the first watch is over
    history.pushState({}, '', '/news/next');
    navigation.dispatchEvent(trusted('navigatesuccess'));
    sendMessage.mockClear();
    await advance(500);
    document.querySelector('meta[property="og:title"]')!.setAttribute('content', 'The next story, rendered late');
    await advance(600); // the navigation's read at 1 s
    expect(reports().map((r) => [r.url, r.titles[0]])).toEqual([
      ['https://www.scmp.com/news/next', 'The next story, rendered late'],
    ]);
  });
});

describe('messages from the background', () => {
  const ask = (message: unknown) =>
    new Promise<unknown>((resolve) => {
      void fakeBrowser.runtime.onMessage.trigger(message, {}, resolve);
    });

  it("answers a ping with no page (a renderer's word is not taken), and reports its page again", async () => {
    pageReporter.main();
    sendMessage.mockClear();
    expect(await ask({ type: PAGE_PING_TYPE })).toBe(true);
    expect(reports()).toEqual([expected]);
  });

  it('reports the new page when pinged after an unreported address change', async () => {
    const navigation = new EventTarget();
    (window as { navigation?: EventTarget }).navigation = navigation;
    pageReporter.main();
    sendMessage.mockClear();
    history.pushState({}, '', '/news/quiet-change');
    expect(await ask({ type: PAGE_PING_TYPE })).toBe(true);
    expect(reports().map((r) => r.url)).toEqual(['https://www.scmp.com/news/quiet-change']);
  });

  it('runs the detector when asked, and answers with what it found', async () => {
    const detection: PageDetection = {
      isNews: true,
      score: 6,
      signals: ['jsonld:NewsArticle'],
      title: HEADLINE,
      publisher: 'SCMP',
      canonicalUrl: null,
    };
    const detector = vi.fn(() => detection);
    (globalThis as Record<symbol, unknown>)[DETECTOR_GLOBAL] = detector; // as if detector.js were loaded
    pageReporter.main();
    expect(detector).not.toHaveBeenCalled(); // not at load
    expect(await ask({ type: PAGE_DETECT_TYPE })).toEqual(detection);
    expect(detector).toHaveBeenCalledTimes(1);
  });

  it('leaves other messages to other listeners', async () => {
    pageReporter.main();
    const results = await fakeBrowser.runtime.onMessage.trigger({ type: 'getStory', id: 1 }, {}, () => undefined);
    expect(results).toEqual([undefined]);
  });
});
