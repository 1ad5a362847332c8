/**
 * How much storage the library uses (read again when the number of saved stories changes), and whether the
 * browser keeps it under storage pressure (asked once; quota.ts, `libraryKept`). Both wait for `ready`, the first rows on screen: they are
 * not what the reader came for.
 */
import { useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import { libraryKept, storageEstimate, type StorageEstimate } from '@/utils/storage/quota';

/** Whether the extension holds `unlimitedStorage` (wxt.config.ts asks for it; a browser may not grant it). */
const hasUnlimitedStorage = () => browser.permissions.contains({ permissions: ['unlimitedStorage'] });

export function formatBytes(n: number): string {
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(0)} KB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MB`;
  return `${(n / 1024 ** 3).toFixed(1)} GB`;
}

export function useStorageEstimate(ready: boolean, savedCount: number | undefined) {
  const [estimate, setEstimate] = useState<StorageEstimate | undefined>(undefined);
  useEffect(() => {
    if (ready) void storageEstimate().then(setEstimate, () => setEstimate(undefined));
  }, [savedCount, ready]);

  const [persisted, setPersisted] = useState<boolean | undefined>(undefined);
  useEffect(() => {
    if (ready) void libraryKept(hasUnlimitedStorage).then(setPersisted, () => setPersisted(false));
  }, [ready]);

  return { estimate, persisted };
}
