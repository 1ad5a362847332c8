/**
 * The reader's say over link marks (stored by stores/link-marks.ts): off altogether, and the sites turned on or off
 * by hand. Pure and free of the Public Suffix List (the popup and the options page import it; which site a page is
 * on is the background's answer, utils/link-marks/sites.ts).
 */
import { normalizeSiteList } from '../overlay-prefs';

/** The reader's say: off everywhere, and the sites turned on or off by hand (registrable domains, sorted). */
export interface LinkMarkPrefs {
  off: boolean;
  onSites: string[];
  offSites: string[];
}

export const DEFAULT_LINK_MARK_PREFS: LinkMarkPrefs = { off: false, onSites: [], offSites: [] };

/** Whatever is stored read as valid prefs (anything unexpected is the default). */
export function parseLinkMarkPrefs(raw: unknown): LinkMarkPrefs {
  const r = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const list = (v: unknown) => (Array.isArray(v) ? normalizeSiteList(v.filter((s) => typeof s === 'string')) : []);
  return { off: r.off === true, onSites: list(r.onSites), offSites: list(r.offSites) };
}

/** The reader turned marks on (`true`) or off (`false`) for `site`: each list keeps the site at most once. */
export function withSiteChoice(prefs: LinkMarkPrefs, site: string, on: boolean): LinkMarkPrefs {
  const onSites = prefs.onSites.filter((s) => s !== site);
  const offSites = prefs.offSites.filter((s) => s !== site);
  (on ? onSites : offSites).push(site);
  return { ...prefs, onSites: normalizeSiteList(onSites), offSites: normalizeSiteList(offSites) };
}

/** What the reader chose for one site: as usual, on, off; or marks are off altogether. */
export type SiteChoice = 'default' | 'on' | 'off' | 'all-off';

export function siteChoice(prefs: LinkMarkPrefs, site: string): SiteChoice {
  if (prefs.off) return 'all-off';
  if (prefs.offSites.includes(site)) return 'off';
  return prefs.onSites.includes(site) ? 'on' : 'default';
}

/** The prefs after the reader picks `choice` for `site` (any choice but `all-off` turns marks back on). */
export function withChoice(prefs: LinkMarkPrefs, site: string, choice: SiteChoice): LinkMarkPrefs {
  if (choice === 'all-off') return { ...prefs, off: true };
  const cleared = {
    off: false,
    onSites: prefs.onSites.filter((s) => s !== site),
    offSites: prefs.offSites.filter((s) => s !== site),
  };
  return choice === 'default' ? cleared : withSiteChoice(cleared, site, choice === 'on');
}
