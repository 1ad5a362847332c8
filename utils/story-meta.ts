/**
 * The words of a story's meta line (site · category · published), pure so that both languages are tested: the
 * published date relative to now (a catalogue key and count: "3 days ago", "3일 전"), and the category's key in
 * the UI catalogue (PRISM publishes its categories in English).
 */
import type { Lang } from './prism/schema';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** How long ago, as a catalogue key (locales/*.yml) and the number it fills in ($1), or the date itself. */
export type Published = { key: string; count: number } | { date: string };

/**
 * `publishedAt` relative to `now`: just now, minutes, hours, yesterday, days (up to a week), weeks (up to a month),
 * as a catalogue key and its count ("3 days ago", "3일 전"; English has a singular key for 1); older than a month,
 * the date itself ("December 14, 2025", "2025년 12월 14일"). A date ahead of the clock reads as "just now"; an
 * unreadable one gives null. Not `Intl.RelativeTimeFormat`: its first use costs 20–100 ms (its locale data), on
 * the popup's first paint.
 */
export function relativePublished(publishedAt: string, now: number, lang: Lang): Published | null {
  const at = Date.parse(publishedAt);
  if (Number.isNaN(at)) return null;
  const ago = Math.max(0, now - at);
  const unit = (key: string, size: number) => {
    const count = Math.floor(ago / size);
    return { key: count === 1 ? `${key}One` : key, count };
  };
  if (ago < MINUTE) return { key: 'publishedNow', count: 0 };
  if (ago < HOUR) return unit('publishedMinutes', MINUTE);
  if (ago < DAY) return unit('publishedHours', HOUR);
  if (ago < 2 * DAY) return { key: 'publishedYesterday', count: 1 };
  if (ago < 7 * DAY) return unit('publishedDays', DAY);
  if (ago < 30 * DAY) return unit('publishedWeeks', 7 * DAY);
  return { date: fullDate(publishedAt, lang) };
}

/** The date alone, in `lang` (for the meta line's tooltip, and for dates older than a month). */
export function fullDate(publishedAt: string, lang: Lang): string {
  const at = Date.parse(publishedAt);
  if (Number.isNaN(at)) return '';
  let format = dateFormats.get(lang);
  if (!format) dateFormats.set(lang, (format = new Intl.DateTimeFormat(lang, { dateStyle: 'long' })));
  return format.format(new Date(at));
}
/** One formatter a language (each render of the meta line asks twice). */
const dateFormats = new Map<Lang, Intl.DateTimeFormat>();

/** The categories PRISM publishes, each with its key in the UI catalogue (locales/*.yml: `category.<name>`). */
const CATEGORY_KEYS: Record<string, string> = {
  politics: 'categoryPolitics',
  economy: 'categoryEconomy',
  business: 'categoryEconomy',
  tech: 'categoryTech',
  technology: 'categoryTech',
  world: 'categoryWorld',
  society: 'categorySociety',
  culture: 'categoryCulture',
  science: 'categoryScience',
  sports: 'categorySports',
};

/** The catalogue key of a category, or null for one the UI has no word for (shown as PRISM wrote it). */
export function categoryKey(category: string): string | null {
  return CATEGORY_KEYS[category.trim().toLowerCase()] ?? null;
}
