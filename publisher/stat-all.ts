/**
 * Stats every file of the catalogue: for a large catalogue, in worker threads (a stat is a system call, and a
 * million of them is most of an incremental run), leaving this thread free meanwhile (`meanwhile`: the caller
 * builds its index lookups). Per name: size, mtimeMs, ctimeMs, ino, kind (stat-files.mjs, shared with the workers).
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { STAT_STRIDE, statFiles } from './stat-files.mjs';

export { STAT_STRIDE };
/** Below this many files, one thread. */
const MIN_FOR_THREADS = 50_000;

export async function statAll(
  dir: string,
  names: string[],
  opts: { threads?: number; minForThreads?: number; meanwhile?: () => void } = {},
): Promise<Float64Array> {
  const out = new Float64Array(names.length * STAT_STRIDE);
  const threads = opts.threads ?? availableParallelism();
  if (names.length < (opts.minForThreads ?? MIN_FOR_THREADS) || threads <= 1) {
    opts.meanwhile?.();
    statFiles(dir, names, out);
    return out;
  }
  const shares = Math.max(1, Math.min(threads, 4, names.length));
  const size = Math.ceil(names.length / shares);
  const workers = Array.from({ length: shares }, (_, k) => {
    const from = k * size;
    const part = names.slice(from, from + size);
    return new Promise<void>((resolve, reject) => {
      const w = new Worker(new URL('./stat-worker.mjs', import.meta.url), { workerData: { dir, names: part } });
      w.once('message', (stats: Float64Array) => {
        out.set(stats, from * STAT_STRIDE);
        resolve();
      });
      w.once('error', reject);
    });
  });
  opts.meanwhile?.();
  await Promise.all(workers);
  return out;
}
