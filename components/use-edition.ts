/** The edition the reader reads: their remembered choice, else the browser's language. */
import { useEffect, useState } from 'preact/hooks';
import { PRIMED_PREFERENCE, takeSettled } from './first-reads';
import { t } from './i18n';
import { editionPreference } from '@/stores/storage-items';
import { langFromLocale } from '@/utils/preferences';
import type { Lang } from '@/utils/prism/schema';

/**
 * The language of the UI strings the browser chose for the reader (from `_locales`): the strings and the edition
 * shown first always agree, even where `i18n.getUILanguage()` and the chosen catalogue differ.
 */
export const uiLang = (): Lang => langFromLocale(t('uiLang'));

/** `[preferred, setPreferred]`; `preferred` is undefined while it is read, null when the reader never chose. */
export function useEditionPreference(): [Lang | null | undefined, (lang: Lang) => void] {
  const [pref, setPref] = useState<Lang | null | undefined>(() => takeSettled<Lang | null>(PRIMED_PREFERENCE));
  useEffect(() => {
    void editionPreference.getValue().then(setPref);
    return editionPreference.watch(setPref);
  }, []);
  return [pref, (lang) => void editionPreference.setValue(lang)];
}
