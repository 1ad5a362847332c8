/**
 * The story's meta line: the published date relative to now (a catalogue key and count, read here in both
 * languages' catalogues as the browser would), the date itself after a month, and the category's catalogue key.
 */
import { resolve } from 'node:path';
import { generateChromeMessages, parseMessagesFile } from '@wxt-dev/i18n/build';
import { describe, expect, it } from 'vitest';
import { categoryKey, fullDate, relativePublished } from '../../../utils/story-meta';
import type { Lang } from '../../../utils/prism/schema';

const catalogues = {
  en: generateChromeMessages(await parseMessagesFile(resolve(import.meta.dirname, '../../../locales/en.yml'))),
  ko: generateChromeMessages(await parseMessagesFile(resolve(import.meta.dirname, '../../../locales/ko.yml'))),
};
const NOW = Date.parse('2026-12-06T12:00:00Z');
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/** What the reader reads for a date `ms` before now, in `lang`. */
function said(ms: number, lang: Lang): string {
  const published = relativePublished(new Date(NOW - ms).toISOString(), NOW, lang);
  if (!published) return '';
  if ('date' in published) return published.date;
  const message = catalogues[lang][published.key]?.message;
  if (message === undefined) throw new Error(`no ${published.key} in ${lang}.yml`);
  return message.replace('$1', String(published.count));
}

describe('relativePublished', () => {
  it('says minutes, hours, yesterday, days and weeks ago, in English and Korean', () => {
    expect(said(20_000, 'en')).toBe('just now');
    expect(said(20_000, 'ko')).toBe('방금');
    expect(said(MIN, 'en')).toBe('1 minute ago');
    expect(said(5 * MIN, 'en')).toBe('5 minutes ago');
    expect(said(5 * MIN, 'ko')).toBe('5분 전');
    expect(said(HOUR + MIN, 'en')).toBe('1 hour ago');
    expect(said(3 * HOUR, 'en')).toBe('3 hours ago');
    expect(said(3 * HOUR, 'ko')).toBe('3시간 전');
    expect(said(DAY + HOUR, 'en')).toBe('yesterday');
    expect(said(DAY + HOUR, 'ko')).toBe('어제');
    expect(said(3 * DAY, 'en')).toBe('3 days ago');
    expect(said(3 * DAY, 'ko')).toBe('3일 전');
    expect(said(8 * DAY, 'en')).toBe('1 week ago');
    expect(said(15 * DAY, 'en')).toBe('2 weeks ago');
    expect(said(15 * DAY, 'ko')).toBe('2주 전');
  });

  it('gives the date itself after a month, and "just now" for a date ahead of the clock', () => {
    expect(relativePublished('2025-12-14T09:00:00Z', NOW, 'en')).toEqual({ date: 'December 14, 2025' });
    expect(relativePublished('2025-12-14T09:00:00Z', NOW, 'ko')).toEqual({ date: '2025년 12월 14일' });
    expect(said(-HOUR, 'en')).toBe('just now');
  });

  it('gives nothing for an unreadable date', () => {
    expect(relativePublished('not a date', NOW, 'en')).toBeNull();
    expect(fullDate('not a date', 'ko')).toBe('');
  });
});

describe('categoryKey', () => {
  it('maps PRISM’s categories to catalogue keys, whatever their case, and leaves others alone', () => {
    expect(categoryKey('Politics')).toBe('categoryPolitics');
    expect(categoryKey(' ECONOMY ')).toBe('categoryEconomy');
    expect(categoryKey('Tech')).toBe('categoryTech');
    expect(categoryKey('Astrology')).toBeNull();
    for (const key of ['categoryPolitics', 'categoryEconomy', 'categoryTech', 'categoryWorld', 'categorySports']) {
      expect(catalogues.en[key]?.message, key).toBeTruthy();
      expect(catalogues.ko[key]?.message, key).toBeTruthy();
    }
  });
});
