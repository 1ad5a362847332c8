/**
 * The catalogue's sites as the last meta.json named them (revision 2.2, docs/prism-api.md), kept for link marks
 * (entrypoints/background/link-marks.ts). Here, not in stores/link-marks.ts: checking a site needs the public suffix
 * list (tldts, ~100 KB), which the popup and options pages that read link marks' settings must not load.
 */
import { catalogueSitesItem, type CatalogueSites } from '@/stores/link-marks';
import { parseCatalogueSites } from '@/utils/link-marks/sites';
import type { Meta } from '@/utils/prism/schema';

/** Keeps the sites meta.json names for its API; keyset-sync calls it on every meta.json read. */
export async function rememberCatalogueSites(base: string, meta: Meta): Promise<void> {
  const next: CatalogueSites = { base, sites: parseCatalogueSites(meta.sites) };
  const now = await catalogueSitesItem.getValue();
  if (now?.base === next.base && JSON.stringify(now.sites) === JSON.stringify(next.sites)) return;
  await catalogueSitesItem.setValue(next);
}
