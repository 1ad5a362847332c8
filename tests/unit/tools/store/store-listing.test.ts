import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import config from '../../../../wxt.config';
import {
  anchorOf,
  backingOf,
  justifiedAccess,
  manifestAccess,
  namesUnder,
  refExists,
  sectionsOf,
  sectionText,
  STORE_LANGUAGES,
  unbackedSections,
} from '../../../../tools/store/store-listing';

const ROOT = join(import.meta.dirname, '../../../..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
type ManifestFn = (env: { browser: string; manifestVersion: 2 | 3; mode: string; command: string }) => object;
const manifestOf = (browser: 'chrome' | 'firefox') =>
  (config.manifest as ManifestFn)({
    browser,
    manifestVersion: browser === 'firefox' ? 2 : 3,
    mode: 'production',
    command: 'build',
  });

describe('reading the store texts', () => {
  const md = [
    '# Title',
    'intro',
    '## Permissions',
    '### storage',
    'Backed by: docs/a.md#one, docs/b.md',
    'why',
    '```',
    '### not a heading',
    '```',
    '## Host permissions',
    '### https://*/*',
    'hosts',
  ].join('\n');

  it('finds the permissions under each group, and not a heading inside code', () => {
    expect(namesUnder(md, 'Permissions')).toEqual(['storage']);
    expect(namesUnder(md, 'Host permissions')).toEqual(['https://*/*']);
    expect(sectionsOf(md).map((s) => s.title)).not.toContain('not a heading');
  });

  it('reads each section, its text without the Backed by line, and its references', () => {
    expect(sectionText(md, 'storage')).toBe('why\n```\n### not a heading\n```');
    expect(backingOf(md)).toEqual([
      { section: 'storage', ref: 'docs/a.md#one' },
      { section: 'storage', ref: 'docs/b.md' },
    ]);
    expect(unbackedSections(md)).toEqual(['https://*/*']);
  });

  it("makes GitHub's anchors", () => {
    expect(anchorOf('What is sent, when, and to whom')).toBe('what-is-sent-when-and-to-whom');
    expect(anchorOf('PRISM Lens privacy policy')).toBe('prism-lens-privacy-policy');
  });

  it('reads what an MV3 and an MV2 manifest ask for', () => {
    expect(
      manifestAccess({
        permissions: ['storage', 'alarms'],
        host_permissions: ['https://a.example/*'],
        content_scripts: [{ matches: ['https://*/*'] }],
      }),
    ).toEqual({ permissions: ['alarms', 'storage'], hosts: ['https://*/*', 'https://a.example/*'] });
    expect(manifestAccess({ permissions: ['storage', '<all_urls>'] })).toEqual({
      permissions: ['storage'],
      hosts: ['<all_urls>'],
    });
  });
});

describe.each(STORE_LANGUAGES)('store/%s', (lang) => {
  const listing = read(`store/${lang}/listing.md`);
  const permissions = read(`store/${lang}/permissions.md`);
  const dataUse = read(`store/${lang}/data-use.md`);

  it("justifies exactly the Chrome manifest's permissions and host permissions", () => {
    expect(justifiedAccess(permissions)).toEqual(manifestAccess(manifestOf('chrome')));
  });

  it('justifies every permission of the Firefox manifest, and exactly its site access', () => {
    const firefox = manifestAccess(manifestOf('firefox'));
    const justified = justifiedAccess(permissions);
    expect(justified.permissions).toEqual(expect.arrayContaining(firefox.permissions));
    expect(justified.hosts).toEqual(firefox.hosts);
  });

  it("summarises in the manifest's own description, in at most 132 characters", () => {
    const description = new RegExp(`^extDescription: (.+)$`, 'm').exec(read(`locales/${lang}.yml`))?.[1];
    const summary = sectionText(listing, 'Summary');
    expect(summary).toBe(description);
    expect([...summary!].length).toBeLessThanOrEqual(132);
  });

  it('backs every section with a page of docs/ that exists', () => {
    for (const text of [listing, permissions, dataUse]) {
      expect(unbackedSections(text)).toEqual([]);
      const missing = backingOf(text).filter((b) => !refExists(ROOT, b.ref));
      expect(missing).toEqual([]);
    }
  });

  it('has the sections of the English texts, in the same order', () => {
    const titles = (path: string) =>
      sectionsOf(read(path))
        .slice(1)
        .map((s) => s.title);
    for (const file of ['listing.md', 'permissions.md', 'data-use.md']) {
      expect(titles(`store/${lang}/${file}`)).toEqual(titles(`store/en/${file}`));
    }
  });

  it('declares browsingActivity as the Firefox manifest does', () => {
    const manifest = manifestOf('firefox') as {
      browser_specific_settings?: { gecko?: { data_collection_permissions?: { required?: string[] } } };
    };
    const required = manifest.browser_specific_settings?.gecko?.data_collection_permissions?.required;
    expect(required).toEqual(['browsingActivity']);
    expect(dataUse).toContain('required: ["browsingActivity"]');
  });
});
