// @vitest-environment happy-dom
/** The library's undo (components/library/use-undo.ts). */
import { act, cleanup, renderHook } from '@testing-library/preact';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { UNDO_MS, useUndo } from '../../../../components/library/use-undo';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

describe('the library undo', () => {
  it('is offered for a while, and the newest offer replaces the last', async () => {
    vi.useFakeTimers();
    const { result } = renderHook(() => useUndo(() => undefined));
    await act(() => result.current.offer('one', async () => undefined));
    await act(() => void vi.advanceTimersByTime(UNDO_MS - 1000));
    await act(() => result.current.offer('two', async () => undefined));
    await act(() => void vi.advanceTimersByTime(UNDO_MS - 1));
    expect(result.current.undo?.message).toBe('two');
    await act(() => void vi.advanceTimersByTime(1));
    expect(result.current.undo).toBeNull();
  });

  it('runs once, and a failing undo is reported', async () => {
    const onError = vi.fn();
    const failure = new Error('no');
    const run = vi.fn(async () => Promise.reject(failure));
    const { result } = renderHook(() => useUndo(onError));
    await act(() => result.current.offer('deleted', run));
    await act(() => result.current.run());
    expect(result.current.undo).toBeNull();
    await act(() => result.current.run());
    expect(run).toHaveBeenCalledTimes(1);
    expect(onError).toHaveBeenCalledWith(failure);
  });

  it('answers Ctrl+Z and Cmd+Z, but not while the reader types', async () => {
    const run = vi.fn(async () => undefined);
    const { result } = renderHook(() => useUndo(() => undefined));
    const input = document.body.appendChild(document.createElement('input'));
    await act(() => result.current.offer('deleted', run));
    const press = (target: EventTarget, keys: KeyboardEventInit) =>
      act(() => void target.dispatchEvent(new KeyboardEvent('keydown', { bubbles: true, ...keys })));
    await press(input, { key: 'z', ctrlKey: true });
    expect(run).not.toHaveBeenCalled();
    await press(document.body, { key: 'Z', metaKey: true });
    expect(run).toHaveBeenCalledTimes(1);
    expect(result.current.undo).toBeNull();
    input.remove();
  });
});
