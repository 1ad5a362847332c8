// @vitest-environment happy-dom
/** The library's alerts (components/library/use-alerts.ts). */
import { act, cleanup, renderHook } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { alertText, useAlerts } from '../../../../components/library/use-alerts';
import { StorageFullError } from '../../../../utils/storage/quota';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('the library alerts', () => {
  it('say what failed, until dismissed', async () => {
    expect(alertText(new StorageFullError())).toBe(new StorageFullError().message);
    expect(alertText('plain')).toBe('plain');
    const { result } = renderHook(() => useAlerts());
    await act(() => result.current.showError(new Error('broke')));
    expect(result.current.alert).toBe('broke');
    await act(() => result.current.dismissAlert());
    expect(result.current.alert).toBeNull();
    await act(() => result.current.setStatus('Imported 2'));
    expect(result.current.status).toBe('Imported 2');
  });
});
