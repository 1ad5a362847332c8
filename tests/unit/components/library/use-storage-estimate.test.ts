/** The library's storage figures (components/library/use-storage-estimate.ts). */
import { describe, expect, it } from 'vitest';
import { formatBytes } from '../../../../components/library/use-storage-estimate';

describe('the storage figures', () => {
  it('are in KB, MB or GB', () => {
    expect(formatBytes(512 * 1024)).toBe('512 KB');
    expect(formatBytes(3.25 * 1024 ** 2)).toBe('3.3 MB');
    expect(formatBytes(2 * 1024 ** 3)).toBe('2.0 GB');
  });
});
