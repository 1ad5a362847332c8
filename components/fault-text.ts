/**
 * Why PRISM could not be asked, in the reader's language: one title and one explanation per cause, never the raw
 * error or a status code. Used by FaultView (the popup, side panel and card) and by the background's Save shortcut
 * (its toolbar title), which pass their own translation (the background's catalogue).
 */
import type { Fault, FaultKind } from '@/utils/prism/fault';
import { t as uiT } from './i18n';

/** The reader's title and explanation of a cause. */
export function faultText(
  fault: Pick<Fault, 'kind' | 'status'> | undefined,
  t: (key: string) => string = uiT as (key: string) => string,
): { title: string; detail: string } {
  const kind: FaultKind = fault?.kind ?? 'unknown';
  switch (kind) {
    case 'offline':
      return { title: t('offlineTitle'), detail: t('offlineDetail') };
    case 'unreachable':
      return { title: t('faultUnreachableTitle'), detail: t('faultUnreachableDetail') };
    case 'timeout':
      return { title: t('faultTimeoutTitle'), detail: t('faultTimeoutDetail') };
    case 'http':
      return { title: t('faultHttpTitle'), detail: t('faultHttpDetail') };
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
