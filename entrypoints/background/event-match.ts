/**
 * Same-event matching in the background (issue 23): a page with no exact match, its reported headline against the
 * event index kept beside the key set (keyset-sync.ts). The index is opened once per worker (and again only when
 * keyset-sync stores another one or the API base changes); matching is local and sends nothing.
 */
import { openEventIndex, matchPage } from '@/utils/match';
import type { Matcher } from '@/utils/match/matcher';
import { createCache } from '@/utils/storage/cache';
import { getDb } from '@/utils/storage/db';
import { apiBaseSetting } from '@/stores/storage-items';
import type { PageReport, SameEvent } from '@/utils/tab-state';

let opened: { base: string; matcher: Promise<Matcher | null> } | null = null;

/** The index changed (keyset-sync stored another, or none): the next match opens it again. */
export function forgetEventIndex(): void {
  opened = null;
}

async function open(base: string): Promise<Matcher | null> {
  const cache = createCache(getDb(), base);
  const row = await cache.getKeySet();
  if (!row?.events) return null;
  try {
    return await openEventIndex(row.events.bytes, row.events.ref.sha256);
  } catch {
    // Damaged in storage: dropped, so that keyset-sync's next refresh fetches it again. Nothing is matched meanwhile.
    const now = await cache.getKeySet();
    if (now?.events?.ref.sha256 === row.events.ref.sha256) {
      const { events: _damaged, ...rest } = now;
      await cache.putKeySet(rest);
    }
    return null;
  }
}

/** The matcher of the current API base's event index, or null when there is none. */
export async function currentMatcher(): Promise<Matcher | null> {
  const base = await apiBaseSetting.getValue();
  if (opened?.base !== base) opened = { base, matcher: open(base) };
  return opened.matcher;
}

/** The headline the content script reported (or the detector found): what the page is about. */
export function reportedHeadline(page: PageReport): string | undefined {
  return page.detection?.title ?? page.titles[0];
}

/** The story of the event the page reports, by its headline; null when none scores enough (or no index). */
export async function sameEventOf(page: PageReport): Promise<{ storyId: string; event: SameEvent } | null> {
  const title = reportedHeadline(page);
  if (!title) return null;
  const matcher = await currentMatcher();
  if (!matcher) return null;
  const { story, score } = matchPage(matcher, { url: page.url, title });
  if (!story) return null;
  return { storyId: story, event: { score, site: matcher.siteOf(story) ?? '' } };
}
