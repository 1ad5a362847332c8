/**
 * From a page report to the tab's answer: which keys to look up, and what the lookup means for the reader.
 */
import { canonicalUrl } from '../url/canonical';
import { pageKeys } from '../prism/keys';
import { PrismError, type PrismClient } from '../prism/client';
import type { PageReport, TabState } from '../tab-state';

export type Resolution = Pick<TabState, 'status' | 'storyId' | 'matchedBy' | 'error'>;

/** The URLs a page is known by, page-declared first; only those that canonicalise. */
export function pageUrls(page: PageReport): string[] {
  const urls = [page.canonicalUrl, page.url].filter((u): u is string => Boolean(u));
  return [...new Set(urls.map((u) => canonicalUrl(u)).filter((u): u is string => u !== null))];
}

export async function resolvePage(page: PageReport, client: PrismClient): Promise<Resolution> {
  if (!page.isNews && !page.forced) return { status: 'not-news' };
  try {
    const keys = await pageKeys({ urls: pageUrls(page), title: page.title, publisher: page.publisher });
    if (keys.length === 0) return { status: 'none' };
    const match = await client.lookup(keys);
    if (!match) return { status: 'none' };
    // Fetch now so the popup opens on a cached story, and a broken story shows as an error at once.
    await client.story(match.storyId);
    return { status: 'found', storyId: match.storyId, matchedBy: match.matchedBy };
  } catch (err) {
    if (err instanceof PrismError) return { status: err.kind === 'offline' ? 'offline' : 'error', error: err.message };
    return { status: 'error', error: err instanceof Error ? err.message : String(err) };
  }
}
