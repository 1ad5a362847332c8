/**
 * The library: saved stories newest first (or by relevance when searching), search in Korean and English,
 * tag and category filters, the story as saved, delete with undo, export and import, storage used.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../i18n';
import { uiLang } from '../use-edition';
import { useLiveQuery } from '../use-live';
import type { SavedRecord } from '@/utils/storage/db';
import { getDb } from '@/utils/storage/db';
import { allCategories, allTags, countSaved, restore, restoreAll, unsaveAll, unsaveStory } from '@/utils/storage/saved';
import { StorageFullError, requestPersistence, storageEstimate } from '@/utils/storage/quota';
import { mergeIndexIfDue } from '@/utils/storage/saved-index';
import { FilterSelect } from './FilterSelect';
import { SavedStoryDetail } from './SavedStoryDetail';
import { SearchBox } from './SearchBox';
import { StoryRow } from './StoryRow';
import { Transfer } from './Transfer';
import { useLibrary, type LibraryQuery } from './use-library';
import { VirtualList } from './VirtualList';

const ROW_HEIGHT = 104;
const UNDO_MS = 8000;

interface Undo {
  message: string;
  run: () => Promise<void>;
}

function formatBytes(n: number): string {
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} KB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MB`;
  return `${(n / 1024 ** 3).toFixed(1)} GB`;
}

export function LibraryApp() {
  const lang = uiLang();
  const [query, setQuery] = useState<LibraryQuery>({ text: '' });
  const results = useLibrary(query);
  const [selected, setSelected] = useState<SavedRecord | null>(null);
  const [undo, setUndo] = useState<Undo | null>(null);
  const [alert, setAlert] = useState<string | null>(null);
  const [status, setStatus] = useState<string>('');
  const undoTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  // The facets read every tag key: they wait until the first rows are on screen.
  const ready = results.total !== undefined;
  const tags = useLiveQuery(async () => (ready ? allTags(getDb()) : undefined), [ready]);
  const categories = useLiveQuery(async () => (ready ? allCategories(getDb()) : undefined), [ready]);
  // Only Dexie reads inside a live query (another await would lose its change tracking); the estimate follows.
  const savedCount = useLiveQuery(() => countSaved(getDb()), []);
  const [estimate, setEstimate] = useState<Awaited<ReturnType<typeof storageEstimate>>>(undefined);
  // The estimate and the persistence request wait for the first rows too: they are not what the reader came for.
  useEffect(() => {
    if (ready) void storageEstimate().then(setEstimate, () => setEstimate(undefined));
  }, [savedCount, ready]);
  const [persisted, setPersisted] = useState<boolean | undefined>(undefined);

  useEffect(() => {
    if (ready) void requestPersistence().then(setPersisted, () => setPersisted(false));
  }, [ready]);

  // The first rows on screen: the mark the bench measures the first paint by. Then, when the page is idle, the
  // saves made elsewhere (the popup rarely stays open for a whole merge) go into the postings if many are waiting.
  useEffect(() => {
    if (results.total !== undefined && !performance.getEntriesByName('library:rows').length) {
      requestAnimationFrame(() => performance.mark('library:rows'));
      const merge = () => void mergeIndexIfDue(getDb());
      if ('requestIdleCallback' in window) requestIdleCallback(merge, { timeout: 5000 });
      else setTimeout(merge, 1000);
    }
  }, [results.total]);

  // The open story follows its record (a note saved elsewhere), and closes if it was deleted elsewhere.
  const live = useLiveQuery(
    async () => (selected ? ((await getDb().library.where('id').equals(selected.id).first()) ?? null) : null),
    [selected?.id, results.version],
  );
  const open = live === undefined ? selected : live;

  const showError = (err: unknown) => {
    if (err instanceof StorageFullError) setAlert(err.message);
    else setAlert(err instanceof Error ? err.message : String(err));
  };

  const offerUndo = (message: string, run: () => Promise<void>) => {
    clearTimeout(undoTimer.current);
    setUndo({ message, run });
    undoTimer.current = setTimeout(() => setUndo(null), UNDO_MS);
  };

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
    const count = savedCount ?? 0;
    if (count === 0 || !confirm(t('libraryDeleteAllConfirm', [String(count)]))) return;
    try {
      const removed = await unsaveAll(getDb());
      setSelected(null);
      offerUndo(t('libraryDeletedAll', [String(removed.length)]), () => restoreAll(getDb(), removed));
    } catch (err) {
      showError(err);
    }
  }

  // Ctrl+Z / Cmd+Z undoes the last delete while its toast is up (not while typing).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const typing = (e.target as HTMLElement).closest('input, textarea');
      if (undo && !typing && (e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'z') {
        e.preventDefault();
        void runUndo();
      }
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  });

  async function runUndo() {
    if (!undo) return;
    setUndo(null);
    try {
      await undo.run();
    } catch (err) {
      showError(err);
    }
  }

  const total = results.total;
  const resetKey = `${query.text}\n${query.tag ?? ''}\n${query.category ?? ''}`;
  return (
    <div class="library-app">
      <header class="library-header">
        <h1>
          <span class="brand" aria-hidden="true">◆</span> {t('libraryTitle')}
        </h1>
        <SearchBox onSearch={(text) => setQuery((q) => ({ ...q, text }))} />
        <p class="storage muted" data-testid="storage-usage">
          {estimate ? t('libraryStorage', [formatBytes(estimate.usage), formatBytes(estimate.quota)]) : ''}
          {persisted === false ? ` · ${t('libraryNotPersisted')}` : ''}
        </p>
      </header>
      <div class="library-toolbar">
        <FilterSelect
          label={t('libraryTag')}
          value={query.tag}
          options={tags?.map((x) => ({ value: x.tag, count: x.count }))}
          onChange={(tag) => setQuery((q) => ({ ...q, tag }))}
        />
        <FilterSelect
          label={t('libraryCategory')}
          value={query.category}
          options={categories?.map((x) => ({ value: x.category, count: x.count }))}
          onChange={(category) => setQuery((q) => ({ ...q, category }))}
        />
        <p class="count" role="status" data-testid="library-count">
          {total === undefined ? '' : total === 1 ? t('libraryCountOne') : t('libraryCount', [String(total)])}
        </p>
        <Transfer query={query} total={total ?? 0} onStatus={setStatus} onError={showError} />
        <button type="button" class="button ghost danger-text" onClick={removeAll} disabled={!savedCount}>
          {t('libraryDeleteAll')}
        </button>
      </div>
      <div class="alerts">
        <div role="alert" class={alert ? 'alert' : ''}>
          {alert && (
            <>
              {alert}{' '}
              <button type="button" class="button ghost" onClick={() => setAlert(null)}>
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
              <h2>{query.text || query.tag || query.category ? t('libraryNoResults') : t('libraryEmptyTitle')}</h2>
              <p class="muted">{query.text || query.tag || query.category ? '' : t('libraryEmptyDetail')}</p>
            </div>
          ) : (
            <VirtualList
              count={total ?? 0}
              rowHeight={ROW_HEIGHT}
              label={t('libraryListLabel')}
              resetKey={resetKey}
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
        </section>
        <section class="detail-pane" aria-label={t('libraryDetailLabel')}>
          {open ? (
            <SavedStoryDetail record={open} onDelete={() => void remove(open)} onError={showError} />
          ) : (
            <p class="muted pick">{total ? t('libraryPick') : ''}</p>
          )}
        </section>
      </main>
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
