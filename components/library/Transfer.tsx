/**
 * Export (JSON of all or of what is shown; Markdown of what is shown) and import of the library. Their code
 * (the zip writer, the import validation) loads on first use, so it does not delay the library's first paint.
 */
import { useRef } from 'preact/hooks';
import { t } from '../i18n';
import { uiLang } from '../use-edition';
import { getDb } from '@/utils/storage/db';
import { search } from '@/utils/storage/search';
import { download } from './download';
import { isFiltered, searchOptions, type LibraryQuery } from './library-query';

/** Every story the current search and filters show, in the order shown. */
async function shown(q: LibraryQuery, total: number) {
  const { items } = await search(getDb(), q.text, searchOptions(q, total));
  return items;
}

export function Transfer(props: {
  query: LibraryQuery;
  total: number;
  onStatus: (s: string) => void;
  onError: (e: unknown) => void;
}) {
  const file = useRef<HTMLInputElement>(null);
  const filtered = isFiltered(props.query);

  async function exportAll() {
    try {
      const { exportJson, exportJsonFileName } = await import('@/utils/storage/export-json');
      download(exportJsonFileName(), 'application/json', await exportJson(getDb()));
    } catch (err) {
      props.onError(err);
    }
  }

  async function exportShownJson() {
    try {
      const { exportJson, exportJsonFileName } = await import('@/utils/storage/export-json');
      const ids = (await shown(props.query, props.total)).map((r) => r.id);
      download(exportJsonFileName(), 'application/json', await exportJson(getDb(), { ids }));
    } catch (err) {
      props.onError(err);
    }
  }

  async function exportShownMarkdown() {
    try {
      const { exportMarkdown } = await import('@/utils/storage/export-markdown');
      const out = exportMarkdown(await shown(props.query, props.total), { primaryLang: uiLang() });
      download(out.name, out.type, out.bytes as Uint8Array<ArrayBuffer>);
    } catch (err) {
      props.onError(err);
    }
  }

  async function importFile(input: HTMLInputElement) {
    const chosen = input.files?.[0];
    input.value = '';
    if (!chosen) return;
    try {
      const { importJson } = await import('@/utils/storage/import');
      const result = await importJson(getDb(), await chosen.text());
      const parts = [t('libraryImported', result.added)];
      if (result.duplicates.length) parts.push(t('libraryImportDuplicates', [String(result.duplicates.length)]));
      if (result.broken.length) {
        const reasons = result.broken
          .slice(0, 3)
          .map((b) => `#${b.index + 1}: ${b.reason}`)
          .join('; ');
        parts.push(t('libraryImportBroken', [String(result.broken.length), reasons]));
      }
      props.onStatus(parts.join(' '));
    } catch (err) {
      props.onError(err);
    }
  }

  return (
    <div class="transfer" role="group" aria-label={t('libraryTransferLabel')}>
      <button
        type="button"
        class="button ghost"
        onClick={exportAll}
        disabled={props.total === 0 && !filtered}
        data-testid="export-json"
      >
        {t('libraryExportJson')}
      </button>
      {filtered && (
        <button type="button" class="button ghost" onClick={exportShownJson} disabled={props.total === 0}>
          {t('libraryExportShownJson')}
        </button>
      )}
      <button
        type="button"
        class="button ghost"
        onClick={exportShownMarkdown}
        disabled={props.total === 0}
        data-testid="export-markdown"
      >
        {filtered ? t('libraryExportShownMarkdown') : t('libraryExportMarkdown')}
      </button>
      <button type="button" class="button ghost" onClick={() => file.current?.click()}>
        {t('libraryImport')}
      </button>
      <input
        ref={file}
        type="file"
        accept=".json,application/json"
        class="visually-hidden"
        tabIndex={-1}
        aria-label={t('libraryImport')}
        data-testid="import-file"
        onChange={(e) => void importFile(e.currentTarget)}
      />
    </div>
  );
}
