/** Per tab, one overlay decision at a time, in order: the last one reflects the last state. */
const queues = new Map<number, Promise<void>>();

/** Runs `job` after the tab's earlier jobs (a failure of one does not stop the next). */
export function enqueue(tabId: number, job: () => Promise<void>): Promise<void> {
  const next = (queues.get(tabId) ?? Promise.resolve()).then(job).catch(() => undefined);
  queues.set(tabId, next);
  void next.then(() => {
    if (queues.get(tabId) === next) queues.delete(tabId);
  });
  return next;
}

/** Whether a decision for the tab is under way. */
export const isQueued = (tabId: number): boolean => queues.has(tabId);
