/**
 * The keys a page is known by, each with what it would mean if it matched: the page's own address, an address it
 * declares (on its own host or on another: utils/url/site.ts `sameHost`), or its headline. Ordered most trustworthy first, so the first key the
 * key set holds is the one confirmed online.
 */
import { titleKey, urlKey } from '../prism/keys';
import { sameHost, siteOf, unwrapAmp } from '../url/site';
import type { MatchBy, PageReport } from '../tab-state';

export interface Candidate {
  key: string;
  by: MatchBy;
  /** For an address: whether it is on the page's own host (the page's own address always is). */
  sameHost: boolean;
  /** For a declared address: its site (named to the reader when it is another site). */
  site: string | null;
}

const RANK: Record<string, number> = { address: 0, 'declared-same': 1, 'declared-other': 2, headline: 3 };
const rank = (c: Candidate) => RANK[c.by === 'declared' ? (c.sameHost ? 'declared-same' : 'declared-other') : c.by]!;

export async function pageCandidates(page: PageReport): Promise<Candidate[]> {
  const out: Candidate[] = [];
  const seen = new Set<string>();
  const add = (c: Candidate | null) => {
    if (!c || seen.has(c.key)) return;
    seen.add(c.key);
    out.push(c);
  };
  const location = unwrapAmp(page.url);
  const own = await urlKey(location);
  if (own) add({ key: own, by: 'address', sameHost: true, site: siteOf(location) });

  const declared = [...page.declared, page.detection?.canonicalUrl].filter((u): u is string => Boolean(u));
  for (const url of declared) {
    const unwrapped = unwrapAmp(url);
    const key = await urlKey(unwrapped);
    if (key) add({ key, by: 'declared', sameHost: sameHost(location, unwrapped), site: siteOf(unwrapped) });
  }

  const publishers = [page.detection?.publisher, page.publisher].filter((p): p is string => Boolean(p));
  const titles = [page.detection?.title, ...page.titles].filter((t): t is string => Boolean(t));
  for (const title of titles) {
    for (const publisher of publishers.length ? publishers : [null]) {
      const key = await titleKey(title, publisher);
      if (key) add({ key, by: 'headline', sameHost: false, site: null });
    }
  }
  return out.sort((a, b) => rank(a) - rank(b));
}
