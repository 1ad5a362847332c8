/**
 * The first-run page (opened once, on install: entrypoints/background/welcome.ts). One calm screen: what PRISM Lens
 * does, whether its icon is pinned (Chrome says, `action.getUserSettings()`; Firefox: how to pin it), what the mark
 * and the pill mean, privacy in three lines, the keyboard shortcuts as the browser has them, and a sample analysis
 * (the bundled seed story, shown by the reading UI, offline).
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
// The seed story of data/catalogue, copied here so that the extension's sources hold it (AMO's sources zip has no
// data/); tests/unit/components/welcome/WelcomePage.sample.test.ts keeps the copy equal to the catalogue's.
import seed from './sample-story.json';
import { parseStoryFile, type Lang, type Story } from '@/utils/prism/schema';
import { t } from '../i18n';
import { ShortcutList } from '../ShortcutList';
import { Disclaimer, StoryView } from '../StoryView';
import { uiLang } from '../use-edition';

interface ActionWithSettings {
  getUserSettings?: () => Promise<{ isOnToolbar?: boolean }>;
}

/** true/false where the browser says whether the icon is on the toolbar (Chrome); undefined where it cannot. */
function usePinned(): boolean | undefined {
  const [pinned, setPinned] = useState<boolean | undefined>(undefined);
  useEffect(() => {
    const action = (browser as unknown as { action?: ActionWithSettings }).action;
    if (!action?.getUserSettings) return;
    const read = () =>
      void action.getUserSettings!().then(
        (s) => setPinned(s.isOnToolbar),
        () => setPinned(undefined),
      );
    read();
    // Pinning happens in the toolbar while this page is open: read again when the reader comes back to it.
    window.addEventListener('focus', read);
    document.addEventListener('visibilitychange', read);
    return () => {
      window.removeEventListener('focus', read);
      document.removeEventListener('visibilitychange', read);
    };
  }, []);
  return pinned;
}

function sampleStory(): Story | null {
  const parsed = parseStoryFile(seed);
  return parsed.ok && !('withdrawn' in parsed.value) ? (parsed.value as Story) : null;
}

export function WelcomePage() {
  const lang = uiLang();
  const pinned = usePinned();
  const dialog = useRef<HTMLDialogElement>(null);
  const [sample, setSample] = useState<Story | null>(null);
  const [edition, setEdition] = useState<Lang>(lang);
  const optionsUrl = (browser.runtime.getURL as (path: string) => string)('/options.html');

  function openSample() {
    setSample(sampleStory());
    requestAnimationFrame(() => dialog.current?.showModal());
  }

  return (
    <main class="welcome-page" lang={lang}>
      <header class="welcome-header">
        <p class="welcome-brand">
          <span class="brand" aria-hidden="true">
            ◆
          </span>{' '}
          PRISM Lens
        </p>
        <h1>{t('welcomeTitle')}</h1>
        <p class="welcome-lead">{t('welcomeLead')}</p>
        <div class="welcome-actions">
          <button type="button" class="button" data-testid="welcome-sample" onClick={openSample}>
            {t('welcomeSample')}
          </button>
          <a class="button secondary" href={optionsUrl}>
            {t('welcomeSettings')}
          </a>
        </div>
      </header>

      <div class="welcome-grid">
        <section aria-labelledby="pin-title" class="welcome-card">
          <h2 id="pin-title">{t('welcomePinTitle')}</h2>
          <p data-testid="pin-status" data-pinned={pinned === undefined ? 'unknown' : String(pinned)}>
            {pinned === undefined ? t('welcomePinFirefox') : pinned ? t('welcomePinned') : t('welcomeNotPinned')}
          </p>
        </section>

        <section aria-labelledby="signs-title" class="welcome-card">
          <h2 id="signs-title">{t('welcomeSignsTitle')}</h2>
          <p>{t('welcomeMark')}</p>
          <p>{t('welcomePill')}</p>
        </section>

        <section aria-labelledby="privacy-title" class="welcome-card">
          <h2 id="privacy-title">{t('welcomePrivacyTitle')}</h2>
          <ul class="welcome-privacy">
            <li>{t('welcomePrivacy1')}</li>
            <li>{t('welcomePrivacy2')}</li>
            <li>{t('welcomePrivacy3')}</li>
          </ul>
        </section>

        <section aria-labelledby="shortcuts-title" class="welcome-card">
          <h2 id="shortcuts-title">{t('welcomeShortcutsTitle')}</h2>
          <ShortcutList openButton={false} />
        </section>
      </div>

      <dialog ref={dialog} class="sample-dialog" aria-labelledby="sample-title" data-testid="sample-dialog">
        <div class="sample-head">
          <h2 id="sample-title">{t('welcomeSampleTitle')}</h2>
          <button type="button" class="button secondary" onClick={() => dialog.current?.close()}>
            {t('welcomeClose')}
          </button>
        </div>
        <p class="muted sample-note">{t('welcomeSampleNote')}</p>
        {sample && (
          <div class="sample-story">
            <StoryView story={sample} lang={sample.editions[edition] ? edition : lang} onLang={setEdition} />
            <Disclaimer story={sample} lang={sample.editions[edition] ? edition : lang} />
          </div>
        )}
      </dialog>
    </main>
  );
}
