/**
 * From a page report to the tab's answer. Every key is tested against the local key set first: a page PRISM has
 * not analysed is answered without a single request. Only a local hit asks the API, for the one shard that names
 * the matching key, and the match is then *confirmed* (the page's own address, or the page is on one of the
 * story's own hosts: utils/url/site.ts `hostOf`) or only *possible*. The registrable domain is too coarse for that:
 * `blog.naver.com` and `n.news.naver.com` are one site.
 */
import type { KeySet } from '../prism/keyset';
import type { LookupEntry } from '../prism/schema';
import { keyPrefix } from '../prism/keys';
import { faultOf, PrismError } from '../prism/client';
import { hostOf, siteOf, unwrapAmp } from '../url/site';
import type { PageDetection, PageReport, TabState } from '../tab-state';
import { pageCandidates, type Candidate } from './candidates';

export type Resolution = Pick<TabState, 'status' | 'storyId' | 'match' | 'fault'> & {
  /** The report with the on-demand detection in it, when one was run. */
  page?: PageReport;
  /** A shard missed and meta.json then named a newer key set: the page is to be checked again with it. */
  newerKeySet?: true;
};

/** A shard's entries, and whether they came from the network (false: the extension's own cache). */
interface ShardAnswer {
  entries: LookupEntry[];
  network: boolean;
}

export interface ResolveDeps {
  /** The local key set, or null when none has been downloaded yet. */
  keySet: KeySet | null;
  /** The shard of a prefix (from the cache or the API; a bare list counts as from the network). */
  shard(prefix: string): Promise<LookupEntry[] | ShardAnswer>;
  /** The shards' prefix length meta.json named (keys.ts keyPrefix; 5 when none). */
  prefixLength?: number;
  /**
   * Runs the full news detector on the page (asked of its content script), or null when it cannot. Used for a
   * page whose headline alone matched, and when the reader opens the popup on a page with no match.
   */
  detect?(): Promise<PageDetection | null>;
  /**
   * The shard-miss guard (utils/lookup/miss-guard.ts): told how many keys were tested and of every "no such key"
   * a shard from the network gave (never of a cached shard's); `allow` false: no shard may be asked (the page's
   * answer is then an error that says why). `miss` says whether the miss counted, was a key that had missed
   * already, or made meta.json name a newer key set (the page is then to be checked again).
   */
  guard?: {
    tested(keys: number): Promise<void>;
    allow(): Promise<boolean>;
    miss(key: string): Promise<'counted' | 'repeat' | 'newer-set'>;
  };
}

/** Why no shard is asked of an API whose shards miss far more often than its key set says they can. */
const GUARD_STOPPED =
  "PRISM's key set claims pages its server does not have, far more often than its false-positive rate allows; PRISM Lens has stopped asking this server which pages it has (docs/privacy.md).";

/** At most this many local hits are confirmed online for one page (a false positive is about 1 in 260,000). */
const MAX_CONFIRMATIONS = 2;

function matchOf(
  c: Candidate,
  entry: LookupEntry,
  pageSite: string | null,
  pageHost: string | null,
): Pick<TabState, 'status' | 'match'> {
  // An entry of an older publication names no hosts: then only the page's own address confirms.
  const onOwnHost = pageHost !== null && (entry.hosts ?? []).includes(pageHost);
  if (c.by === 'address' || (c.by === 'declared' && c.sameHost) || onOwnHost) {
    return { status: 'found', match: { by: c.by, site: pageSite ?? entry.sites[0]!, pageSite } };
  }
  const site = (c.by === 'declared' ? c.site : null) ?? entry.sites[0]!;
  return { status: 'possible', match: { by: c.by, site, pageSite } };
}

/**
 * `examine`: the reader asked (popup, side panel): run the detector when the page has not been examined yet, so a
 * miss says "not news" or "no analysis yet" truthfully and the detector's headline is tried too.
 */
export async function resolvePage(page: PageReport, deps: ResolveDeps, examine = false): Promise<Resolution> {
  if (!deps.keySet) return { status: 'no-catalogue' };
  let report = page;
  const keySet = deps.keySet;
  try {
    const candidates = await pageCandidates(report);
    await deps.guard?.tested(candidates.length);
    let hits = candidates.filter((c) => keySet.has(c.key));
    const headlineOnly = hits.length > 0 && hits.every((c) => c.by === 'headline');
    if (report.detection === undefined && deps.detect && (examine || headlineOnly)) {
      const detection = await deps.detect();
      report = { ...report, detection };
      if (detection) {
        const all = await pageCandidates(report);
        await deps.guard?.tested(all.filter((c) => !candidates.some((o) => o.key === c.key)).length);
        hits = all.filter((c) => keySet.has(c.key));
        // A headline shared by a page that is not an article (a forum post, a search page) is no match.
        if (!detection.isNews) hits = hits.filter((c) => c.by !== 'headline');
      }
    }
    const changed = report !== page ? { page: report } : {};
    const location = unwrapAmp(report.url);
    const pageSite = siteOf(location);
    const pageHost = hostOf(location);
    for (const c of hits.slice(0, MAX_CONFIRMATIONS)) {
      if (deps.guard && !(await deps.guard.allow())) throw new PrismError('invalid', GUARD_STOPPED);
      const answer = await deps.shard(keyPrefix(c.key, deps.prefixLength));
      const { entries, network } = Array.isArray(answer) ? { entries: answer, network: true } : answer;
      const entry = entries.find((e) => e.key === c.key);
      if (entry) return { ...matchOf(c, entry, pageSite, pageHost), storyId: entry.story, ...changed };
      if (network && (await deps.guard?.miss(c.key)) === 'newer-set') {
        return { status: 'none', newerKeySet: true, ...changed };
      }
    }
    return { status: report.detection && !report.detection.isNews ? 'not-news' : 'none', ...changed };
  } catch (err) {
    // Only "the browser is offline" is `offline`; the views tell the other faults apart by `fault.kind`.
    const fault = faultOf(err);
    if (err instanceof PrismError) {
      return {
        status: fault.kind === 'offline' ? 'offline' : 'error',
        fault,
        ...(report !== page ? { page: report } : {}),
      };
    }
    return { status: 'error', fault };
  }
}
