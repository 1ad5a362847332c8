/**
 * Why a request to PRISM, or a lookup, failed: the kinds the client tells apart (utils/prism/client.ts) and the
 * fault the background keeps on a tab's state and a story answer, from which the views choose their words.
 */

export type PrismErrorKind =
  /** The browser has no network (`navigator.onLine` is false) when a request fails. Not retried. */
  | 'offline'
  /** A network failure while online: refused, reset, DNS, the answer broke off. Retried, then this. */
  | 'unreachable'
  /** The server did not answer (the whole answer) within the timeout. Not retried. */
  | 'timeout'
  /** A status that is not retried, or still failing after the retries (`status` is set). */
  | 'http'
  /** An answer that cannot be read: not JSON, too large, not text, not what the schema says, a bad checksum. */
  | 'invalid'
  /** An answer of a newer contract or story format than this version reads: an update of PRISM Lens is needed. */
  | 'newer'
  /** This build may not talk to that API base (not https), or the server redirected to another origin. */
  | 'refused'
  /** PRISM has withdrawn the story. */
  | 'withdrawn';

/**
 * Why something failed, for the views: they choose the reader's words from `kind` (and `status`), never from
 * `detail`, which is an English sentence for logs and a "details" toggle. `unknown`: not a failure of PRISM or the
 * network that the client recognised (a bug, the per-page lookup limit, a lookup superseded by a newer one).
 */
export type FaultKind = PrismErrorKind | 'unknown';
export interface Fault {
  kind: FaultKind;
  /** The HTTP status, for `http` (404 for a story PRISM no longer has). */
  status?: number;
  detail: string;
  /** The server asked not to be asked again before this many ms (a long `Retry-After`): tries wait that long. */
  retryAfterMs?: number;
}

/**
 * Whether a failure passes by itself (no network, a server down, slow or overloaded, a lookup cut short), so the
 * background and an open view try again without being asked; an unreadable or newer answer, a refused address, a
 * withdrawn story or a 4xx do not.
 */
export function faultPasses(fault: Pick<Fault, 'kind' | 'status'> | undefined): boolean {
  if (!fault) return true;
  if (fault.kind === 'http') return fault.status === undefined || fault.status === 429 || fault.status >= 500;
  return (
    fault.kind === 'offline' || fault.kind === 'unreachable' || fault.kind === 'timeout' || fault.kind === 'unknown'
  );
}
