/**
 * The messages between the content script and the background, and their validation. A page controls what its
 * content script sees, so the background trusts nothing in a report beyond its shape: strings are capped, URLs
 * must be http(s), lists are short. The content script imports only the type names (no valibot on every page).
 */
import * as v from 'valibot';
import { isHttpUrlText, parseHttpUrl } from './safe-url';
import type { PageDetection, PageReport, TabState } from './tab-state';
import { PAGE_REPORT_TYPE } from './messages';

const MAX_TEXT = 1000;
const MAX_URL = 8192;
const text = v.nullable(v.pipe(v.string(), v.maxLength(MAX_TEXT)));
const httpUrl = v.pipe(v.string(), v.maxLength(MAX_URL), v.check(isHttpUrlText));

const DetectionSchema = v.object({
  isNews: v.boolean(),
  score: v.pipe(v.number(), v.finite()),
  signals: v.pipe(v.array(v.pipe(v.string(), v.maxLength(100))), v.maxLength(50)),
  title: text,
  publisher: text,
  canonicalUrl: v.nullable(httpUrl),
});

const PageReportSchema = v.object({
  url: httpUrl,
  /** As the page wrote them (relative, or not http(s) at all): resolved below. */
  declared: v.pipe(v.array(v.pipe(v.string(), v.maxLength(MAX_URL))), v.maxLength(2)),
  titles: v.pipe(v.array(v.pipe(v.string(), v.maxLength(MAX_TEXT))), v.maxLength(2)),
  publisher: text,
  lang: v.nullable(v.pipe(v.string(), v.maxLength(35))),
});

/** The report in a runtime message, or null when the message is not a well-formed page report. */
export function parsePageReportMessage(message: unknown): PageReport | null {
  if (!message || typeof message !== 'object' || (message as { type?: unknown }).type !== PAGE_REPORT_TYPE) return null;
  return parsePageReport((message as { report?: unknown }).report);
}

/** `value` resolved against the page's address, if that makes an http(s) URL within the cap; else null. */
function absoluteHttp(value: string, base: string): string | null {
  const url = parseHttpUrl(value.trim(), base);
  return url && url.href.length <= MAX_URL ? url.href : null;
}

/**
 * A report (a ping's answer), or null. Anything beyond the known fields (a `detection` a page forged) is dropped.
 * The declared addresses are made absolute against the page's address, and those that are not http(s) dropped
 * (the content script copies them as written: resolving URLs there would cost every page).
 */
export function parsePageReport(report: unknown): PageReport | null {
  const parsed = v.safeParse(PageReportSchema, report);
  if (!parsed.success) return null;
  const { url } = parsed.output;
  const declared = parsed.output.declared.map((d) => absoluteHttp(d, url)).filter((d): d is string => d !== null);
  return { ...parsed.output, declared: [...new Set(declared)] };
}

/** A detector's answer, or null. */
export function parseDetection(answer: unknown): PageDetection | null {
  const parsed = v.safeParse(DetectionSchema, answer);
  return parsed.success ? parsed.output : null;
}

/** Whether two reports describe the same page in the same way (then there is nothing to look up again). */
export function sameReport(a: PageReport | undefined, b: PageReport): boolean {
  if (!a || a.url !== b.url || a.publisher !== b.publisher) return false;
  return a.declared.join('\n') === b.declared.join('\n') && a.titles.join('\n') === b.titles.join('\n');
}

/**
 * Whether a report must be looked up, given the tab's stored state: not when it says nothing new about a page whose
 * lookup settled (a page re-firing events); always when the last lookup failed (it is tried again).
 */
export function reportNeedsLookup(current: TabState | null, report: PageReport): boolean {
  const settled = !!current && !['offline', 'error', 'no-catalogue'].includes(current.status);
  return !(settled && sameReport(current.page, report));
}

/**
 * Whether a report names a page on the origin the browser says its sending frame is at (`sender.url`, the browser's
 * word, not the renderer's). A content script in a compromised renderer could otherwise report any address for its
 * tab: a page of another site, to have the extension look that site up or mark the tab as it. The origin, not the
 * whole address: a single-page app changes its path without the browser's record of the frame following every time.
 */
export function reportFromItsPage(report: PageReport, senderUrl: string | undefined): boolean {
  if (!senderUrl) return false;
  try {
    return new URL(report.url).origin === new URL(senderUrl).origin;
  } catch {
    return false;
  }
}
