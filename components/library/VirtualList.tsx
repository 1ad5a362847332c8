/**
 * A windowed list of fixed-height rows: only the rows in view (and a few around them) are in the DOM, whatever
 * the number of items. Rows are fetched by index through `row(i)`, which may return undefined while loading.
 * Keyboard: ArrowUp/ArrowDown/Home/End move the focus between rows.
 */
import type { ComponentChild } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';

export interface VirtualListProps {
  count: number;
  rowHeight: number;
  /** Renders row `index`; `focused` is true for the row that holds the keyboard focus. */
  renderRow: (index: number, focused: boolean) => ComponentChild;
  /** Called with the range of rows in view, so their data can be loaded. */
  onRange?: (first: number, last: number) => void;
  label: string;
  onActivate?: (index: number) => void;
  /** Changes when the list's content changes (a new search): scrolls back to the top. */
  resetKey?: string;
}

const OVERSCAN = 6;

export function VirtualList(props: VirtualListProps) {
  const { count, rowHeight } = props;
  const ref = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [height, setHeight] = useState(600);
  const [focus, setFocus] = useState(0);

  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const observer = new ResizeObserver(() => setHeight(el.clientHeight));
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  useEffect(() => {
    ref.current?.scrollTo({ top: 0 });
    setScrollTop(0);
    setFocus(0);
  }, [props.resetKey]);

  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - OVERSCAN);
  const last = Math.min(count - 1, Math.ceil((scrollTop + height) / rowHeight) + OVERSCAN);
  useEffect(() => {
    if (count > 0) props.onRange?.(first, last);
  }, [first, last, count]);

  function move(event: KeyboardEvent) {
    const keys: Record<string, number> = { ArrowDown: focus + 1, ArrowUp: focus - 1, Home: 0, End: count - 1 };
    if (event.key === 'Enter') return props.onActivate?.(focus);
    const next = keys[event.key];
    if (next === undefined || count === 0) return;
    event.preventDefault();
    const target = Math.max(0, Math.min(count - 1, next));
    setFocus(target);
    const el = ref.current!;
    const top = target * rowHeight;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + rowHeight > el.scrollTop + el.clientHeight) el.scrollTop = top + rowHeight - el.clientHeight;
    requestAnimationFrame(() => el.querySelector<HTMLElement>(`[data-index="${target}"]`)?.focus());
  }

  const rows: ComponentChild[] = [];
  for (let i = first; i <= last; i++) {
    rows.push(
      <div
        key={i}
        role="listitem"
        data-index={i}
        class="vrow"
        style={{ top: `${i * rowHeight}px`, height: `${rowHeight}px` }}
        aria-setsize={count}
        aria-posinset={i + 1}
      >
        {props.renderRow(i, i === focus)}
      </div>,
    );
  }
  return (
    <div
      ref={ref}
      class="vlist"
      role="list"
      aria-label={props.label}
      onScroll={(e) => setScrollTop(e.currentTarget.scrollTop)}
      onKeyDown={move}
    >
      <div class="vlist-inner" style={{ height: `${count * rowHeight}px` }}>
        {rows}
      </div>
    </div>
  );
}
