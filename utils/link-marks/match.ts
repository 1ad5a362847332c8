/**
 * Which of a page's links lead to an analysed article: each link's canonical target (link-url.ts) hashed into its
 * URL key and asked of the local key set. Nothing is sent anywhere: a set hit is enough to mark (its false-positive
 * rate, 2^-18 a key, is the price; a click then confirms against the shard, as a page lookup does). Pure, given the
 * set's `has`.
 */
import { sha256hex } from '../prism/keys';
import { linkCanonical } from './link-url';

/** The hrefs of `hrefs` (as the page sent them) whose target's URL key is in the set, in their order. */
export async function markedLinks(
  hrefs: readonly string[],
  pageCanonical: string | null,
  has: (key: string) => boolean,
): Promise<string[]> {
  const byCanonical = new Map<string, string[]>();
  for (const href of hrefs) {
    const canonical = linkCanonical(href, pageCanonical);
    if (canonical === null) continue;
    const list = byCanonical.get(canonical);
    if (list) list.push(href);
    else byCanonical.set(canonical, [href]);
  }
  const hits = new Set<string>();
  await Promise.all(
    [...byCanonical].map(async ([canonical, list]) => {
      if (has(await sha256hex(canonical))) for (const h of list) hits.add(h);
    }),
  );
  return hrefs.filter((h) => hits.has(h));
}
