/**
 * meta.json's text (utils/prism/publish-format.ts), revision 2.2: the catalogue's source sites for link marks.
 */
import { describe, expect, it } from 'vitest';
import { catalogueSites, MAX_META_SITES, metaText } from '../../../../publisher/format/publish-format';
import { entryPlaces } from '../../../../publisher/format/publish-story';
import { parseMeta } from '../../../../utils/prism/schema';
import { parseCatalogueSites } from '../../../../utils/link-marks/sites';

const keyset = { path: `keyset/${'a'.repeat(64)}.bin`, sha256: 'a'.repeat(64), format: 'gcs-v1', keys: 3, bytes: 60 };

describe('catalogueSites', () => {
  it('lists the sites (not the hosts) of the stories, once each, sorted', () => {
    const places = [
      entryPlaces(['yahoo.com', 'scmp.com'], ['uk.news.yahoo.com', 'scmp.com']),
      entryPlaces(['bbc.co.uk'], ['bbc.co.uk']),
      entryPlaces(['yahoo.com'], ['news.yahoo.com']),
    ];
    expect(catalogueSites(places)).toEqual(['bbc.co.uk', 'scmp.com', 'yahoo.com']);
  });

  it('names none when there are more than MAX_META_SITES', () => {
    const many = Array.from({ length: MAX_META_SITES + 1 }, (_, i) => entryPlaces([`s${i}.com`], []));
    expect(catalogueSites(many)).toBeNull();
  });
});

describe('metaText with sites', () => {
  it('writes `sites` when given, and a reader of meta.json reads it back', () => {
    const text = metaText(new Date(0), 2, keyset, 0, undefined, ['bbc.co.uk', 'yahoo.com']);
    const meta = parseMeta(JSON.parse(text));
    expect(meta.ok && parseCatalogueSites(meta.value.sites)).toEqual(['bbc.co.uk', 'yahoo.com']);
  });

  it('writes no `sites` when there are none to name, and a bad list does not make meta.json unreadable', () => {
    expect(JSON.parse(metaText(new Date(0), 2, keyset, 0, undefined, null))).not.toHaveProperty('sites');
    const bad = { ...JSON.parse(metaText(new Date(0), 2, keyset)), sites: 'yahoo.com' };
    const meta = parseMeta(bad);
    expect(meta.ok).toBe(true);
    expect(meta.ok && parseCatalogueSites(meta.value.sites)).toBeNull();
  });
});
