/**
 * What the background takes from a runtime message, parsed once: a message is one of the contract's
 * (utils/messages.ts) with its fields checked, or null (not ours, or malformed). Anything a page's renderer can send
 * is untrusted: strings are capped, numbers must be integers, a page report goes through its schema
 * (utils/page-report.ts). Who may send each kind is the router's check (entrypoints/background/message-router.ts).
 */
import {
  EXAMINE_TAB_TYPE,
  GET_STORY_TYPE,
  LINK_MARKS_ASK_TYPE,
  LINK_MARKS_CARD_OFF_TYPE,
  LINK_MARKS_OPEN_TYPE,
  LOOK_UP_LINK_TYPE,
  OVERLAY_ACTIONS,
  OVERLAY_ACTION_TYPE,
  OVERLAY_CARD_HELLO_TYPE,
  OVERLAY_LIBRARY_TYPE,
  PAGE_REPORT_TYPE,
  RECHECK_TAB_TYPE,
  TAB_VIEW_TYPE,
  type OverlayAction,
  type OverlayLibraryOp,
  type PageRequest,
} from './messages';
import { MAX_HREF_LENGTH, parseLinkBatch } from './link-marks/batch';
import { parsePageReportMessage } from './page-report';
import type { PageReport } from './tab-state';

export type BackgroundMessage =
  /** `since`: when the reporting document's script started (ms since the epoch; 0 when it did not say). */
  | { type: typeof PAGE_REPORT_TYPE; report: PageReport; since: number }
  | { type: typeof OVERLAY_ACTION_TYPE; action: OverlayAction; site?: string }
  | { type: typeof OVERLAY_LIBRARY_TYPE; op: OverlayLibraryOp; id: string }
  | { type: typeof OVERLAY_CARD_HELLO_TYPE }
  | { type: typeof LINK_MARKS_ASK_TYPE; hrefs: string[] }
  | { type: typeof LINK_MARKS_OPEN_TYPE; href: string }
  | { type: typeof LINK_MARKS_CARD_OFF_TYPE }
  | PageRequest;

const LIBRARY_OPS: readonly OverlayLibraryOp[] = ['isSaved', 'save', 'unsave', 'restore'];
const MAX_ID = 200;
const MAX_SITE = 300;
const MAX_URL = 8192;

const isId = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v);

export function parseBackgroundMessage(message: unknown): BackgroundMessage | null {
  if (!message || typeof message !== 'object') return null;
  const m = message as Record<string, unknown>;
  switch (m.type) {
    case PAGE_REPORT_TYPE: {
      const report = parsePageReportMessage(message);
      if (!report) return null;
      const since = typeof m.since === 'number' && Number.isFinite(m.since) ? m.since : 0;
      return { type: PAGE_REPORT_TYPE, report, since };
    }
    case OVERLAY_ACTION_TYPE: {
      if (!OVERLAY_ACTIONS.includes(m.action as OverlayAction)) return null;
      const site = typeof m.site === 'string' && m.site.length <= MAX_SITE ? m.site : undefined;
      return { type: OVERLAY_ACTION_TYPE, action: m.action as OverlayAction, ...(site ? { site } : {}) };
    }
    case OVERLAY_LIBRARY_TYPE: {
      if (!LIBRARY_OPS.includes(m.op as OverlayLibraryOp)) return null;
      return typeof m.id === 'string' && m.id.length > 0 && m.id.length <= MAX_ID
        ? { type: OVERLAY_LIBRARY_TYPE, op: m.op as OverlayLibraryOp, id: m.id }
        : null;
    }
    case OVERLAY_CARD_HELLO_TYPE:
      return { type: OVERLAY_CARD_HELLO_TYPE };
    case LINK_MARKS_ASK_TYPE: {
      const hrefs = parseLinkBatch(m.hrefs);
      return hrefs === null ? null : { type: LINK_MARKS_ASK_TYPE, hrefs };
    }
    case LINK_MARKS_CARD_OFF_TYPE:
      return { type: LINK_MARKS_CARD_OFF_TYPE };
    case LINK_MARKS_OPEN_TYPE:
      return typeof m.href === 'string' && m.href.length <= MAX_HREF_LENGTH
        ? { type: LINK_MARKS_OPEN_TYPE, href: m.href }
        : null;
    case GET_STORY_TYPE:
      return typeof m.id === 'string' && m.id.length <= MAX_ID ? { type: GET_STORY_TYPE, id: m.id } : null;
    case TAB_VIEW_TYPE:
    case RECHECK_TAB_TYPE:
    case EXAMINE_TAB_TYPE:
      return isId(m.tabId) ? { type: m.type, tabId: m.tabId } : null;
    case LOOK_UP_LINK_TYPE:
      return isId(m.windowId) && typeof m.url === 'string' && m.url.length <= MAX_URL
        ? { type: LOOK_UP_LINK_TYPE, windowId: m.windowId, url: m.url }
        : null;
    default:
      return null;
  }
}
