/**
 * The options page's link-marks settings: marks beside links on or off altogether, and the sites the reader turned
 * on or off (remove one to go back to the default there). Sites are added from the popup, where the background knows
 * the page's site. Everything is in storage.local (stores/link-marks.ts); the background applies a change at once.
 */
import { useEffect, useState } from 'preact/hooks';
import { t } from '../i18n';
import { linkMarkPrefsItem, readLinkMarkPrefs } from '@/stores/link-marks';
import { withChoice, type LinkMarkPrefs } from '@/utils/link-marks/prefs';

export function LinkMarksSettings() {
  const [prefs, setPrefs] = useState<LinkMarkPrefs | null>(null);
  useEffect(() => {
    const read = () => void readLinkMarkPrefs().then(setPrefs);
    read();
    return linkMarkPrefsItem.watch(read);
  }, []);
  if (!prefs) return null;
  const update = async (change: (now: LinkMarkPrefs) => LinkMarkPrefs) =>
    linkMarkPrefsItem.setValue(change(await readLinkMarkPrefs()));
  const list = (sites: string[], label: string, testid: string) =>
    sites.length === 0 ? null : (
      <>
        <h3>{label}</h3>
        <ul class="site-list" data-testid={testid}>
          {sites.map((site) => (
            <li key={site}>
              <span>{site}</span>
              <button
                type="button"
                class="button ghost"
                aria-label={t('linkMarksRemoveSite', [site])}
                onClick={() => void update((now) => withChoice(now, site, 'default'))}
              >
                {t('linkMarksRemove')}
              </button>
            </li>
          ))}
        </ul>
      </>
    );
  return (
    <section class="options-form options-section" aria-labelledby="link-marks-title" data-testid="link-marks-settings">
      <h2 id="link-marks-title">{t('linkMarksTitle')}</h2>
      <div class="option-check">
        <input
          id="link-marks-all"
          type="checkbox"
          checked={!prefs.off}
          aria-describedby="link-marks-help"
          onChange={(e) => {
            const on = e.currentTarget.checked;
            void update((now) => ({ ...now, off: !on }));
          }}
        />
        <label for="link-marks-all">{t('linkMarksAll')}</label>
        <p id="link-marks-help" class="muted">
          {t('linkMarksHelp')}
        </p>
      </div>
      {list(prefs.onSites, t('linkMarksOnSitesTitle'), 'link-marks-on-sites')}
      {list(prefs.offSites, t('linkMarksOffSitesTitle'), 'link-marks-off-sites')}
    </section>
  );
}
