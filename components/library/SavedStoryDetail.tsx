/**
 * A saved story, exactly as it was saved (read from the library, never from the network), with its
 * disclaimer always in view, the reader's note, and delete.
 */
import { useEffect, useState } from 'preact/hooks';
import { t } from '../i18n';
import { formatDate, formatDateTime } from './dates';
import { Disclaimer, StoryView } from '../StoryView';
import { useEditionPreference, uiLang } from '../use-edition';
import { pickEdition } from '@/utils/preferences';
import type { SavedRecord } from '@/utils/storage/library-rows';
import { getDb } from '@/utils/storage/db';
import { setNote } from '@/utils/storage/saved';

export function SavedStoryDetail(props: { record: SavedRecord; onDelete: () => void; onError: (e: unknown) => void }) {
  const { record } = props;
  const [preferred, setPreferred] = useEditionPreference();
  const [note, setNoteText] = useState(record.note);
  const [noteState, setNoteState] = useState<'saved' | 'dirty'>('saved');
  useEffect(() => {
    setNoteText(record.note);
    setNoteState('saved');
  }, [record.id, record.note]);

  async function saveNote() {
    if (note === record.note) return setNoteState('saved');
    try {
      await setNote(getDb(), record.id, note);
      setNoteState('saved');
    } catch (err) {
      props.onError(err);
    }
  }

  const lang = pickEdition(record.story.editions, preferred ?? null, uiLang());
  return (
    <article class="detail" aria-label={record.story.editions[lang]?.title}>
      <div class="detail-scroll">
        <p class="muted saved-from">
          {t('librarySavedOn', [formatDateTime(record.savedAt, uiLang())])}
          {record.pageTitle ? ` · ${record.pageTitle}` : ''}
        </p>
        {record.sameEvent && (
          <p class="muted same-event-saved" role="note" data-testid="same-event-saved">
            {t('librarySameEvent', [record.sameEvent.site])}
          </p>
        )}
        {record.withdrawnAt !== undefined && (
          <p class="withdrawn-note" role="note" data-testid="withdrawn-note">
            {t('withdrawnBadge')} · {formatDate(record.withdrawnAt, uiLang())}
          </p>
        )}
        <StoryView story={record.story} lang={lang} onLang={setPreferred} />
        <section class="note">
          <label for="note">{t('libraryNote')}</label>
          <textarea
            id="note"
            value={note}
            rows={3}
            placeholder={t('libraryNotePlaceholder')}
            onInput={(e) => {
              setNoteText(e.currentTarget.value);
              setNoteState('dirty');
            }}
            onBlur={saveNote}
          />
          <p class="muted" aria-live="polite">
            {noteState === 'dirty' ? t('libraryNoteUnsaved') : ''}
          </p>
        </section>
        <div class="detail-actions">
          <button type="button" class="button danger" onClick={props.onDelete} data-testid="delete-story">
            {t('libraryDelete')}
          </button>
        </div>
      </div>
      <Disclaimer story={record.story} lang={lang} />
    </article>
  );
}
