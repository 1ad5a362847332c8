/**
 * Dates in the library, in the interface language: "Dec 20, 2025, 9:00 AM" / "2025. 12. 20. 오전 9:00" (no
 * seconds). The browser's own locale is used when it is of that language (en-GB readers get their day order).
 */
import type { Lang } from '@/utils/prism/schema';

function dateLocale(lang: Lang): string {
  const browserLocale = typeof navigator === 'undefined' ? '' : navigator.language;
  return browserLocale.toLowerCase().startsWith(lang) ? browserLocale : lang === 'ko' ? 'ko-KR' : 'en-US';
}

const formats = new Map<string, Intl.DateTimeFormat>();
/** Date and time, minutes precision. */
export function formatDateTime(ms: number, lang: Lang): string {
  const locale = dateLocale(lang);
  let format = formats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
    formats.set(locale, format);
  }
  return format.format(new Date(ms));
}

/** Date only. */
export const formatDate = (ms: number, lang: Lang): string =>
  new Intl.DateTimeFormat(dateLocale(lang), { dateStyle: 'medium' }).format(new Date(ms));
