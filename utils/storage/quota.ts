/**
 * Browser storage limits: asking for persistent storage, reading the estimate, and turning "storage is full"
 * (however the browser and Dexie wrap it) into one typed error a UI can explain.
 */

/** Thrown instead of a raw QuotaExceededError. Nothing was written by the failed operation. */
export class StorageFullError extends Error {
  override readonly name = 'StorageFullError';
  /** Stable code for i18n lookups in the UI. */
  readonly code = 'storage-full';
  constructor(
    message = 'The browser’s storage for this extension is full, so nothing was saved. Remove or export some saved stories, or free disk space, and try again.',
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

const QUOTA_NAMES = new Set([
  'QuotaExceededError',
  'NS_ERROR_DOM_QUOTA_REACHED', // older Firefox
  'NS_ERROR_FILE_NO_DEVICE_SPACE',
]);

/**
 * True when `error` is, or wraps, a quota error. Dexie passes it on as `Dexie.QuotaExceededError` (same name),
 * as the `inner` of an AbortError, or among the `failures` of a BulkError.
 */
export function isQuotaError(error: unknown, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 5) return false;
  const e = error as { name?: unknown; code?: unknown; inner?: unknown; cause?: unknown; failures?: unknown };
  if (typeof e.name === 'string' && QUOTA_NAMES.has(e.name)) return true;
  // Legacy DOMException code for QUOTA_EXCEEDED_ERR; only trusted on a DOMException (other errors reuse 22).
  if (typeof DOMException !== 'undefined' && error instanceof DOMException && e.code === 22) return true;
  if (isQuotaError(e.inner, depth + 1) || isQuotaError(e.cause, depth + 1)) return true;
  const failures: unknown[] = Array.isArray(e.failures)
    ? e.failures
    : e.failures && typeof e.failures === 'object'
      ? Object.values(e.failures)
      : [];
  return failures.some((f) => isQuotaError(f, depth + 1));
}

/** The same error, except that a quota error becomes a StorageFullError. */
export function toStorageError(error: unknown): unknown {
  if (error instanceof StorageFullError) return error;
  return isQuotaError(error) ? new StorageFullError(undefined, { cause: error }) : error;
}

/** Runs a storage write, rethrowing a quota error as StorageFullError. */
export async function withStorageErrors<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    throw toStorageError(error);
  }
}

/** The part of `navigator.storage` used here (absent in some contexts and browsers). */
export interface StorageManagerLike {
  persist?: () => Promise<boolean>;
  persisted?: () => Promise<boolean>;
  estimate?: () => Promise<{ usage?: number; quota?: number }>;
}

function defaultStorage(): StorageManagerLike | undefined {
  return (globalThis as { navigator?: { storage?: StorageManagerLike } }).navigator?.storage;
}

/**
 * Asks the browser not to evict the library under storage pressure. Returns whether storage is persistent,
 * or undefined where the API does not exist. Never throws.
 */
export async function requestPersistence(
  storage: StorageManagerLike | undefined = defaultStorage(),
): Promise<boolean | undefined> {
  if (!storage?.persist) return undefined;
  try {
    if (storage.persisted && (await storage.persisted())) return true;
    return await storage.persist();
  } catch {
    return false;
  }
}

/**
 * Whether the browser keeps the library under storage pressure: persistent storage (asked for), or the
 * `unlimitedStorage` permission, which Chrome documents as exempting an extension from quota and eviction (Firefox
 * grants such an extension persistent storage outright, so `persisted()` says true there). False only when both
 * are denied: the one case where the library warns. Undefined where the browser cannot say.
 */
export async function libraryKept(
  unlimited: () => Promise<boolean>,
  storage: StorageManagerLike | undefined = defaultStorage(),
): Promise<boolean | undefined> {
  const persisted = await requestPersistence(storage);
  if (persisted) return true;
  const exempt = await unlimited().catch(() => false);
  return exempt ? true : persisted;
}

export interface StorageEstimate {
  /** Bytes used by this origin. */
  usage: number;
  /** Bytes this origin may use. */
  quota: number;
  /** usage / quota, 0..1 (0 when the quota is unknown). */
  ratio: number;
}

/** How much storage is used and available, or undefined where the browser does not say. Never throws. */
export async function storageEstimate(
  storage: StorageManagerLike | undefined = defaultStorage(),
): Promise<StorageEstimate | undefined> {
  if (!storage?.estimate) return undefined;
  try {
    const { usage = 0, quota = 0 } = await storage.estimate();
    return { usage, quota, ratio: quota > 0 ? Math.min(1, usage / quota) : 0 };
  } catch {
    return undefined;
  }
}
