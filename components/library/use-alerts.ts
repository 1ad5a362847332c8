/** The library's alert (a failure, shown until dismissed) and its status line (what an import did). */
import { useState } from 'preact/hooks';

/** The reader's words for a failure: its message (a StorageFullError's explains what to do). */
export const alertText = (err: unknown): string => (err instanceof Error ? err.message : String(err));

export function useAlerts() {
  const [alert, setAlert] = useState<string | null>(null);
  const [status, setStatus] = useState<string>('');
  return {
    alert,
    status,
    setStatus,
    showError: (err: unknown) => setAlert(alertText(err)),
    dismissAlert: () => setAlert(null),
  };
}
