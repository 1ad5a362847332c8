/**
 * The options page's switch for a quiet toolbar mark on pages that report the event of a story PRISM analysed from
 * another article (issue 23). Off by default: such a page is never given the exact match's mark.
 */
import { useEffect, useState } from 'preact/hooks';
import { t } from './i18n';
import { sameEventMarkSetting } from '@/stores/storage-items';

export function SameEventMarkSetting() {
  const [on, setOn] = useState<boolean | null>(null);
  useEffect(() => {
    void sameEventMarkSetting.getValue().then(setOn);
    return sameEventMarkSetting.watch((value) => setOn(value));
  }, []);
  if (on === null) return null;
  return (
    <div class="option-check">
      <input
        id="same-event-mark"
        type="checkbox"
        checked={on}
        aria-describedby="same-event-mark-help"
        onChange={(e) => void sameEventMarkSetting.setValue(e.currentTarget.checked)}
      />
      <label for="same-event-mark">{t('optionsSameEventMark')}</label>
      <p id="same-event-mark-help" class="muted">
        {t('optionsSameEventMarkHelp')}
      </p>
    </div>
  );
}
