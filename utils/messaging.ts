/**
 * Typed messages between the popup/side panel and the background. (The content script's page report is a plain
 * runtime message: utils/page-report.ts.)
 */
import { defineExtensionMessaging } from '@webext-core/messaging';
import type { Story } from './prism/schema';
import type { FaultKind } from './prism/fault';

/** A failure's `kind` and `status` are a Fault's (utils/tab-state.ts); `message` is its English `detail`. */
export type StoryAnswer =
  | { ok: true; story: Story }
  /** `saved`: the reader's own copy from the library, offered when PRISM cannot give the story now. */
  | { ok: false; kind: FaultKind; message: string; status?: number; retryAfterMs?: number; saved?: Story };

interface ProtocolMap {
  /** Popup → background: the story, from the cache or the API. */
  getStory(id: string): StoryAnswer;
  /** Popup → background: look the tab's page up again (retry after an error). */
  recheckTab(args: { tabId: number }): void;
  /**
   * Popup/side panel → background: the reader is looking at this tab: run the full news detector on its page if it
   * has not run yet (a miss then says "not news" or "no analysis yet" truthfully, and the detector's headline is
   * tried too).
   */
  examineTab(args: { tabId: number }): void;
  /** Side panel → background: look a link up again (after the context menu asked about it). */
  lookUpLink(args: { windowId: number; url: string }): void;
}

export const { sendMessage, onMessage } = defineExtensionMessaging<ProtocolMap>();

/** What a message's sender is, as the browser names it (a subset of `runtime.MessageSender`). */
export interface SenderFacts {
  id?: string;
  url?: string;
}

/**
 * Whether a message comes from one of this extension's own pages (popup, side panel, options, library, the card
 * page), never from a content script: a content script runs in the page's renderer, which a compromised page may
 * control, and its sender's address is the web page's. `extensionBase` is `runtime.getURL('/')`. The messages
 * above act on any tab or fetch any story: the background accepts them from extension pages only.
 */
export function fromExtensionPage(
  sender: SenderFacts | undefined,
  extensionId: string,
  extensionBase: string,
): boolean {
  if (!sender || sender.id !== extensionId || !sender.url) return false;
  try {
    return new URL(sender.url).origin === new URL(extensionBase).origin;
  } catch {
    return false;
  }
}
