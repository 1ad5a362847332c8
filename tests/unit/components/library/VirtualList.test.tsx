// @vitest-environment happy-dom
import { fireEvent, render } from '@testing-library/preact';
import { describe, expect, it, vi } from 'vitest';
import { VirtualList } from '../../../../components/library/VirtualList';

describe('the library list', () => {
  it('keeps the DOM bounded with 10,000 stories, and asks only for the rows in view', () => {
    const onRange = vi.fn();
    const { container } = render(
      <VirtualList
        count={10_000}
        rowHeight={90}
        label="Saved"
        onRange={onRange}
        renderRow={(i) => <span>row {i}</span>}
      />,
    );
    const rows = container.querySelectorAll('[role="listitem"]');
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThan(40);
    expect(container.querySelector('.vlist-inner')!.getAttribute('style')).toContain('900000px');
    const [first, last] = onRange.mock.calls.at(-1)!;
    expect(first).toBe(0);
    expect(last).toBeLessThan(40);
    expect(rows[0]!.getAttribute('aria-setsize')).toBe('10000');
  });

  it('moves the focus with the arrow keys and opens a row with Enter', () => {
    const onActivate = vi.fn();
    const { container } = render(
      <VirtualList
        count={100}
        rowHeight={90}
        label="Saved"
        onActivate={onActivate}
        renderRow={(i, focused) => <button tabIndex={focused ? 0 : -1}>row {i}</button>}
      />,
    );
    const list = container.querySelector('[role="list"]')!;
    fireEvent.keyDown(list, { key: 'ArrowDown' });
    fireEvent.keyDown(list, { key: 'ArrowDown' });
    fireEvent.keyDown(list, { key: 'Enter' });
    expect(onActivate).toHaveBeenCalledWith(2);
    expect(container.querySelector('[data-index="2"] button')!.getAttribute('tabindex')).toBe('0');
    fireEvent.keyDown(list, { key: 'Home' });
    fireEvent.keyDown(list, { key: 'Enter' });
    expect(onActivate).toHaveBeenLastCalledWith(0);
  });
});
