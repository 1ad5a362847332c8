/** The story's meta line: the published date relative to now in both languages, and the category's catalogue key. */
import { describe, expect, it } from 'vitest';
import { categoryKey, fullDate, relativePublished } from '../../../utils/story-meta';

const NOW = Date.parse('2026-12-06T12:00:00Z');
const ago = (ms: number) => new Date(NOW - ms).toISOString();
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

describe('relativePublished', () => {
  it('says minutes, hours, days and weeks ago, in English and Korean', () => {
    expect(relativePublished(ago(5 * MIN), NOW, 'en')).toBe('5 minutes ago');
    expect(relativePublished(ago(5 * MIN), NOW, 'ko')).toBe('5분 전');
    expect(relativePublished(ago(3 * HOUR), NOW, 'en')).toBe('3 hours ago');
    expect(relativePublished(ago(3 * HOUR), NOW, 'ko')).toBe('3시간 전');
    expect(relativePublished(ago(3 * DAY), NOW, 'en')).toBe('3 days ago');
    expect(relativePublished(ago(3 * DAY), NOW, 'ko')).toBe('3일 전');
    expect(relativePublished(ago(DAY + HOUR), NOW, 'en')).toBe('yesterday');
    expect(relativePublished(ago(DAY + HOUR), NOW, 'ko')).toBe('어제');
    expect(relativePublished(ago(15 * DAY), NOW, 'en')).toBe('2 weeks ago');
    expect(relativePublished(ago(15 * DAY), NOW, 'ko')).toBe('2주 전');
  });

  it('gives the date itself after a month, and "now" for a date ahead of the clock', () => {
    expect(relativePublished('2025-12-14T09:00:00Z', NOW, 'en')).toBe('December 14, 2025');
    expect(relativePublished('2025-12-14T09:00:00Z', NOW, 'ko')).toBe('2025년 12월 14일');
    expect(relativePublished(new Date(NOW + HOUR).toISOString(), NOW, 'en')).toBe('now');
    expect(relativePublished(new Date(NOW + HOUR).toISOString(), NOW, 'ko')).toBe('지금');
  });

  it('gives nothing for an unreadable date', () => {
    expect(relativePublished('not a date', NOW, 'en')).toBe('');
    expect(fullDate('not a date', 'ko')).toBe('');
  });
});

describe('categoryKey', () => {
  it('maps PRISM’s categories to catalogue keys, whatever their case, and leaves others alone', () => {
    expect(categoryKey('Politics')).toBe('categoryPolitics');
    expect(categoryKey(' ECONOMY ')).toBe('categoryEconomy');
    expect(categoryKey('Tech')).toBe('categoryTech');
    expect(categoryKey('Astrology')).toBeNull();
  });
});
