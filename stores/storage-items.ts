/**
 * Every item the extension keeps in `storage.local`: its key, its type and its fallback, in one place (what is
 * kept where, for how long: docs/privacy.md). The rules that read them are pure, in utils/ (settings.ts,
 * preferences.ts, overlay-prefs.ts); this file is the browser edge they share.
 */
import type { MissLedger } from '@/utils/lookup/miss-guard';
import { storage } from 'wxt/utils/storage';
import { DEFAULT_API_BASE } from '@/utils/settings';
import type { Lang } from '@/utils/prism/schema';
import type { UiLanguageChoice } from '@/utils/preferences';
import { parseOverlayPrefs, type OverlayMode, type OverlayPrefs, type OverlaySide } from '@/utils/overlay-prefs';

/** The PRISM API the extension talks to (the options page). */
export const apiBaseSetting = storage.defineItem<string>('local:apiBase', { fallback: DEFAULT_API_BASE });

/** The edition shown first; null until the reader picks one (then the browser language decides). */
export const editionPreference = storage.defineItem<Lang | null>('local:edition', { fallback: null });

/** The UI language: `auto` follows the browser. */
export const uiLanguageSetting = storage.defineItem<UiLanguageChoice>('local:uiLanguage', { fallback: 'auto' });

/**
 * A quiet toolbar mark for a same-event match (a page reporting the event of a story PRISM analysed from another
 * article: issue 23). Off unless the reader turns it on; never the exact match's mark.
 */
export const sameEventMarkSetting = storage.defineItem<boolean>('local:sameEventMark', { fallback: false });

/** The overlay's storage.local keys, each written once here (without the area prefix `storage.onChanged` omits). */
const OVERLAY_KEY = {
  mode: 'overlayMode',
  side: 'overlaySide',
  hiddenSites: 'overlayHiddenSites',
  snoozedUntil: 'overlaySnoozedUntil',
} as const;

export const overlayModeItem = storage.defineItem<OverlayMode>(`local:${OVERLAY_KEY.mode}`, { fallback: 'analysed' });
export const overlaySideItem = storage.defineItem<OverlaySide>(`local:${OVERLAY_KEY.side}`, { fallback: 'right' });
export const overlayHiddenSitesItem = storage.defineItem<string[]>(`local:${OVERLAY_KEY.hiddenSites}`, {
  fallback: [],
});
export const overlaySnoozedUntilItem = storage.defineItem<number | null>(`local:${OVERLAY_KEY.snoozedUntil}`, {
  fallback: null,
});

/** The storage.local keys above, without their area prefix (to recognise them in `storage.onChanged`). */
export const OVERLAY_PREF_KEYS: readonly string[] = Object.values(OVERLAY_KEY);

/** The overlay's four items, read as one valid set of prefs. */
export async function readOverlayPrefs(): Promise<OverlayPrefs> {
  const [mode, side, hiddenSites, snoozedUntil] = await Promise.all([
    overlayModeItem.getValue(),
    overlaySideItem.getValue(),
    overlayHiddenSitesItem.getValue(),
    overlaySnoozedUntilItem.getValue(),
  ]);
  return parseOverlayPrefs({ mode, side, hiddenSites, snoozedUntil });
}

/** The shard-miss guard's counts for the API in use (utils/lookup/miss-guard.ts; docs/privacy.md). */
export const shardMissLedgerItem = storage.defineItem<MissLedger | null>('local:shardMisses', { fallback: null });
