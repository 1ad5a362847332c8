/**
 * Which folders the publisher may write into. It never deletes an output folder, but it does write into one, so it
 * refuses a folder that is not empty and holds no earlier publication, the catalogue itself, a folder inside the
 * catalogue or one that contains it, and the working directory. Paths are compared after resolving symbolic links.
 */
import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';

export const INDEX_DIR = '.prism-index';

/** What the output folder holds: nothing yet, or an earlier publication (possibly interrupted). */
type OutState = { kind: 'new'; exists: boolean } | { kind: 'publication'; hasIndexDir: boolean };

export type FolderCheck =
  { ok: true; catalogue: string; out: string; state: OutState } | { ok: false; message: string };

/** The real path of `p`, or of its deepest existing ancestor joined with the rest. */
function realish(p: string): string {
  const abs = resolve(p);
  if (existsSync(abs)) return realpathSync(abs);
  const parent = dirname(abs);
  return parent === abs ? abs : join(realish(parent), basename(abs));
}

function isInside(child: string, parent: string): boolean {
  const rel = relative(parent, child);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
}

/** An earlier publication: the publisher's index folder, a v2 publication, or one of the v1 publisher's. */
function holdsPublication(out: string): boolean {
  return (
    existsSync(join(out, INDEX_DIR)) || existsSync(join(out, 'v2/meta.json')) || existsSync(join(out, 'v1/meta.json'))
  );
}

export function checkFolders(catalogueDir: string, outDir: string, cwd = process.cwd()): FolderCheck {
  const catalogue = realish(catalogueDir);
  const out = realish(outDir);
  const here = realish(cwd);
  if (!existsSync(catalogue) || !statSync(catalogue).isDirectory()) {
    return { ok: false, message: `the catalogue ${catalogueDir} is not a folder` };
  }
  if (out === here) {
    const message = `refusing to publish into the working directory (${out}): give the API a folder of its own`;
    return { ok: false, message };
  }
  if (out === catalogue) {
    return { ok: false, message: `refusing to publish into the catalogue itself (${out}): give another output folder` };
  }
  if (isInside(out, catalogue)) {
    return { ok: false, message: `refusing to publish into ${out}: it is inside the catalogue ${catalogue}` };
  }
  if (isInside(catalogue, out)) {
    return { ok: false, message: `refusing to publish into ${out}: the catalogue ${catalogue} is inside it` };
  }
  if (!existsSync(out)) return { ok: true, catalogue, out, state: { kind: 'new', exists: false } };
  if (!statSync(out).isDirectory()) return { ok: false, message: `${out} exists and is not a folder` };
  if (readdirSync(out).length === 0) return { ok: true, catalogue, out, state: { kind: 'new', exists: true } };
  if (!holdsPublication(out)) {
    return {
      ok: false,
      message:
        `refusing to publish into ${out}: it is not empty and holds no earlier publication ` +
        `(no ${INDEX_DIR}/, v2/meta.json or v1/meta.json); give an empty or new folder`,
    };
  }
  return { ok: true, catalogue, out, state: { kind: 'publication', hasIndexDir: existsSync(join(out, INDEX_DIR)) } };
}
