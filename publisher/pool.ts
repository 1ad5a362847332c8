/**
 * Reads catalogue files over a pool of worker threads (or in this thread for `workers: 0`), in batches, two
 * batches in flight per worker so none waits for the main thread. Results arrive in no particular order.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { readStory, type ReadContext, type StoryDone, type StoryTask } from './read-story';

const BATCH = 64;
const IN_FLIGHT = 2;
/** Below this many files, starting threads costs more than it saves. */
const MIN_FILES_FOR_WORKERS = 400;

/** Worker threads for `files` files: one per core (at most 4), none for a small run. */
export const defaultWorkers = (files: number) =>
  files < MIN_FILES_FOR_WORKERS ? 0 : Math.min(availableParallelism(), 4);

export async function readStories(
  ctx: ReadContext,
  tasks: StoryTask[],
  workers: number,
  onDone: (done: StoryDone) => void,
): Promise<void> {
  if (workers <= 0 || tasks.length === 0) {
    for (let i = 0; i < tasks.length; i += BATCH) {
      const batch = tasks.slice(i, i + BATCH);
      for (const done of await Promise.all(batch.map((task) => readStory(ctx, task)))) onDone(done);
    }
    return;
  }
  const entry = new URL('./worker.ts', import.meta.url).href;
  const boot = new URL('./worker-boot.mjs', import.meta.url);
  const threads = Array.from({ length: Math.min(workers, Math.ceil(tasks.length / BATCH)) }, () => {
    return new Worker(boot, { workerData: { entry, ctx } });
  });
  let next = 0;
  let pending = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      const send = (w: Worker) => {
        if (next >= tasks.length) return false;
        w.postMessage(tasks.slice(next, next + BATCH));
        next += BATCH;
        pending++;
        return true;
      };
      for (const w of threads) {
        w.on('error', reject);
        w.on('exit', (code) => {
          if (pending > 0 || next < tasks.length) reject(new Error(`a publisher worker exited (code ${code})`));
        });
        w.on('message', (msg: StoryDone[] | 'ready') => {
          if (msg === 'ready') {
            for (let i = 0; i < IN_FLIGHT; i++) send(w);
          } else {
            pending--;
            try {
              for (const done of msg) onDone(done);
            } catch (err) {
              reject(err);
              return;
            }
            send(w);
          }
          if (pending === 0 && next >= tasks.length) resolve();
        });
      }
    });
  } finally {
    await Promise.all(threads.map((w) => w.terminate()));
  }
}
