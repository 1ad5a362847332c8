/**
 * The words of a story's meta line (site · category · published), pure so that both languages are tested: the
 * published date relative to now in the reader's language ("3 days ago", "3일 전"), and the category's key in the
 * UI catalogue (PRISM publishes its categories in English).
 */
import type { Lang } from './prism/schema';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * `publishedAt` relative to `now`, in `lang`: minutes, hours, days (up to a week), then weeks (up to a month);
 * older than that, the date itself ("December 14, 2025", "2025년 12월 14일"). A date in the future (a clock ahead of
 * the reader's) reads as "now". An unreadable date gives ''.
 */
export function relativePublished(publishedAt: string, now: number, lang: Lang): string {
  const at = Date.parse(publishedAt);
  if (Number.isNaN(at)) return '';
  const ago = Math.max(0, now - at);
  const rtf = new Intl.RelativeTimeFormat(lang, { numeric: 'auto' });
  if (ago < MINUTE) return rtf.format(0, 'second');
  if (ago < HOUR) return rtf.format(-Math.floor(ago / MINUTE), 'minute');
  if (ago < DAY) return rtf.format(-Math.floor(ago / HOUR), 'hour');
  if (ago < 7 * DAY) return rtf.format(-Math.floor(ago / DAY), 'day');
  if (ago < 30 * DAY) return rtf.format(-Math.floor(ago / (7 * DAY)), 'week');
  return fullDate(publishedAt, lang);
}

/** The date alone, in `lang` (for the meta line's tooltip, and for dates older than a month). */
export function fullDate(publishedAt: string, lang: Lang): string {
  const at = Date.parse(publishedAt);
  if (Number.isNaN(at)) return '';
  return new Intl.DateTimeFormat(lang, { dateStyle: 'long' }).format(new Date(at));
}

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
