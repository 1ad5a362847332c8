/**
 * Link marks' items in `storage.local` (utils/link-marks/sites.ts has the rules; docs/privacy.md what is kept):
 * the reader's say (off altogether, sites on, sites off) and the catalogue's source sites as the last meta.json
 * named them (docs/prism-api.md, revision 2.2), for the API they came from.
 */
import { storage } from 'wxt/utils/storage';
import { parseLinkMarkPrefs, type LinkMarkPrefs } from '@/utils/link-marks/prefs';

export const linkMarkPrefsItem = storage.defineItem<LinkMarkPrefs | null>('local:linkMarks', { fallback: null });
/** Its key without the area prefix (to recognise it in `storage.onChanged`). */
export const LINK_MARK_PREFS_KEY = 'linkMarks';

export async function readLinkMarkPrefs(): Promise<LinkMarkPrefs> {
  return parseLinkMarkPrefs(await linkMarkPrefsItem.getValue());
}

/** The catalogue's sites (meta.json `sites`) of the API at `base`; `sites` null when the publication names none. */
export interface CatalogueSites {
  base: string;
  sites: string[] | null;
}
export const catalogueSitesItem = storage.defineItem<CatalogueSites | null>('local:catalogueSites', { fallback: null });

/** Per tab, in storage.session: the page's site and whether marks run there by default (the popup's control). */
export interface LinkMarksPage {
  site: string;
  byDefault: boolean;
}
export const linkMarksPageKey = (tabId: number) => `session:linkMarks:${tabId}` as const;
