/**
 * The library's results for a query and filters, read a page at a time as the list scrolls (10,000 stories
 * never load at once). Any change to the saved stories, in this page or another (the popup, the side panel),
 * reloads what is shown: Dexie's liveQuery tells us.
 */
import { liveQuery } from 'dexie';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { SavedRecord } from '@/utils/storage/library-rows';
import { getDb } from '@/utils/storage/db';
import { countSaved } from '@/utils/storage/saved';
import { search, type SearchResult } from '@/utils/storage/search';
import { isFiltered, queryKey, searchOptions, WHOLE_LIBRARY, type LibraryQuery } from './library-query';

const PAGE_SIZE = 50;

export interface LibraryResults {
  /** undefined until the first page is read. */
  total: number | undefined;
  item(index: number): SavedRecord | undefined;
  /** Loads the pages covering rows first..last. */
  want(first: number, last: number): void;
  /** Bumps when the stories change anywhere. */
  version: number;
}

function readPage(q: LibraryQuery, page: number) {
  return search(getDb(), q.text, searchOptions(q, PAGE_SIZE, page * PAGE_SIZE));
}

let prefetched: Promise<SearchResult> | undefined;
/**
 * Starts reading the first page of the whole library while the page is still loading its strings and
 * rendering (the first rows appear sooner); the first `useLibrary` read takes it over.
 */
export function prefetchLibrary(): void {
  prefetched = readPage(WHOLE_LIBRARY, 0);
  prefetched.catch(() => undefined);
}

export function useLibrary(q: LibraryQuery): LibraryResults {
  const [version, setVersion] = useState(0);
  const [total, setTotal] = useState<number | undefined>(undefined);
  const [, rerender] = useState(0);
  const pages = useRef(new Map<number, SavedRecord[] | 'loading'>());
  const key = `${queryKey(q)}\n${version}`;
  const current = useRef(key);
  current.current = key;

  // Any write to the saved stories (here or in another extension page) bumps the version.
  useEffect(() => {
    let first = true;
    const sub = liveQuery(() => countSaved(getDb())).subscribe({
      next: () => {
        if (first) first = false;
        else setVersion((v) => v + 1);
      },
    });
    return () => sub.unsubscribe();
  }, []);

  const load = (page: number) => {
    if (pages.current.has(page)) return;
    pages.current.set(page, 'loading');
    const asked = key;
    const unfiltered = page === 0 && version === 0 && !isFiltered(q);
    const read = (unfiltered && prefetched) || readPage(q, page);
    prefetched = undefined;
    void read.then(
      (result) => {
        if (current.current !== asked) return;
        pages.current.set(page, result.items);
        setTotal(result.total);
        rerender((n) => n + 1);
      },
      () => pages.current.delete(page),
    );
  };

  useEffect(() => {
    pages.current = new Map();
    load(0);
  }, [key]);

  return {
    total,
    version,
    item(index) {
      const page = pages.current.get(Math.floor(index / PAGE_SIZE));
      return Array.isArray(page) ? page[index % PAGE_SIZE] : undefined;
    },
    want(first, last) {
      for (let p = Math.floor(first / PAGE_SIZE); p <= Math.floor(last / PAGE_SIZE); p++) load(p);
    },
  };
}
