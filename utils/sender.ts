/**
 * Who sent a runtime message, as the browser names it: the checks every receiver of the extension makes before it
 * acts on a message. Pure (the browser's facts are passed in), so they are tested in Node; docs/threat-model.md
 * says what each one keeps out.
 */

/** What a message's sender is, as the browser names it (a subset of `runtime.MessageSender`). */
interface SenderFacts {
  id?: string;
  url?: string;
  frameId?: number;
  tab?: { id?: number };
}

/**
 * Whether a message comes from one of this extension's own pages (popup, side panel, options, library, the card
 * page), never from a content script: a content script runs in the page's renderer, which a compromised page may
 * control, and its sender's address is the web page's. `extensionBase` is `runtime.getURL('/')`. The requests of
 * utils/messages.ts `PageRequests` act on any tab or fetch any story: the background accepts them from extension
 * pages only.
 */
export function fromExtensionPage(
  sender: SenderFacts | undefined,
  extensionId: string,
  extensionBase: string,
): boolean {
  if (!sender || sender.id !== extensionId || !sender.url) return false;
  try {
    // Scheme and host rather than `origin`: an extension scheme's origin is opaque ("null") wherever the URL parser
    // does not know it (Node's does not), and two opaque origins would compare equal.
    const url = new URL(sender.url);
    const own = new URL(extensionBase);
    return url.protocol === own.protocol && url.host === own.host;
  } catch {
    return false;
  }
}

/**
 * The tab a card page (`overlay-card.html`, framed in an article) is in, from what the browser says about the
 * sender; null for anything else (a content script, another extension page, a page with our card's name elsewhere).
 */
export function cardTabOf(sender: SenderFacts, extensionId: string, extensionBase: string): number | null {
  if (sender.id !== extensionId || sender.tab?.id === undefined || !sender.url) return null;
  try {
    const url = new URL(sender.url);
    const own = new URL(extensionBase);
    return url.protocol === own.protocol && url.host === own.host && url.pathname === '/overlay-card.html'
      ? sender.tab.id
      : null;
  } catch {
    return null;
  }
}

/** The tab whose top frame sent a message, when it is this extension's own script there; else null. */
export function topFrameTabOf(sender: SenderFacts, extensionId: string): number | null {
  const tabId = sender.tab?.id;
  return sender.id === extensionId && tabId !== undefined && (sender.frameId ?? 0) === 0 ? tabId : null;
}
