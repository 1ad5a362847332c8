/**
 * A worker thread that stats a share of the catalogue's files (stat-all.ts): plain JavaScript, so it starts in a
 * few milliseconds. Answers with one Float64Array (stat-files.mjs says what it holds).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { STAT_STRIDE, statFiles } from './stat-files.mjs';

const { dir, names } = workerData;
const out = new Float64Array(names.length * STAT_STRIDE);
statFiles(dir, names, out);
parentPort.postMessage(out, [out.buffer]);
