/**
 * The message a content script sends about its page, and its validation. A page controls what its content script
 * sees, so the background trusts nothing in a report beyond its shape: strings are capped, URLs must be http(s).
 */
import * as v from 'valibot';
import type { PageReport } from './tab-state';

export const PAGE_REPORT_TYPE = 'prism:page';
/** Background → content script: "what is your page now?" (answered with the current report). */
export const PAGE_PING_TYPE = 'prism:ping';

const MAX_TEXT = 1000;
const MAX_URL = 8192;
const text = v.nullable(v.pipe(v.string(), v.maxLength(MAX_TEXT)));
const httpUrl = v.pipe(v.string(), v.maxLength(MAX_URL), v.regex(/^https?:\/\//i));

const PageReportSchema = v.object({
  url: httpUrl,
  canonicalUrl: v.nullable(httpUrl),
  title: text,
  publisher: text,
  publishedAt: v.nullable(v.pipe(v.string(), v.maxLength(64))),
  lang: v.nullable(v.pipe(v.string(), v.maxLength(35))),
  isNews: v.boolean(),
  score: v.pipe(v.number(), v.finite()),
  signals: v.pipe(v.array(v.pipe(v.string(), v.maxLength(100))), v.maxLength(50)),
});

export interface PageReportMessage {
  type: typeof PAGE_REPORT_TYPE;
  report: PageReport;
}

/** The report in a runtime message, or null when the message is not a well-formed page report. */
export function parsePageReportMessage(message: unknown): PageReport | null {
  if (!message || typeof message !== 'object' || (message as { type?: unknown }).type !== PAGE_REPORT_TYPE) return null;
  const parsed = v.safeParse(PageReportSchema, (message as { report?: unknown }).report);
  return parsed.success ? parsed.output : null;
}

/** Whether two reports describe the same page in the same way (then there is nothing to look up again). */
export function sameReport(a: PageReport | undefined, b: PageReport): boolean {
  return !!a && a.url === b.url && a.isNews === b.isNews && a.canonicalUrl === b.canonicalUrl && a.title === b.title;
}
