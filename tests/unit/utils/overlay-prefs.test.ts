/**
 * The overlay's rules (utils/overlay-prefs.ts): the pill only for a confirmed match the reader has not hidden,
 * what the background tells a tab at each answer (nothing at all to a tab that never had a pill), and stored
 * preferences read defensively.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { overlayHiddenSitesItem, readOverlayPrefs } from '../../../stores/storage-items';
import {
  DEFAULT_OVERLAY_PREFS,
  MAX_HIDDEN_SITES,
  SNOOZE_MS,
  isSnoozed,
  normalizeSiteList,
  overlayStep,
  parseOverlayPrefs,
  pillDecision,
  snoozeUntil,
  withSite,
  withoutSite,
  type OverlayPrefs,
} from '../../../utils/overlay-prefs';
import type { TabState, TabStatus } from '../../../utils/tab-state';

const NOW = Date.UTC(2026, 11, 1, 12);
const page = (url = 'https://www.scmp.com/news/a') => ({
  url,
  declared: [],
  titles: ['A'],
  publisher: null,
  lang: 'en',
});
const state = (status: TabStatus, over: Partial<TabState> = {}): TabState => ({
  status,
  page: page(),
  storyId: status === 'found' || status === 'possible' ? 's1' : undefined,
  seq: 1,
  updatedAt: NOW,
  ...over,
});
const prefs = (over: Partial<OverlayPrefs> = {}): OverlayPrefs => ({ ...DEFAULT_OVERLAY_PREFS, ...over });

beforeEach(() => fakeBrowser.reset());

describe('pillDecision', () => {
  it('shows the pill for a confirmed match only', () => {
    expect(pillDecision(state('found'), 'scmp.com', prefs(), NOW)).toEqual({ show: true });
    for (const status of [
      'possible',
      'none',
      'not-news',
      'looking',
      'unknown',
      'no-catalogue',
      'offline',
      'error',
    ] as const) {
      expect(pillDecision(state(status), 'scmp.com', prefs(), NOW), status).toEqual({
        show: false,
        reason: 'not-confirmed',
      });
    }
    expect(pillDecision(null, 'scmp.com', prefs(), NOW).show).toBe(false);
    expect(pillDecision(state('found', { storyId: undefined }), 'scmp.com', prefs(), NOW).show).toBe(false);
    expect(pillDecision(state('found', { page: undefined }), 'scmp.com', prefs(), NOW).show).toBe(false);
  });

  it('honours "never", the hidden sites and the snooze', () => {
    expect(pillDecision(state('found'), 'scmp.com', prefs({ mode: 'never' }), NOW)).toEqual({
      show: false,
      reason: 'never',
    });
    expect(pillDecision(state('found'), 'scmp.com', prefs({ hiddenSites: ['scmp.com'] }), NOW)).toEqual({
      show: false,
      reason: 'hidden-site',
    });
    expect(pillDecision(state('found'), 'reuters.com', prefs({ hiddenSites: ['scmp.com'] }), NOW).show).toBe(true);
    expect(pillDecision(state('found'), 'scmp.com', prefs({ snoozedUntil: NOW + 1 }), NOW)).toEqual({
      show: false,
      reason: 'snoozed',
    });
    expect(pillDecision(state('found'), 'scmp.com', prefs({ snoozedUntil: NOW }), NOW).show).toBe(true); // over
  });
});

describe('overlayStep', () => {
  const record = { url: page().url, storyId: 's1' };
  it('mounts for a confirmed match, and unmounts only a tab that was told to mount', () => {
    expect(overlayStep(state('found'), 'scmp.com', null, prefs(), NOW)).toBe('mount');
    expect(overlayStep(state('found'), 'scmp.com', record, prefs(), NOW)).toBe('mount'); // idempotent in the page
    expect(overlayStep(state('none'), 'scmp.com', record, prefs(), NOW)).toBe('unmount');
    expect(overlayStep(state('possible'), 'scmp.com', record, prefs(), NOW)).toBe('unmount');
    expect(overlayStep(state('found'), 'scmp.com', record, prefs({ hiddenSites: ['scmp.com'] }), NOW)).toBe('unmount');
    // A tab that never had a pill is told nothing, whatever its state: no message to a page without a match.
    for (const status of ['none', 'possible', 'not-news', 'unknown', 'error', 'looking'] as const) {
      expect(overlayStep(state(status), 'scmp.com', null, prefs(), NOW), status).toBe('nothing');
    }
    expect(overlayStep(null, null, null, prefs(), NOW)).toBe('nothing');
  });

  it('keeps the pill while its own page is looked up again, and removes it at once for another page', () => {
    expect(overlayStep(state('looking'), 'scmp.com', record, prefs(), NOW)).toBe('nothing');
    expect(
      overlayStep(state('looking', { page: page('https://www.scmp.com/news/b') }), 'scmp.com', record, prefs(), NOW),
    ).toBe('unmount');
  });
});

describe('stored preferences', () => {
  it('read anything unexpected as the default', () => {
    expect(parseOverlayPrefs({})).toEqual(DEFAULT_OVERLAY_PREFS);
    expect(
      parseOverlayPrefs({ mode: 'sometimes', side: 'top', hiddenSites: 'scmp.com', snoozedUntil: 'tomorrow' }),
    ).toEqual(DEFAULT_OVERLAY_PREFS);
    expect(
      parseOverlayPrefs({ mode: 'never', side: 'left', hiddenSites: ['b.com', 'a.com', 7, 'a.com'], snoozedUntil: 5 }),
    ).toEqual({
      mode: 'never',
      side: 'left',
      hiddenSites: ['a.com', 'b.com'],
      snoozedUntil: 5,
    });
    expect(parseOverlayPrefs({ snoozedUntil: Number.POSITIVE_INFINITY }).snoozedUntil).toBeNull();
  });

  it('keep a site list sorted, unique, bounded and made of sites only', () => {
    expect(
      normalizeSiteList(['scmp.com', 'SCMP.com', 'https://x.com/a', 'a b', '', 'bbc.co.uk', '127.0.0.1', '[::1]']),
    ).toEqual(['127.0.0.1', '[::1]', 'bbc.co.uk', 'scmp.com']);
    expect(withSite(['b.com'], 'a.com')).toEqual(['a.com', 'b.com']);
    expect(withSite(['a.com'], 'a.com')).toEqual(['a.com']);
    expect(withoutSite(['a.com', 'b.com'], 'a.com')).toEqual(['b.com']);
    const many = Array.from({ length: MAX_HIDDEN_SITES + 10 }, (_, i) => `site${String(i).padStart(5, '0')}.com`);
    expect(normalizeSiteList(many)).toHaveLength(MAX_HIDDEN_SITES);
  });

  it('snooze for 30 days', () => {
    expect(snoozeUntil(NOW) - NOW).toBe(SNOOZE_MS);
    expect(SNOOZE_MS).toBe(30 * 24 * 3600 * 1000);
    expect(isSnoozed({ snoozedUntil: snoozeUntil(NOW) }, NOW + SNOOZE_MS - 1)).toBe(true);
    expect(isSnoozed({ snoozedUntil: snoozeUntil(NOW) }, NOW + SNOOZE_MS)).toBe(false);
    expect(isSnoozed({ snoozedUntil: null }, NOW)).toBe(false);
  });

  it('are read from storage.local', async () => {
    expect(await readOverlayPrefs()).toEqual(DEFAULT_OVERLAY_PREFS);
    await overlayHiddenSitesItem.setValue(['scmp.com']);
    await fakeBrowser.storage.local.set({ overlayMode: 'never', overlaySide: 'left', overlaySnoozedUntil: NOW });
    expect(await readOverlayPrefs()).toEqual({
      mode: 'never',
      side: 'left',
      hiddenSites: ['scmp.com'],
      snoozedUntil: NOW,
    });
  });
});
