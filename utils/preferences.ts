/**
 * The reader's display preferences (their items in storage.local: stores/storage-items.ts), shared by the popup, the
 * side panel and the library.
 */
import type { Lang } from './prism/schema';

/** The UI language from a browser language tag: Korean for `ko*`, English otherwise. */
export function langFromLocale(locale: string): Lang {
  return locale.toLowerCase().startsWith('ko') ? 'ko' : 'en';
}

/** The edition to show: the reader's choice if the story has it, else the UI language's, else whichever exists. */
export function pickEdition(available: Partial<Record<Lang, unknown>>, preferred: Lang | null, ui: Lang): Lang {
  for (const lang of [preferred, ui, 'ko', 'en'] as const) if (lang && available[lang]) return lang;
  return ui;
}

/** The interface language: the browser's (`auto`) or one the reader chose. */
export type UiLanguageChoice = 'auto' | Lang;
