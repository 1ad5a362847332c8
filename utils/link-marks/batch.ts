/**
 * The bounds on link marking's work, shared by the page script (what it sends) and the background (what it accepts):
 * a page can hold any number of links and add more at will, and every one costs a hash in the background. Pure.
 *
 * The page script collects the links that become visible (IntersectionObserver) and those added later (a
 * MutationObserver), and sends them in batches: at most MAX_BATCH addresses a message, at most one message in flight,
 * the next after FLUSH_MS. It looks at no more than MAX_LINKS_PER_PAGE distinct addresses per document, and takes
 * at most MAX_MUTATIONS_PER_FLUSH added nodes per flush (beyond that it rescans once, later).
 */

/** Addresses per message from the page to the background. */
export const MAX_BATCH = 200;
/** Distinct addresses a document may ask about (a page of 2,000 links asks about its visible ones, once each). */
export const MAX_LINKS_PER_PAGE = 5000;
/** An address longer than this is not sent (canonical.ts refuses 8 KB; article links are far shorter). */
export const MAX_HREF_LENGTH = 2048;
/** Delay before a batch is sent, so that links seen together go together (the observers already batch per frame). */
export const FLUSH_MS = 50;
/** Added nodes examined per MutationObserver flush; more means the page is being rebuilt: one rescan instead. */
export const MAX_MUTATIONS_PER_FLUSH = 500;

/**
 * A queue of addresses to ask about: each distinct address once per document, at most `limit` of them, handed out
 * `max` at a time in the order they were seen.
 */
export class LinkQueue {
  private readonly seen = new Set<string>();
  private pending: string[] = [];

  constructor(
    private readonly max = MAX_BATCH,
    private readonly limit = MAX_LINKS_PER_PAGE,
  ) {}

  /** Queues `href` unless it was queued before, is too long, or the document's limit is reached. */
  add(href: string): boolean {
    if (href.length > MAX_HREF_LENGTH || this.seen.has(href) || this.seen.size >= this.limit) return false;
    this.seen.add(href);
    this.pending.push(href);
    return true;
  }

  /** Lets `href` be queued again (it was sent and got no answer). */
  forget(href: string): void {
    this.seen.delete(href);
  }

  get size(): number {
    return this.pending.length;
  }

  /** The next batch (at most `max` addresses), removed from the queue. */
  take(): string[] {
    const batch = this.pending.slice(0, this.max);
    this.pending = this.pending.slice(batch.length);
    return batch;
  }
}

/**
 * A batch as the background accepts it: an array of at most MAX_BATCH strings of at most MAX_HREF_LENGTH each;
 * anything else is refused whole (null). A page's script can send anything.
 */
export function parseLinkBatch(raw: unknown): string[] | null {
  if (!Array.isArray(raw) || raw.length > MAX_BATCH) return null;
  for (const h of raw) if (typeof h !== 'string' || h.length > MAX_HREF_LENGTH) return null;
  return raw as string[];
}
