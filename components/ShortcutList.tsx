/**
 * The keyboard shortcuts as the browser has them now (`commands.getAll()`: the manifest's suggestions, or what the
 * reader changed them to), and where to change them. On the options page and the welcome page.
 */
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { OVERLAY_COMMAND } from '@/utils/messages';
import { t } from './i18n';

interface Shortcut {
  name: string;
  description: string;
  shortcut: string;
}

/** What a command does, when the browser gives no description (Chrome leaves the action's own command blank). */
const FALLBACK: Record<string, () => string> = {
  _execute_action: () => t('commandPopup'),
  _execute_browser_action: () => t('commandPopup'),
  _execute_sidebar_action: () => t('commandSidePanel'),
  'open-side-panel': () => t('commandSidePanel'),
  [OVERLAY_COMMAND]: () => t('commandOverlay'),
  'save-story': () => t('commandSave'),
};

const isFirefox = import.meta.env.BROWSER === 'firefox';
const CHROME_SHORTCUTS = 'chrome://extensions/shortcuts';

function useShortcuts(): Shortcut[] | undefined {
  const [list, setList] = useState<Shortcut[] | undefined>(undefined);
  useEffect(() => {
    void browser.commands.getAll().then(
      (commands) =>
        setList(
          commands.map((c) => ({
            name: c.name ?? '',
            description: c.description || FALLBACK[c.name ?? '']?.() || (c.name ?? ''),
            shortcut: c.shortcut ?? '',
          })),
        ),
      () => setList([]),
    );
  }, []);
  return list;
}

/** `openButton`: offer to open Chrome's shortcuts page (the options page; the one-screen welcome page says where). */
export function ShortcutList({ openButton = true }: { openButton?: boolean }) {
  const shortcuts = useShortcuts();
  if (!shortcuts) return null;
  return (
    <>
      <dl class="shortcuts" data-testid="shortcuts">
        {shortcuts.map((s) => (
          <div class="shortcut" key={s.name} data-command={s.name}>
            <dt>{s.shortcut ? <kbd>{s.shortcut}</kbd> : <span class="muted">{t('optionsShortcutNotSet')}</span>}</dt>
            <dd>{s.description}</dd>
          </div>
        ))}
      </dl>
      <p class="muted shortcuts-how">{isFirefox ? t('optionsShortcutsHowFirefox') : t('optionsShortcutsHowChrome')}</p>
      {/* Chrome lets an extension open its shortcuts page; Firefox does not let one open about:addons. */}
      {openButton && !isFirefox && (
        <button
          type="button"
          class="button secondary shortcuts-open"
          data-testid="open-shortcuts"
          onClick={() => void browser.tabs.create({ url: CHROME_SHORTCUTS })}
        >
          {t('optionsShortcutsOpen')}
        </button>
      )}
    </>
  );
}
