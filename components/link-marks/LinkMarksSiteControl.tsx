/**
 * "Marks on <site>": the reader's say over link marks for the tab's site, in the popup and the side panel (as usual,
 * on for this site, off for this site, off on all sites). The site is the background's answer for the tab's page
 * (stores/link-marks.ts, `linkMarks:<tab>` in storage.session); the choice is written to storage.local, and the
 * background applies it to open tabs at once.
 */
import { useEffect, useState } from 'preact/hooks';
import { storage } from 'wxt/utils/storage';
import { t } from '../i18n';
import { linkMarkPrefsItem, linkMarksPageKey, readLinkMarkPrefs, type LinkMarksPage } from '@/stores/link-marks';
import { siteChoice, withChoice, type LinkMarkPrefs, type SiteChoice } from '@/utils/link-marks/prefs';

export function LinkMarksSiteControl({ tabId }: { tabId: number }) {
  const [page, setPage] = useState<LinkMarksPage | null>(null);
  const [prefs, setPrefs] = useState<LinkMarkPrefs | null>(null);
  useEffect(() => {
    const key = linkMarksPageKey(tabId);
    void storage.getItem<LinkMarksPage>(key).then(setPage);
    const readPrefs = () => void readLinkMarkPrefs().then(setPrefs);
    readPrefs();
    const stops = [storage.watch<LinkMarksPage>(key, setPage), linkMarkPrefsItem.watch(readPrefs)];
    return () => stops.forEach((stop) => stop());
  }, [tabId]);
  if (!page || !prefs) return null;
  const id = `link-marks-site-${tabId}`;
  return (
    <div class="link-marks-site" data-testid="link-marks-site">
      <label for={id}>{t('linkMarksSite', [page.site])}</label>
      <select
        id={id}
        value={siteChoice(prefs, page.site)}
        onChange={(e) => {
          const choice = e.currentTarget.value as SiteChoice; // read now: the event is gone after an await
          void readLinkMarkPrefs().then((now) => linkMarkPrefsItem.setValue(withChoice(now, page.site, choice)));
        }}
      >
        <option value="default">
          {t('linkMarksSiteDefault')} ({page.byDefault ? t('linkMarksStateOn') : t('linkMarksStateOff')})
        </option>
        <option value="on">{t('linkMarksSiteOn')}</option>
        <option value="off">{t('linkMarksSiteOff')}</option>
        <option value="all-off">{t('linkMarksAllOff')}</option>
      </select>
    </div>
  );
}
