/**
 * What the background accepts from a content script. A page controls everything its content script reads, so a
 * report is trusted only for its shape: http(s) URLs, capped strings, short lists, and no field the background
 * would take for its own (the detector's verdict is only ever what the background asked for and got back).
 */
import { describe, expect, it } from 'vitest';
import { PAGE_REPORT_TYPE } from '../../../utils/messages';
import {
  parseDetection,
  parsePageReport,
  parsePageReportMessage,
  reportNeedsLookup,
  sameReport,
} from '../../../utils/page-report';
import type { PageDetection, PageReport, TabState } from '../../../utils/tab-state';

const report: PageReport = {
  url: 'https://www.scmp.com/news/china/article/3300000/story?utm_source=x',
  declared: [
    'https://www.scmp.com/news/china/article/3300000/story',
    'https://scmp.com/news/china/article/3300000/story',
  ],
  titles: ['Belarus frees 123 prisoners as US lifts potash sanctions', 'Belarus frees prisoners | SCMP'],
  publisher: 'South China Morning Post',
  lang: 'en',
};
const detection: PageDetection = {
  isNews: true,
  score: 7,
  signals: ['jsonld:NewsArticle'],
  title: 'Belarus frees 123 prisoners as US lifts potash sanctions',
  publisher: 'SCMP',
  canonicalUrl: 'https://www.scmp.com/news/china/article/3300000/story',
};
const msg = (r: unknown) => ({ type: PAGE_REPORT_TYPE, report: r });

describe('parsePageReportMessage', () => {
  it('accepts the report the content script sends', () => {
    expect(parsePageReportMessage(msg(report))).toEqual(report);
    const bare = { url: 'http://127.0.0.1:8000/a', declared: [], titles: [], publisher: null, lang: null };
    expect(parsePageReportMessage(msg(bare))).toEqual(bare);
    // Scheme case does not matter to a URL parser, so it does not here either.
    expect(parsePageReportMessage(msg({ ...report, url: 'HTTPS://NEWS.EXAMPLE/A' }))?.url).toBe(
      'HTTPS://NEWS.EXAMPLE/A',
    );
  });

  it('ignores messages that are not page reports', () => {
    for (const m of [
      null,
      undefined,
      'prism:page',
      42,
      { type: 'getStory', data: 'x' },
      { report },
      { type: 'prism:ping', report },
    ]) {
      expect(parsePageReportMessage(m)).toBeNull();
    }
  });

  it('refuses addresses that are not http(s)', () => {
    const bad = [
      { ...report, url: 'javascript:alert(1)' },
      { ...report, url: 'file:///etc/passwd' },
      { ...report, url: 'chrome-extension://abc/popup.html' },
      { ...report, url: ' https://news.example/a' },
    ];
    for (const r of bad) expect(parsePageReportMessage(msg(r)), JSON.stringify(r).slice(0, 120)).toBeNull();
  });

  it('makes declared addresses absolute against the page (the content script copies them as written), dropping what is not http(s)', () => {
    const page = 'https://www.scmp.com/news/china/article/3300000/story?utm_source=x';
    const parse = (declared: string[]) => parsePageReportMessage(msg({ ...report, url: page, declared }))?.declared;
    expect(parse(['/news/china/article/3300000/story', ' https://scmp.com/a '])).toEqual([
      'https://www.scmp.com/news/china/article/3300000/story',
      'https://scmp.com/a',
    ]);
    expect(parse(['data:text/html,<script>1</script>', 'javascript:alert(1)'])).toEqual([]);
    expect(parse(['https://ok.example/', 'ftp://files.example/x'])).toEqual(['https://ok.example/']);
    expect(parse(['//cdn.example/x', 'https://[bad'])).toEqual(['https://cdn.example/x']);
    // The same address written twice (relative and absolute) is listed once.
    expect(parse(['/a', 'https://www.scmp.com/a'])).toEqual(['https://www.scmp.com/a']);
  });

  it('refuses oversize strings and lists', () => {
    const bad = [
      { ...report, url: `https://x.example/${'a'.repeat(8200)}` },
      { ...report, declared: [`https://x.example/${'a'.repeat(8200)}`] },
      { ...report, declared: ['https://a.example/', 'https://b.example/', 'https://c.example/'] },
      { ...report, titles: ['one headline', 'two headline', 'three headline'] },
      { ...report, titles: ['x'.repeat(1001)] },
      { ...report, publisher: 'p'.repeat(1001) },
      { ...report, lang: 'en-'.repeat(20) },
    ];
    for (const r of bad) expect(parsePageReportMessage(msg(r))).toBeNull();
    // The limits themselves are allowed.
    const atLimit = { ...report, titles: ['x'.repeat(1000)], publisher: 'p'.repeat(1000), lang: 'l'.repeat(35) };
    expect(parsePageReportMessage(msg(atLimit))).toEqual(atLimit);
  });

  it('refuses reports of the wrong shape', () => {
    const { declared: _d, ...noDeclared } = report;
    const bad = [
      noDeclared,
      { ...report, titles: 'a headline' },
      { ...report, titles: [42] },
      { ...report, publisher: 7 },
      { ...report, url: null },
      null,
      'https://news.example/a',
    ];
    for (const r of bad) expect(parsePageReportMessage(msg(r))).toBeNull();
  });

  it('drops a detection (and anything else) a page put in its report', () => {
    const forged = { ...report, detection: { ...detection, isNews: true }, storyId: 'x', forced: true };
    const parsed = parsePageReportMessage(msg(forged));
    expect(parsed).toEqual(report);
    expect(parsed).not.toHaveProperty('detection');
    expect(parsePageReport(forged)).not.toHaveProperty('detection'); // a ping's answer, likewise
  });
});

describe('parseDetection', () => {
  it('accepts what the detector answers', () => {
    expect(parseDetection(detection)).toEqual(detection);
    const bare = { isNews: false, score: 0, signals: [], title: null, publisher: null, canonicalUrl: null };
    expect(parseDetection(bare)).toEqual(bare);
    expect(parseDetection({ ...detection, extra: 1 })).toEqual(detection);
  });

  it('is null for no answer or a malformed one', () => {
    const bad = [
      null,
      undefined,
      {},
      { ...detection, isNews: 'yes' },
      { ...detection, score: Number.NaN },
      { ...detection, score: Infinity },
      { ...detection, signals: Array.from({ length: 51 }, () => 's') },
      { ...detection, signals: ['s'.repeat(101)] },
      { ...detection, title: 't'.repeat(1001) },
      { ...detection, canonicalUrl: 'javascript:alert(1)' },
    ];
    for (const d of bad) expect(parseDetection(d)).toBeNull();
  });
});

describe('sameReport', () => {
  it('is true for the same page read the same way, whatever the detection or language', () => {
    expect(sameReport(report, { ...report })).toBe(true);
    expect(sameReport({ ...report, detection }, report)).toBe(true);
    expect(sameReport(report, { ...report, lang: 'ko' })).toBe(true);
  });

  it('is false when there is nothing to compare with, or anything looked up changed', () => {
    expect(sameReport(undefined, report)).toBe(false);
    expect(sameReport(report, { ...report, url: 'https://www.scmp.com/news/other' })).toBe(false);
    expect(sameReport(report, { ...report, declared: [...report.declared].reverse() })).toBe(false);
    expect(sameReport(report, { ...report, declared: report.declared.slice(0, 1) })).toBe(false);
    expect(sameReport(report, { ...report, titles: ['A late headline rendered by script'] })).toBe(false);
    expect(sameReport(report, { ...report, publisher: null })).toBe(false);
  });
});

describe('reportNeedsLookup', () => {
  const page: PageReport = { url: 'https://news.example/a', declared: [], titles: ['A'], publisher: null, lang: null };
  const stateOf = (status: TabState['status']): TabState => ({ status, page, seq: 1, updatedAt: 1 });
  it('a report that says nothing new about a settled page is not looked up again', () => {
    for (const status of ['found', 'none', 'possible', 'looking'] as const) {
      expect(reportNeedsLookup(stateOf(status), page), status).toBe(false);
    }
  });
  it('a first report, a changed one, or one whose last lookup failed is looked up', () => {
    expect(reportNeedsLookup(null, page)).toBe(true);
    expect(reportNeedsLookup(stateOf('found'), { ...page, titles: ['B'] })).toBe(true);
    for (const status of ['offline', 'error', 'no-catalogue'] as const) {
      expect(reportNeedsLookup(stateOf(status), page), status).toBe(true);
    }
  });
});
