/**
 * The options page's overlay settings: the pill on analysed articles or never, its corner, the snooze (and how to
 * end it), and the sites where it is hidden (remove one to show the pill there again; sites are added from the
 * pill or the card, "Hide on this site", where the background knows the page's site). Everything is in
 * storage.local (utils/overlay-prefs.ts); the background applies a change to open tabs at once.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../i18n';
import { uiLang } from '../use-edition';
import {
  overlayHiddenSitesItem,
  overlayModeItem,
  overlaySideItem,
  overlaySnoozedUntilItem,
  readOverlayPrefs,
} from '@/stores/storage-items';
import { isSnoozed, withoutSite, type OverlayMode, type OverlayPrefs, type OverlaySide } from '@/utils/overlay-prefs';

export function OverlaySettings() {
  const [prefs, setPrefs] = useState<OverlayPrefs | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  const list = useRef<HTMLUListElement>(null);

  useEffect(() => {
    const read = () => void readOverlayPrefs().then(setPrefs);
    read();
    const stops = [
      overlayModeItem.watch(read),
      overlaySideItem.watch(read),
      overlayHiddenSitesItem.watch(read),
      overlaySnoozedUntilItem.watch(read),
    ];
    return () => stops.forEach((stop) => stop());
  }, []);
  if (!prefs) return null;

  async function remove(site: string, index: number) {
    await overlayHiddenSitesItem.setValue(withoutSite(await overlayHiddenSitesItem.getValue(), site));
    // Focus stays in the list (the next site's button), or goes to its heading once the list is empty.
    requestAnimationFrame(() => {
      const buttons = list.current?.querySelectorAll<HTMLButtonElement>('button') ?? [];
      (buttons[Math.min(index, buttons.length - 1)] ?? heading.current)?.focus();
    });
  }

  const snoozed = isSnoozed(prefs, Date.now());
  const until = prefs.snoozedUntil
    ? new Intl.DateTimeFormat(uiLang(), { dateStyle: 'long' }).format(new Date(prefs.snoozedUntil))
    : '';

  return (
    <section
      class="options-form options-section"
      aria-labelledby="overlay-settings-title"
      data-testid="overlay-settings"
    >
      <h2 id="overlay-settings-title">{t('optionsOverlayTitle')}</h2>
      <label for="overlay-mode">{t('optionsOverlayMode')}</label>
      <select
        id="overlay-mode"
        value={prefs.mode}
        aria-describedby="overlay-mode-help"
        onChange={(e) => void overlayModeItem.setValue(e.currentTarget.value as OverlayMode)}
      >
        <option value="analysed">{t('optionsOverlayModeAnalysed')}</option>
        <option value="never">{t('optionsOverlayModeNever')}</option>
      </select>
      <p id="overlay-mode-help" class="muted">
        {t('optionsOverlayModeHelp')}
      </p>

      <label for="overlay-side">{t('optionsOverlaySide')}</label>
      <select
        id="overlay-side"
        value={prefs.side}
        onChange={(e) => void overlaySideItem.setValue(e.currentTarget.value as OverlaySide)}
      >
        <option value="right">{t('optionsOverlaySideRight')}</option>
        <option value="left">{t('optionsOverlaySideLeft')}</option>
      </select>

      {snoozed && (
        <p class="status-actions" data-testid="overlay-snoozed">
          <span>{t('optionsOverlaySnoozed', [until])}</span>
          <button type="button" class="button secondary" onClick={() => void overlaySnoozedUntilItem.setValue(null)}>
            {t('optionsOverlayResume')}
          </button>
        </p>
      )}

      <h3 id="overlay-hidden-title" class="options-subtitle" tabIndex={-1} ref={heading}>
        {t('optionsOverlayHidden')}
      </h3>
      {prefs.hiddenSites.length === 0 ? (
        <p class="muted" data-testid="hidden-sites-none">
          {t('optionsOverlayHiddenNone')}
        </p>
      ) : (
        <ul class="site-list" aria-labelledby="overlay-hidden-title" data-testid="hidden-sites" ref={list}>
          {prefs.hiddenSites.map((site, i) => (
            <li key={site}>
              <span>{site}</span>
              <button type="button" class="button secondary" onClick={() => void remove(site, i)}>
                {t('optionsOverlayRemove', [site])}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
