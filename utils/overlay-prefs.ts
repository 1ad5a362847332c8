/**
 * The reader's say over the on-page overlay (the pill on an analysed article, and its reading card), kept in
 * `storage.local` (the items: stores/storage-items.ts): whether the pill shows at all, on which side, the sites where it is hidden, and a snooze. The
 * rules are pure functions, so the background (which decides whether to mount anything, before any DOM of the page
 * is touched), the options page and the tests share one definition.
 */
import type { TabState } from './tab-state';

/** `analysed`: the pill shows on articles PRISM has analysed (a confirmed match); `never`: it never shows. */
export type OverlayMode = 'analysed' | 'never';
export type OverlaySide = 'right' | 'left';

const SNOOZE_DAYS = 30;
export const SNOOZE_MS = SNOOZE_DAYS * 24 * 60 * 60 * 1000;
/** A bound on the hidden-site list (storage.local is small, and a list this long is a mistake, not a choice). */
export const MAX_HIDDEN_SITES = 2000;

export interface OverlayPrefs {
  mode: OverlayMode;
  side: OverlaySide;
  /** Registrable domains (utils/url/site.ts), sorted, without duplicates. */
  hiddenSites: string[];
  /** Epoch ms until which the pill is snoozed everywhere; null when not snoozed. */
  snoozedUntil: number | null;
}

export const DEFAULT_OVERLAY_PREFS: OverlayPrefs = {
  mode: 'analysed',
  side: 'right',
  hiddenSites: [],
  snoozedUntil: null,
};

/** Whatever is stored (another version, a hand edit) read as valid prefs: anything unexpected is the default. */
export function parseOverlayPrefs(raw: {
  mode?: unknown;
  side?: unknown;
  hiddenSites?: unknown;
  snoozedUntil?: unknown;
}): OverlayPrefs {
  const mode: OverlayMode = raw.mode === 'never' ? 'never' : 'analysed';
  const side: OverlaySide = raw.side === 'left' ? 'left' : 'right';
  const hiddenSites = Array.isArray(raw.hiddenSites)
    ? normalizeSiteList(raw.hiddenSites.filter((s): s is string => typeof s === 'string'))
    : [];
  const until = raw.snoozedUntil;
  const snoozedUntil = typeof until === 'number' && Number.isFinite(until) && until > 0 ? until : null;
  return { mode, side, hiddenSites, snoozedUntil };
}

/** A registrable domain as siteOf (utils/url/site.ts) writes it: lower case, no scheme, port, path or spaces. */
const SITE = /^(?:[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?\.)*[a-z0-9_-]{1,63}$|^\[[0-9a-f:.]+\]$/;

/**
 * Sorted, unique, only strings shaped like a site; at most MAX_HIDDEN_SITES. (Which site a page is on is decided
 * by siteOf in the background, with the Public Suffix List; this list only stores its answers.)
 */
export function normalizeSiteList(sites: readonly string[]): string[] {
  const out = new Set<string>();
  for (const s of sites) if (s.length <= 253 && SITE.test(s)) out.add(s);
  return [...out].sort().slice(0, MAX_HIDDEN_SITES);
}

export const withSite = (sites: readonly string[], site: string): string[] => normalizeSiteList([...sites, site]);
export const withoutSite = (sites: readonly string[], site: string): string[] => sites.filter((s) => s !== site);

export const isSnoozed = (prefs: Pick<OverlayPrefs, 'snoozedUntil'>, now: number): boolean =>
  prefs.snoozedUntil !== null && prefs.snoozedUntil > now;
export const snoozeUntil = (now: number): number => now + SNOOZE_MS;

export type PillDecision =
  { show: true } | { show: false; reason: 'not-confirmed' | 'never' | 'hidden-site' | 'snoozed' };

type TabFacts = Pick<TabState, 'status' | 'page' | 'storyId'>;

/**
 * Whether the pill may show for a tab whose page is on `site` (siteOf its own address): only for a confirmed match
 * (`found`: never for a possible match or any other state), and only if the reader has not turned it off, hidden
 * it on this site, or snoozed it.
 */
export function pillDecision(
  state: TabFacts | null | undefined,
  site: string | null,
  prefs: OverlayPrefs,
  now: number,
): PillDecision {
  if (state?.status !== 'found' || !state.storyId || !state.page) return { show: false, reason: 'not-confirmed' };
  if (prefs.mode === 'never') return { show: false, reason: 'never' };
  if (site !== null && prefs.hiddenSites.includes(site)) return { show: false, reason: 'hidden-site' };
  if (isSnoozed(prefs, now)) return { show: false, reason: 'snoozed' };
  return { show: true };
}

/** What the background last told a tab's overlay (in storage.session, so it survives the worker). */
export interface OverlayRecord {
  url: string;
  storyId: string;
}

export type OverlayStep = 'mount' | 'unmount' | 'nothing';

/**
 * What to tell a tab whose state is `state`, given what it was last told (`record`). A lookup in progress for the
 * page the pill is about keeps the pill (no flicker on a re-check); a lookup for another page (single-page
 * navigation) removes it at once, since it would be about the previous article. A tab that was never told to
 * mount is never told anything: a page without a match gets no message at all.
 */
export function overlayStep(
  state: TabFacts | null | undefined,
  site: string | null,
  record: OverlayRecord | null,
  prefs: OverlayPrefs,
  now: number,
): OverlayStep {
  if (state?.status === 'looking') return record && record.url !== state.page?.url ? 'unmount' : 'nothing';
  if (pillDecision(state, site, prefs, now).show) return 'mount';
  return record ? 'unmount' : 'nothing';
}
