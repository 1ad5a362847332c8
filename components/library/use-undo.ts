/**
 * Undo of the last delete: a toast for UNDO_MS, and Ctrl+Z / Cmd+Z while it is up (not while typing, where the
 * keys undo the typing).
 */
import { useEffect, useRef, useState } from 'preact/hooks';

export const UNDO_MS = 8000;

export interface Undo {
  message: string;
  run: () => Promise<void>;
}

export function useUndo(onError: (err: unknown) => void) {
  const [undo, setUndo] = useState<Undo | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  /** Replaces any undo on offer. */
  const offer = (message: string, run: () => Promise<void>) => {
    clearTimeout(timer.current);
    setUndo({ message, run });
    timer.current = setTimeout(() => setUndo(null), UNDO_MS);
  };

  async function run() {
    if (!undo) return;
    setUndo(null);
    try {
      await undo.run();
    } catch (err) {
      onError(err);
    }
  }

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const typing = (e.target as HTMLElement).closest('input, textarea');
      if (undo && !typing && (e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'z') {
        e.preventDefault();
        void run();
      }
    };
    addEventListener('keydown', onKey);
    return () => removeEventListener('keydown', onKey);
  });

  return { undo, offer, run };
}
