/**
 * The library search: searches as the reader types (debounced), but never in the middle of an IME composition
 * (Korean is typed syllable by syllable through one).
 */
import { useEffect, useRef } from 'preact/hooks';
import { t } from '../i18n';

export function SearchBox(props: { onSearch: (text: string) => void }) {
  const composing = useRef(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  const schedule = (value: string) => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => props.onSearch(value), 150);
  };
  return (
    <div class="search" role="search">
      <label for="library-search" class="visually-hidden">
        {t('librarySearchLabel')}
      </label>
      <input
        id="library-search"
        type="search"
        placeholder={t('librarySearchPlaceholder')}
        autocomplete="off"
        onCompositionStart={() => (composing.current = true)}
        onCompositionEnd={(e) => {
          composing.current = false;
          schedule(e.currentTarget.value);
        }}
        onInput={(e) => {
          if (!composing.current) schedule(e.currentTarget.value);
        }}
      />
    </div>
  );
}
