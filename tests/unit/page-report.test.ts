import { describe, expect, it } from 'vitest';
import { PAGE_REPORT_TYPE, parsePageReportMessage } from '../../utils/page-report';

const report = {
  url: 'https://news.example/a',
  canonicalUrl: 'https://news.example/a',
  title: 'Headline',
  publisher: 'Example',
  publishedAt: '2025-01-01',
  lang: 'en',
  isNews: true,
  score: 4,
  signals: ['jsonld:NewsArticle'],
};
const msg = (r: unknown) => ({ type: PAGE_REPORT_TYPE, report: r });

describe('page report messages', () => {
  it('accepts a well-formed report', () => {
    expect(parsePageReportMessage(msg(report))).toEqual(report);
  });

  it('ignores messages that are not page reports', () => {
    for (const m of [null, 'x', { type: 'getStory', data: 'x' }, { report }]) expect(parsePageReportMessage(m)).toBeNull();
  });

  it('refuses what a hostile page could put in a report', () => {
    const bad = [
      { ...report, url: 'javascript:alert(1)' },
      { ...report, canonicalUrl: 'data:text/html,x' },
      { ...report, title: 'x'.repeat(5000) },
      { ...report, score: Number.NaN },
      { ...report, isNews: 'yes' },
      { ...report, signals: Array.from({ length: 500 }, () => 's') },
      { ...report, url: `https://x.example/${'a'.repeat(9000)}` },
    ];
    for (const r of bad) expect(parsePageReportMessage(msg(r))).toBeNull();
  });

  it('drops fields it does not know', () => {
    expect(parsePageReportMessage(msg({ ...report, forced: true, extra: 1 }))).not.toHaveProperty('forced');
  });
});
