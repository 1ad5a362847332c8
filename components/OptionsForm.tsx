/**
 * Settings, the reader's first: the interface language and the on-page overlay (OverlaySettings), then the keyboard
 * shortcuts, and last, under "Advanced", where the PRISM API lives (a reader rarely changes it).
 */
import { SameEventMarkSetting } from './SameEventMarkSetting';
import { useEffect, useState } from 'preact/hooks';
import { t } from './i18n';
import { apiBaseSetting, uiLanguageSetting } from '@/stores/storage-items';
import { DEFAULT_API_BASE, normalizeApiBase, type ApiBaseProblem } from '@/utils/settings';
import { type UiLanguageChoice } from '@/utils/preferences';
import { createPrismClient } from '@/utils/prism/client';
import { RETRY_POLICY } from '@/utils/prism/retry';
import { createCache } from '@/utils/storage/cache';
import { getDb } from '@/utils/storage/db';
import { OverlaySettings } from './overlay/OverlaySettings';
import { LinkMarksSettings } from './link-marks/LinkMarksSettings';
import { ShortcutList } from './ShortcutList';

const PROBLEM_TEXT: Record<ApiBaseProblem, () => string> = {
  'not-url': () => t('optionsBaseNotUrl'),
  'not-http': () => t('optionsBaseNotHttp'),
  'has-query': () => t('optionsBaseHasQuery'),
  'has-credentials': () => t('optionsBaseHasCredentials'),
  'not-https': () => t('optionsBaseNotHttps'),
};

type Message = { kind: 'ok' | 'error'; text: string } | null;

export function OptionsForm() {
  const [value, setValue] = useState('');
  const [message, setMessage] = useState<Message>(null);
  const [language, setLanguage] = useState<UiLanguageChoice>('auto');
  useEffect(() => {
    void apiBaseSetting.getValue().then(setValue);
    void uiLanguageSetting.getValue().then(setLanguage);
  }, []);

  async function chooseLanguage(choice: UiLanguageChoice) {
    setLanguage(choice);
    await uiLanguageSetting.setValue(choice);
    location.reload(); // this page in the new language; the popup and side panel use it the next time they open
  }

  async function save(event: Event) {
    event.preventDefault();
    const result = normalizeApiBase(value);
    if (!result.ok) return setMessage({ kind: 'error', text: PROBLEM_TEXT[result.problem]() });
    await apiBaseSetting.setValue(result.value);
    setValue(result.value);
    setMessage({
      kind: 'ok',
      text: result.loopback ? `${t('optionsSaved')} ${t('optionsBaseLoopback')}` : t('optionsSaved'),
    });
  }

  async function test() {
    const result = normalizeApiBase(value);
    if (!result.ok) return setMessage({ kind: 'error', text: PROBLEM_TEXT[result.problem]() });
    try {
      // Through the PRISM client, as every other request: no cookies or referrer, a byte cap counted on the
      // stream, no redirect to another origin, a timeout, the answer validated. One try: the reader is waiting.
      const client = createPrismClient({
        base: result.value,
        cache: createCache(getDb(), result.value),
        retry: { ...RETRY_POLICY, retries: 0 },
      });
      const meta = await client.meta();
      setMessage({ kind: 'ok', text: t('optionsReachable', [String(meta.stories)]) });
    } catch {
      setMessage({ kind: 'error', text: t('optionsUnreachable') });
    }
  }

  return (
    <main class="options-page">
      <h1>{t('optionsTitle')}</h1>
      <section class="options-form options-section" aria-labelledby="reading-title">
        <h2 id="reading-title">{t('optionsReadingTitle')}</h2>
        <label for="ui-language">{t('optionsLanguage')}</label>
        <select
          id="ui-language"
          value={language}
          aria-describedby="ui-language-help"
          onChange={(e) => void chooseLanguage(e.currentTarget.value as UiLanguageChoice)}
        >
          <option value="auto">{t('optionsLanguageAuto')}</option>
          <option value="en" lang="en">
            English
          </option>
          <option value="ko" lang="ko">
            한국어
          </option>
        </select>
        <p id="ui-language-help" class="muted">
          {t('optionsLanguageHelp')}
        </p>
        <SameEventMarkSetting />
      </section>
      <OverlaySettings />
      <LinkMarksSettings />
      <section class="options-form options-section" aria-labelledby="shortcuts-title">
        <h2 id="shortcuts-title">{t('optionsShortcutsTitle')}</h2>
        <ShortcutList />
      </section>

      <form class="options-form options-section" onSubmit={save} aria-labelledby="advanced-title">
        <h2 id="advanced-title">{t('optionsAdvancedTitle')}</h2>
        <p class="muted">{t('optionsAdvancedHelp')}</p>
        <label for="api-base">{t('optionsApiBase')}</label>
        <input
          id="api-base"
          type="url"
          value={value}
          onInput={(e) => setValue(e.currentTarget.value)}
          aria-describedby="api-base-help"
          spellcheck={false}
        />
        <p id="api-base-help" class="muted">
          {t('optionsApiBaseHelp', [DEFAULT_API_BASE])}
        </p>
        <div class="status-actions">
          <button type="submit" class="button">
            {t('optionsSave')}
          </button>
          <button type="button" class="button secondary" onClick={test}>
            {t('optionsTest')}
          </button>
          <button type="button" class="button secondary" onClick={() => setValue(DEFAULT_API_BASE)}>
            {t('optionsReset')}
          </button>
        </div>
        {message && (
          <p role="status" class={message.kind === 'error' ? 'form-error' : 'form-ok'}>
            {message.text}
          </p>
        )}
      </form>
    </main>
  );
}
