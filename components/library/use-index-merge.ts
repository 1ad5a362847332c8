/**
 * The first rows on screen: the mark the bench measures the library's first paint by. Then, when the page is
 * idle, the saves made elsewhere (the popup rarely stays open for a whole merge) go into the postings if many are
 * waiting. Once per page: the mark says it was done.
 */
import { useEffect } from 'preact/hooks';
import { getDb } from '@/utils/storage/db';
import { mergeIndexIfDue } from '@/utils/storage/saved-index';

export function useIndexMerge(total: number | undefined): void {
  useEffect(() => {
    if (total !== undefined && !performance.getEntriesByName('library:rows').length) {
      requestAnimationFrame(() => performance.mark('library:rows'));
      const merge = () => void mergeIndexIfDue(getDb());
      if ('requestIdleCallback' in window) requestIdleCallback(merge, { timeout: 5000 });
      else setTimeout(merge, 1000);
    }
  }, [total]);
}
