/** Settings: where the PRISM API lives. */
import { useEffect, useState } from 'preact/hooks';
import { i18n } from '#i18n';
import { apiBaseSetting, DEFAULT_API_BASE, normaliseApiBase } from '@/utils/settings';
import { apiUrl } from '@/utils/prism/client';

type Message = { kind: 'ok' | 'error'; text: string } | null;

export function OptionsForm() {
  const [value, setValue] = useState('');
  const [message, setMessage] = useState<Message>(null);
  useEffect(() => {
    void apiBaseSetting.getValue().then(setValue);
  }, []);

  async function save(event: Event) {
    event.preventDefault();
    const result = normaliseApiBase(value);
    if (!result.ok) return setMessage({ kind: 'error', text: result.message });
    await apiBaseSetting.setValue(result.value);
    setValue(result.value);
    setMessage({ kind: 'ok', text: i18n.t('optionsSaved') });
  }

  async function test() {
    const result = normaliseApiBase(value);
    if (!result.ok) return setMessage({ kind: 'error', text: result.message });
    try {
      const res = await fetch(apiUrl(result.value, 'meta.json'), { credentials: 'omit' });
      const meta = (await res.json()) as { v?: unknown; stories?: unknown };
      if (!res.ok || meta.v !== 1) throw new Error(String(res.status));
      setMessage({ kind: 'ok', text: i18n.t('optionsReachable', [String(meta.stories ?? '?')]) });
    } catch {
      setMessage({ kind: 'error', text: i18n.t('optionsUnreachable') });
    }
  }

  return (
    <form class="options-form" onSubmit={save}>
      <h1>{i18n.t('optionsTitle')}</h1>
      <label for="api-base">{i18n.t('optionsApiBase')}</label>
      <input
        id="api-base"
        type="url"
        value={value}
        onInput={(e) => setValue(e.currentTarget.value)}
        aria-describedby="api-base-help"
        spellcheck={false}
      />
      <p id="api-base-help" class="muted">
        {i18n.t('optionsApiBaseHelp', [DEFAULT_API_BASE])}
      </p>
      <div class="status-actions">
        <button type="submit" class="button">
          {i18n.t('optionsSave')}
        </button>
        <button type="button" class="button secondary" onClick={test}>
          {i18n.t('optionsTest')}
        </button>
        <button type="button" class="button secondary" onClick={() => setValue(DEFAULT_API_BASE)}>
          {i18n.t('optionsReset')}
        </button>
      </div>
      {message && (
        <p role="status" class={message.kind === 'error' ? 'form-error' : 'form-ok'}>
          {message.text}
        </p>
      )}
    </form>
  );
}
