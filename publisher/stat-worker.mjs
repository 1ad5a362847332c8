/**
 * A worker thread that stats a share of the catalogue's files (stat-all.ts): plain JavaScript, so it starts in a
 * few milliseconds. Answers with one Float64Array: size, mtimeMs, ctimeMs, ino, kind (1 file, 2 symbolic link, 0 other, -1 gone).
 */
import { lstatSync } from 'node:fs';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';

const { dir, names } = workerData;
const out = new Float64Array(names.length * 5);
for (let i = 0; i < names.length; i++) {
  const st = lstatSync(join(dir, names[i]), { throwIfNoEntry: false });
  if (st === undefined) out[i * 5 + 4] = -1;
  else out.set([st.size, st.mtimeMs, st.ctimeMs, st.ino, st.isFile() ? 1 : st.isSymbolicLink() ? 2 : 0], i * 5);
}
parentPort.postMessage(out, [out.buffer]);
