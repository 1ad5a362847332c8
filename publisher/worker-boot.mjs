/**
 * Entry of a publisher worker thread: registers tsx's loader in this thread (a worker started from vitest or from
 * plain node has none), then loads the TypeScript module named in workerData.entry.
 */
import { register } from 'tsx/esm/api';
import { workerData } from 'node:worker_threads';

register();
await import(workerData.entry);
