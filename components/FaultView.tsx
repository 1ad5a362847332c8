/**
 * Why PRISM could not be asked, in the reader's language: one title and one explanation per cause (no network,
 * server unreachable, slow, an error status, an unreadable or newer answer, a refused address, withdrawn), never
 * the raw error or a status code, which are kept under "Details" for a bug report. Each offers what the reader can
 * do: try again, or open the library. (A copy the reader saved is shown instead, under a banner: LookupView.)
 */
import type { Fault } from '@/utils/prism/fault';
import { faultText } from './fault-text';
import { t } from './i18n';
import { StatusView } from './StatusView';
import { faultState } from './view-state';

export { faultText };

/** The cause as the software said it (its status code, its message), for a bug report: closed under "Details". */
export function FaultDetails({ fault }: { fault: Fault | undefined }) {
  const technical = [fault?.status === undefined ? '' : `HTTP ${fault.status}`, fault?.detail ?? '']
    .filter(Boolean)
    .join(' · ');
  if (!technical) return null;
  return (
    <details class="fault-details">
      <summary>{t('faultDetails')}</summary>
      <code lang="en">{technical}</code>
    </details>
  );
}

export function FaultView(props: {
  fault: Fault | undefined;
  /** Try again (not offered for a withdrawn story). */
  retry?: () => void;
  libraryUrl: string;
}) {
  const { fault } = props;
  const { title, detail } = faultText(fault);
  return (
    <StatusView
      state={faultState(fault)}
      title={title}
      detail={detail}
      fault={fault?.kind}
      after={<FaultDetails fault={fault} />}
    >
      {props.retry && (
        <button type="button" class="button" onClick={props.retry}>
          {t('retry')}
        </button>
      )}
      <a class="button secondary" href={props.libraryUrl} target="_blank" rel="noopener">
        {t('faultOpenLibrary')}
      </a>
    </StatusView>
  );
}
