/**
 * The background's one `runtime.onMessage` listener. Every message is parsed once (utils/message-parse.ts: the page
 * report through its schema), its sender checked as the browser names it (utils/sender.ts), and handed to the one
 * module that acts on it. Messages that are not ours, or not from a sender allowed to send them, are left
 * unanswered; the extension-page requests refuse anything else with an error the sender sees.
 *
 * Who may send what (docs/threat-model.md):
 * - a page report: our content script, in a tab's top frame, naming a page on that frame's origin;
 * - an overlay action (hide, snooze, undo): our content script in a tab's top frame, or our card page in that tab;
 * - the card's library and its hello: our card page (`overlay-card.html`), framed in a tab;
 * - a link-marks question or a mark's activation: our content script in a tab's top frame, on an http(s) page;
 * - link marks off for the site from the card's menu: our card page, framed in that tab;
 * - the requests that act on any tab or fetch any story (`PageRequests`): the extension's own pages only.
 */
import { browser, type Browser } from 'wxt/browser';
import {
  EXAMINE_TAB_TYPE,
  GET_STORY_TYPE,
  LINK_MARKS_ASK_TYPE,
  LINK_MARKS_CARD_OFF_TYPE,
  LINK_MARKS_OPEN_TYPE,
  LOOK_UP_LINK_TYPE,
  OVERLAY_ACTION_TYPE,
  OVERLAY_CARD_HELLO_TYPE,
  OVERLAY_LIBRARY_TYPE,
  PAGE_REPORT_TYPE,
  RECHECK_TAB_TYPE,
  TAB_VIEW_TYPE,
} from '@/utils/messages';
import { parseBackgroundMessage, type BackgroundMessage } from '@/utils/message-parse';
import { cardTabOf, fromExtensionPage, topFrameTabOf } from '@/utils/sender';
import { cardHello } from './card-hello';
import { libraryRequest } from './card-library-proxy';
import { linkMarksAsk, linkMarksCardOff, linkMarksOnReport, linkMarksOpen } from './link-marks';
import { overlayAction } from './overlay-choices';
import { overlayAfterReport } from './overlay-tabs';
import { examineTab, lookUpLink, lookUpReport, recheckTab } from './page-lookup';
import { reportingTab, takeReport } from './page-reports';
import { getStory, tabView } from './prism-service';

type Sender = Browser.runtime.MessageSender;

const extensionBase = () => (browser.runtime.getURL as (path: string) => string)('/');

export function listenForMessages(): void {
  browser.runtime.onMessage.addListener((message: unknown, sender: Sender) =>
    route(parseBackgroundMessage(message), sender),
  );
}

/** The answer to a message (a promise the sender receives), or undefined to leave it unanswered. */
function route(message: BackgroundMessage | null, sender: Sender): Promise<unknown> | undefined {
  if (!message) return undefined; // not ours: nothing here answers it
  switch (message.type) {
    case PAGE_REPORT_TYPE: {
      const tabId = reportingTab(sender, message.report);
      if (tabId === null) return undefined;
      // Over the tab's budget (a page re-firing reports): nothing at all is done for it.
      if (!takeReport(tabId, message.since)) return undefined;
      void lookUpReport(tabId, message.report);
      // A reload of an analysed page causes no lookup: its overlay is mounted from here.
      void overlayAfterReport(tabId, message.report);
      // Link marks start (or stop) from the report alone: nothing leaves the browser for them.
      void linkMarksOnReport(tabId, message.report.url);
      return undefined;
    }
    case LINK_MARKS_ASK_TYPE:
      // The marking module in a tab's top frame: which of these links lead to an analysed article (local set only).
      return linkMarksAsk(sender, message.hrefs);
    case LINK_MARKS_OPEN_TYPE:
      // The marking module in a tab's top frame: the reader activated a mark.
      return linkMarksOpen(sender, message.href);
    case LINK_MARKS_CARD_OFF_TYPE: {
      // The card's menu: our card page, framed in the tab whose site it turns marks off for.
      const tabId = cardTabOf(sender, browser.runtime.id, extensionBase());
      return tabId === null ? undefined : linkMarksCardOff(tabId);
    }
    case OVERLAY_ACTION_TYPE: {
      // From the overlay's content script (top frame) or a card page in that tab: either way, the sender's tab.
      const tabId = topFrameTabOf(sender, browser.runtime.id) ?? cardTabOf(sender, browser.runtime.id, extensionBase());
      return tabId === null ? undefined : overlayAction(tabId, message.action, message.site);
    }
    case OVERLAY_LIBRARY_TYPE: {
      const tabId = cardTabOf(sender, browser.runtime.id, extensionBase());
      return tabId === null ? undefined : libraryRequest(tabId, message.op, message.id);
    }
    case OVERLAY_CARD_HELLO_TYPE:
      if (sender.id !== browser.runtime.id) return undefined;
      return cardHello(cardTabOf(sender, browser.runtime.id, extensionBase()));
    default:
      // These act on any tab, or fetch any story: for the extension's own pages only, never a content script (a
      // page's renderer). The refusal is an error the sender sees.
      if (!fromExtensionPage(sender, browser.runtime.id, extensionBase())) {
        return Promise.reject(new Error('PRISM Lens: this message is accepted from extension pages only'));
      }
      switch (message.type) {
        case GET_STORY_TYPE:
          return getStory(message.id);
        case TAB_VIEW_TYPE:
          return tabView(message.tabId);
        case RECHECK_TAB_TYPE:
          return recheckTab(message.tabId);
        case EXAMINE_TAB_TYPE:
          return examineTab(message.tabId);
        case LOOK_UP_LINK_TYPE:
          return lookUpLink(message.windowId, message.url);
      }
  }
}
