/**
 * The store packages, built as a store receives them: `wxt zip` (Chrome), `wxt zip -b firefox` (Firefox and AMO's
 * sources zip), from a snapshot of the checkout, in a store build's environment. Used by the release check
 * (`npm run release:check`) and by tests/e2e/firefox/store-packages.e2e.ts.
 */
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { unzipSync } from 'fflate';
import { ROOT } from '../browsers/chromium';

export const run = promisify(execFile);
const bin = (name: string) => join(ROOT, 'node_modules/.bin', name);
/** A bundled file's content hash (`chunks/jsxRuntime-CHT8EhRR.js`), written `chunks/jsxRuntime-*.js` in docs. */
const HASHED = /^((?:chunks|assets)\/.+)-[\w-]{8}\.(js|css)$/;
const unhashed = (file: string) => file.replace(HASHED, '$1-*.$2');

export interface StorePackages {
  chrome: string;
  firefox: string;
  sources: string;
}

/**
 * The environment of a store build: not vitest's (its NODE_ENV=test makes another, location-dependent build), and
 * not a test build's (WXT_ALLOW_LOOPBACK_API).
 */
function storeBuildEnv(outDir: string): NodeJS.ProcessEnv {
  const test = (k: string) => k === 'NODE_ENV' || k === 'WXT_ALLOW_LOOPBACK_API' || k.startsWith('VITEST');
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !test(k)));
  return { ...env, WXT_OUT_DIR: outDir };
}

/** `wxt <args>` in `cwd` (default: the checkout) with its output in `outDir`. */
export const wxt = (args: string[], outDir: string, cwd = ROOT) =>
  run(join(cwd, 'node_modules/.bin/wxt'), args, { cwd, env: storeBuildEnv(outDir), maxBuffer: 64 << 20 });

export const zipEntries = async (zip: string) => unzipSync(new Uint8Array(await readFile(zip)));

export async function unzipTo(zip: string, dir: string): Promise<void> {
  for (const [name, bytes] of Object.entries(await zipEntries(zip))) {
    if (name.endsWith('/')) continue;
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), bytes);
  }
}

/** The files under `dir`, as sorted relative paths. */
export async function filesUnder(dir: string): Promise<string[]> {
  const found = await readdir(dir, { recursive: true, withFileTypes: true });
  return found
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

/**
 * A copy of the project to package, so that edits made in the checkout while the packages are built (the build
 * and the sources zip are seconds apart) cannot make them disagree. Its node_modules is the checkout's.
 */
export async function snapshotOfProject(): Promise<string> {
  const skip = new Set([
    'node_modules',
    '.git',
    '.output',
    '.wxt',
    '.scratch',
    '.demo',
    '.release',
    'dist',
    'coverage',
  ]);
  const dir = await mkdtemp(join(tmpdir(), 'prism-project-'));
  for (const entry of await readdir(ROOT)) {
    if (skip.has(entry) || entry.startsWith('test-results')) continue;
    await cp(join(ROOT, entry), join(dir, entry), { recursive: true });
  }
  await symlink(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

/** Builds the three store files of `project` into `out`. */
export async function buildStorePackages(project: string, out: string): Promise<StorePackages> {
  await wxt(['zip', '-b', 'firefox'], out, project);
  await wxt(['zip'], out, project);
  const names = await readdir(out);
  const pick = (suffix: string) => {
    const name = names.find((n) => n.endsWith(suffix));
    if (!name) throw new Error(`no *${suffix} among ${names.join(', ')}`);
    return join(out, name);
  };
  return { firefox: pick('-firefox.zip'), sources: pick('-sources.zip'), chrome: pick('-chrome.zip') };
}

export interface LintReport {
  errors: { code: string; message?: string; file?: string }[];
  warnings: { code: string; message?: string; file?: string }[];
}

/** Mozilla's addons-linter on a Firefox package (it exits non-zero on errors: the report says which). */
export async function addonsLint(pkg: string): Promise<LintReport> {
  const { stdout } = await run(bin('addons-linter'), ['--output', 'json', pkg], { maxBuffer: 64 << 20 }).catch(
    (err: { stdout?: string }) => ({ stdout: err.stdout ?? '' }),
  );
  return JSON.parse(stdout) as LintReport;
}

/**
 * The warnings no row of `doc`'s tables explains: a row names the warning's code and its file, both in backticks
 * (content hashes as `*`).
 */
export function unexplainedWarnings(report: LintReport, doc: string): { code: string; file: string }[] {
  const rows = doc.split('\n').filter((line) => line.startsWith('|'));
  return report.warnings
    .map((w) => ({ code: w.code, file: unhashed(w.file ?? '') }))
    .filter((w) => !rows.some((row) => row.includes(`\`${w.code}\``) && row.includes(`\`${w.file}\``)));
}
