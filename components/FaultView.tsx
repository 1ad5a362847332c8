/**
 * Why PRISM could not be asked, in the reader's language: one title and one explanation per cause (no network,
 * server unreachable, slow, an error status, an unreadable or newer answer, a refused address, withdrawn), never
 * the raw error, which is kept under "Details" for a bug report. Each offers what the reader can do: try again,
 * open the library, or read the copy they saved.
 */
import type { Fault, FaultKind } from '@/utils/prism/fault';
import { t } from './i18n';
import { StatusView } from './StatusView';
import { faultState } from './view-state';

/** The reader's title and explanation of a cause. */
export function faultText(fault: Pick<Fault, 'kind' | 'status'> | undefined): { title: string; detail: string } {
  const kind: FaultKind = fault?.kind ?? 'unknown';
  switch (kind) {
    case 'offline':
      return { title: t('offlineTitle'), detail: t('offlineDetail') };
    case 'unreachable':
      return { title: t('faultUnreachableTitle'), detail: t('faultUnreachableDetail') };
    case 'timeout':
      return { title: t('faultTimeoutTitle'), detail: t('faultTimeoutDetail') };
    case 'http':
      return { title: t('faultHttpTitle'), detail: t('faultHttpDetail', [String(fault?.status ?? '?')]) };
    case 'invalid':
      return { title: t('faultInvalidTitle'), detail: t('faultInvalidDetail') };
    case 'newer':
      return { title: t('faultNewerTitle'), detail: t('faultNewerDetail') };
    case 'refused':
      return { title: t('faultRefusedTitle'), detail: t('faultRefusedDetail') };
    case 'withdrawn':
      return { title: t('withdrawnTitle'), detail: t('withdrawnDetail') };
    default:
      return { title: t('errorTitle'), detail: t('faultUnknownDetail') };
  }
}

export function FaultView(props: {
  fault: Fault | undefined;
  /** Try again (not offered for a withdrawn story). */
  retry?: () => void;
  libraryUrl: string;
  /** Shows the reader's saved copy, when they have one. */
  showSaved?: () => void;
}) {
  const { fault } = props;
  const { title, detail } = faultText(fault);
  return (
    <StatusView
      state={faultState(fault)}
      title={title}
      detail={detail}
      fault={fault?.kind}
      after={
        fault?.detail && (
          // The cause as the software said it, for a bug report: English, and closed unless the reader opens it.
          <details class="fault-details">
            <summary>{t('faultDetails')}</summary>
            <code lang="en">{fault.detail}</code>
          </details>
        )
      }
    >
      {props.showSaved && (
        <button type="button" class="button" onClick={props.showSaved} data-testid="show-saved">
          {t('faultSavedCopy')}
        </button>
      )}
      {props.retry && (
        <button type="button" class={props.showSaved ? 'button secondary' : 'button'} onClick={props.retry}>
          {t('retry')}
        </button>
      )}
      <a class="button secondary" href={props.libraryUrl} target="_blank" rel="noopener">
        {t('faultOpenLibrary')}
      </a>
    </StatusView>
  );
}
