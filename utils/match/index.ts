/**
 * Same-event matching, as the background and `npm run match` both run it: the event index's bytes (checked against
 * the SHA-256 meta.json names, then decoded with every check of event-index.ts) into a matcher, and a page (its
 * address and headline, as the content script reports them) into `{ story, score }`.
 */
import { sha256hexOfBytes } from '../prism/keys';
import { decodeEventIndex, EventIndexError, MAX_EVENT_INDEX_BYTES } from './event-index';
import { createMatcher, type Matcher, type MatchResult } from './matcher';

export { EventIndexError } from './event-index';
export type { MatchResult } from './matcher';

export async function openEventIndex(bytes: Uint8Array, sha256?: string): Promise<Matcher> {
  if (bytes.length > MAX_EVENT_INDEX_BYTES) {
    throw new EventIndexError(`${bytes.length} bytes is more than the ${MAX_EVENT_INDEX_BYTES} allowed`);
  }
  if (sha256 !== undefined && (await sha256hexOfBytes(bytes)) !== sha256) {
    throw new EventIndexError('its SHA-256 is not the one meta.json names');
  }
  return createMatcher(decodeEventIndex(bytes));
}

/** A page as the content script reports it; anything else (no headline, not text) matches nothing. */
export function matchPage(matcher: Matcher, page: unknown): MatchResult {
  if (typeof page !== 'object' || page === null) return { story: null, score: 0 };
  const { url, title } = page as { url?: unknown; title?: unknown };
  if (typeof title !== 'string' || title.trim() === '') return { story: null, score: 0 };
  return matcher.match({ url: typeof url === 'string' ? url : undefined, title });
}
