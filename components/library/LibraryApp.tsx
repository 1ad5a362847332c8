/**
 * The library: saved stories newest first (or by relevance when searching), search in Korean and English,
 * tag and category filters, the story as saved, delete with undo, export and import, storage used.
 */
import { categoryName } from '../StoryView';
import { useMemo, useRef, useState } from 'preact/hooks';
import { t } from '../i18n';
import { uiLang } from '../use-edition';
import { useLiveQuery } from '../use-live';
import type { SavedRecord } from '@/utils/storage/library-rows';
import { getDb } from '@/utils/storage/db';
import {
  allCategories,
  allTagPairs,
  allTags,
  countSaved,
  restore,
  restoreAll,
  unsaveAll,
  unsaveStory,
} from '@/utils/storage/saved';
import { tagFacets } from '@/utils/storage/tag-facets';
import { FilterSelect } from './FilterSelect';
import { isFiltered, queryKey, WHOLE_LIBRARY, type LibraryQuery } from './library-query';
import { SavedStoryDetail } from './SavedStoryDetail';
import { SearchBox } from './SearchBox';
import { StoryRow } from './StoryRow';
import { Transfer } from './Transfer';
import { useAlerts } from './use-alerts';
import { useIndexMerge } from './use-index-merge';
import { useLibrary } from './use-library';
import { useOpenStory } from './use-open-story';
import { formatBytes, useStorageEstimate } from './use-storage-estimate';
import { useUndo } from './use-undo';
import { VirtualList } from './VirtualList';

/** A row's estimated height before it is measured (title on two lines, subtitle, meta, tags). */
const ROW_HEIGHT = 128;

export function LibraryApp() {
  const lang = uiLang();
  const [query, setQuery] = useState<LibraryQuery>(WHOLE_LIBRARY);
  const results = useLibrary(query);
  const [selected, setSelected] = useState<SavedRecord | null>(null);
  const { alert, status, setStatus, showError, dismissAlert } = useAlerts();
  const { undo, offer: offerUndo, run: runUndo } = useUndo(showError);
  // The facets read every tag key: they wait until the first rows are on screen.
  const ready = results.total !== undefined;
  const tagCounts = useLiveQuery(
    async () => (ready ? Promise.all([allTags(getDb()), allTagPairs(getDb())]) : undefined),
    [ready],
  );
  const tags = useMemo(() => tagCounts && tagFacets(tagCounts[0], tagCounts[1], lang), [tagCounts, lang]);
  const confirmDialog = useRef<HTMLDialogElement>(null);
  const categories = useLiveQuery(async () => (ready ? allCategories(getDb()) : undefined), [ready]);
  // Only Dexie reads inside a live query (another await would lose its change tracking); the estimate follows.
  const savedCount = useLiveQuery(() => countSaved(getDb()), []);
  const { estimate, persisted } = useStorageEstimate(ready, savedCount);
  useIndexMerge(results.total);
  const open = useOpenStory(selected, results.version);

  async function remove(record: SavedRecord) {
    try {
      const removed = await unsaveStory(getDb(), record.id);
      setSelected(null);
      if (removed) offerUndo(t('libraryDeleted'), async () => void (await restore(getDb(), removed)));
    } catch (err) {
      showError(err);
    }
  }

  async function removeAll() {
    confirmDialog.current?.close();
    try {
      const removed = await unsaveAll(getDb());
      setSelected(null);
      offerUndo(t('libraryDeletedAll', removed.length), () => restoreAll(getDb(), removed));
    } catch (err) {
      showError(err);
    }
  }

  const total = results.total;
  const filtered = isFiltered(query);
  return (
    <div class="library-app">
      <header class="library-header">
        <h1>
          <span class="brand" aria-hidden="true">
            ◆
          </span>{' '}
          {t('libraryTitle')}
        </h1>
        <SearchBox onSearch={(text) => setQuery((q) => ({ ...q, text }))} />
        <div class="storage muted" data-testid="storage-usage">
          {estimate ? t('libraryStorage', [formatBytes(estimate.usage), formatBytes(estimate.quota)]) : ''}
        </div>
      </header>
      {persisted === false && (
        <p class="persist-warning" role="note" data-testid="not-persisted">
          {t('libraryNotPersisted')}
        </p>
      )}
      <div class="library-toolbar">
        <FilterSelect
          label={t('libraryTag')}
          value={query.tag}
          options={tags?.map((x) => ({ value: x.key, label: x.tags.join(' · '), count: x.count }))}
          onChange={(tag) => setQuery((q) => ({ ...q, tag }))}
        />
        <FilterSelect
          label={t('libraryCategory')}
          value={query.category}
          options={categories?.map((x) => ({ value: x.category, label: categoryName(x.category), count: x.count }))}
          onChange={(category) => setQuery((q) => ({ ...q, category }))}
        />
        <p class="count" role="status" data-testid="library-count">
          {total === undefined ? '' : t('libraryCount', total)}
        </p>
        <Transfer query={query} total={total ?? 0} onStatus={setStatus} onError={showError} />
      </div>
      <div class="alerts">
        <div role="alert" class={alert ? 'alert' : ''}>
          {alert && (
            <>
              {alert}{' '}
              <button type="button" class="button ghost" onClick={dismissAlert}>
                {t('libraryDismiss')}
              </button>
            </>
          )}
        </div>
        <p role="status" class="muted" data-testid="library-status">
          {status}
        </p>
      </div>
      <main class="library-main">
        <section class="list-pane" aria-label={t('libraryListLabel')}>
          {total === 0 ? (
            <div class="empty" data-testid="library-empty">
              <h2>{filtered ? t('libraryNoResults') : t('libraryEmptyTitle')}</h2>
              <p class="muted">{filtered ? '' : t('libraryEmptyDetail')}</p>
            </div>
          ) : (
            <VirtualList
              count={total ?? 0}
              rowHeight={ROW_HEIGHT}
              label={t('libraryListLabel')}
              resetKey={queryKey(query)}
              onRange={results.want}
              onActivate={(i) => {
                const r = results.item(i);
                if (r) setSelected(r);
              }}
              renderRow={(i, focused) => {
                const record = results.item(i);
                return record ? (
                  <StoryRow
                    record={record}
                    lang={lang}
                    selected={open?.id === record.id}
                    focused={focused}
                    onOpen={() => setSelected(record)}
                  />
                ) : (
                  <div class="story-row placeholder" aria-hidden="true" />
                );
              }}
            />
          )}
          {Boolean(savedCount) && (
            <div class="danger-zone">
              <button
                type="button"
                class="button danger-outline"
                data-testid="delete-all"
                onClick={() => confirmDialog.current?.showModal()}
              >
                {t('libraryDeleteAll')}
              </button>
            </div>
          )}
        </section>
        <section class="detail-pane" aria-label={t('libraryDetailLabel')}>
          {open ? (
            <SavedStoryDetail record={open} onDelete={() => void remove(open)} onError={showError} />
          ) : (
            <p class="muted pick">{total ? t('libraryPick') : ''}</p>
          )}
        </section>
      </main>
      <dialog
        ref={confirmDialog}
        class="confirm-dialog"
        aria-labelledby="delete-all-title"
        aria-describedby="delete-all-detail"
        data-testid="delete-all-dialog"
      >
        <h2 id="delete-all-title">{t('libraryDeleteAllTitle')}</h2>
        <p id="delete-all-detail">{t('libraryDeleteAllConfirm', savedCount ?? 0)}</p>
        <div class="dialog-actions">
          <button type="button" class="button secondary" autofocus onClick={() => confirmDialog.current?.close()}>
            {t('libraryCancel')}
          </button>
          <button type="button" class="button danger" data-testid="delete-all-confirm" onClick={() => void removeAll()}>
            {t('libraryDeleteAllButton', savedCount ?? 0)}
          </button>
        </div>
      </dialog>
      {undo && (
        <div class="toast" role="status">
          {undo.message}
          <button type="button" class="button" onClick={() => void runUndo()} data-testid="undo">
            {t('libraryUndo')}
          </button>
        </div>
      )}
    </div>
  );
}
