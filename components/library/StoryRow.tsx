/** One saved story in the library list. */
import type { SavedRecord } from '@/utils/storage/library-rows';
import type { Lang } from '@/utils/prism/schema';
import { pickEdition } from '@/utils/preferences';
import { readerFirst } from '@/utils/storage/tag-facets';
import { t } from '../i18n';
import { categoryName } from '../StoryView';
import { formatDate } from './dates';

export function StoryRow(props: {
  record: SavedRecord;
  lang: Lang;
  selected: boolean;
  focused: boolean;
  onOpen: () => void;
}) {
  const { story } = props.record;
  const lang = pickEdition(story.editions, props.lang, props.lang);
  const other: Lang = lang === 'ko' ? 'en' : 'ko';
  const saved = new Date(props.record.savedAt);
  const tags = readerFirst(props.record.tags, props.lang);
  return (
    <button
      type="button"
      class={`story-row ${props.selected ? 'is-selected' : ''}`}
      aria-current={props.selected ? 'true' : undefined}
      tabIndex={props.focused ? 0 : -1}
      onClick={props.onOpen}
      data-testid="library-row"
    >
      <span class="row-title" lang={lang}>
        {story.editions[lang]?.title ?? story.source.title}
      </span>
      {story.editions[other] && (
        <span class="row-subtitle" lang={other}>
          {story.editions[other]!.title}
        </span>
      )}
      <span class="row-meta">
        <span class="category">{categoryName(story.category)}</span> · {story.source.publisher} ·{' '}
        <time dateTime={saved.toISOString()}>{formatDate(props.record.savedAt, props.lang)}</time>
        {props.record.note && <span aria-hidden="true"> · ✎</span>}
        {props.record.withdrawnAt !== undefined && (
          <span class="withdrawn-badge" data-testid="withdrawn-badge">
            {' '}
            · {t('withdrawnBadge')}
          </span>
        )}
      </span>
      {tags.length > 0 && (
        <span class="row-tags">
          <span class="visually-hidden">{t('libraryTags')}: </span>
          {tags.slice(0, 6).map((tag) => (
            <span class="row-tag" key={tag} lang={/\p{Script=Hangul}/u.test(tag) ? 'ko' : 'en'}>
              #{tag}
            </span>
          ))}
        </span>
      )}
    </button>
  );
}
