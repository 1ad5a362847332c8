/**
 * Stats catalogue files, in plain JavaScript so that stat-all.ts's worker threads (stat-worker.mjs) start in a few
 * milliseconds without a TypeScript loader; stat-all.ts calls it in its own thread for a small catalogue. Types:
 * stat-files.d.mts.
 */
import { lstatSync } from 'node:fs';
import { join } from 'node:path';

/** Numbers per name: size, mtimeMs, ctimeMs, ino, kind (1 file, 2 symbolic link, 0 other, -1 gone). */
export const STAT_STRIDE = 5;

/** Writes the stats of `names[from..to)` (files in `dir`) into `out` at their own index × STAT_STRIDE. */
export function statFiles(dir, names, out, from = 0, to = names.length) {
  for (let i = from; i < to; i++) {
    const st = lstatSync(join(dir, names[i]), { throwIfNoEntry: false });
    if (st === undefined) out[i * STAT_STRIDE + 4] = -1;
    else
      out.set(
        [st.size, st.mtimeMs, st.ctimeMs, st.ino, st.isFile() ? 1 : st.isSymbolicLink() ? 2 : 0],
        i * STAT_STRIDE,
      );
  }
}
