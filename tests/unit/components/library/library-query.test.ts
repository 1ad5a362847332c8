/** The library's query: its key, whether it filters, its search options (components/library/library-query.ts). */
import { describe, expect, it } from 'vitest';
import { isFiltered, queryKey, searchOptions, WHOLE_LIBRARY } from '../../../../components/library/library-query';

describe('the library query', () => {
  it('is filtered by a search, a tag or a category, not by nothing', () => {
    expect(isFiltered(WHOLE_LIBRARY)).toBe(false);
    expect(isFiltered({ text: 'x' })).toBe(true);
    expect(isFiltered({ text: '', tag: 'Sanctions' })).toBe(true);
    expect(isFiltered({ text: '', category: 'World' })).toBe(true);
  });

  it('has one key per list: the same stories in the same order', () => {
    expect(queryKey({ text: 'a', tag: 'b' })).toBe(queryKey({ text: 'a', tag: 'b', category: undefined }));
    expect(queryKey({ text: 'a', tag: 'b' })).not.toBe(queryKey({ text: 'a', category: 'b' }));
    expect(queryKey({ text: 'a' })).not.toBe(queryKey({ text: 'b' }));
  });

  it('reads newest first without a search, by relevance with one', () => {
    expect(searchOptions(WHOLE_LIBRARY, 50)).toEqual({
      tag: undefined,
      category: undefined,
      offset: 0,
      limit: 50,
      order: 'newest',
    });
    expect(searchOptions({ text: '  ' }, 10, 20)).toMatchObject({ offset: 20, limit: 10, order: 'newest' });
    expect(searchOptions({ text: 'chips', tag: 'T', category: 'C' }, 10)).toMatchObject({
      tag: 'T',
      category: 'C',
      order: 'relevance',
    });
  });
});
