/**
 * Store readiness, for both browsers, from the packages a store receives (`wxt zip`, `wxt zip -b firefox`, built
 * into a temporary folder): the Firefox package installs in Firefox and passes addons-linter (no error, and only
 * warnings docs/permissions.md explains); AMO's sources zip holds what rebuilding takes and nothing else, and
 * rebuilds to the same extension; the Chrome package, unzipped, loads in Chromium (worker started, popup shown).
 */
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { strFromU8, unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchWithExtension, ROOT } from '../../../scripts/lib/chromium';
import { launchFirefox, openPopup } from '../../../scripts/lib/firefox';

const run = promisify(execFile);
/** A bundled file's content hash (`chunks/jsxRuntime-CHT8EhRR.js`). */
const HASHED = /^((?:chunks|assets)\/.+)-[\w-]{8}\.(js|css)$/;
const bin = (name: string) => join(ROOT, 'node_modules/.bin', name);
let out: string;
let zips: { firefox: string; sources: string; chrome: string };

/**
 * The environment of a store build: not vitest's (its NODE_ENV=test makes another, location-dependent build), and
 * not a test build's (WXT_ALLOW_LOOPBACK_API).
 */
function buildEnv(outDir: string): NodeJS.ProcessEnv {
  const test = (k: string) => k === 'NODE_ENV' || k === 'WXT_ALLOW_LOOPBACK_API' || k.startsWith('VITEST');
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !test(k)));
  return { ...env, WXT_OUT_DIR: outDir };
}

/** `wxt <args>` in `cwd` with its output in `outDir`. */
const wxt = (args: string[], outDir: string, cwd = ROOT) =>
  run(bin('wxt'), args, { cwd, env: buildEnv(outDir), maxBuffer: 64 << 20 });

const entries = async (zip: string) => unzipSync(new Uint8Array(await readFile(zip)));

async function unzipTo(zip: string, dir: string): Promise<void> {
  for (const [name, bytes] of Object.entries(await entries(zip))) {
    if (name.endsWith('/')) continue;
    await mkdir(dirname(join(dir, name)), { recursive: true });
    await writeFile(join(dir, name), bytes);
  }
}

async function filesUnder(dir: string): Promise<string[]> {
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
async function snapshotOfProject(): Promise<string> {
  const skip = new Set(['node_modules', '.git', '.output', '.wxt', '.scratch', '.demo', 'dist', 'coverage']);
  const dir = await mkdtemp(join(tmpdir(), 'prism-project-'));
  for (const entry of await readdir(ROOT)) {
    if (skip.has(entry) || entry.startsWith('test-results')) continue;
    await cp(join(ROOT, entry), join(dir, entry), { recursive: true });
  }
  await symlink(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

let project: string;
beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), 'prism-zip-'));
  project = await snapshotOfProject();
  await wxt(['zip', '-b', 'firefox'], out, project);
  await wxt(['zip'], out, project);
  const names = await readdir(out);
  const pick = (suffix: string) => {
    const name = names.find((n) => n.endsWith(suffix));
    if (!name) throw new Error(`no *${suffix} among ${names.join(', ')}`);
    return join(out, name);
  };
  zips = { firefox: pick('-firefox.zip'), sources: pick('-sources.zip'), chrome: pick('-chrome.zip') };
}, 120_000);
afterAll(async () => {
  for (const dir of [out, project]) if (dir) await rm(dir, { recursive: true, force: true });
});

describe('the Firefox package', () => {
  it('installs in Firefox as it is, and its popup renders', async () => {
    const fx = await launchFirefox({ extensionDir: zips.firefox });
    try {
      const popup = await openPopup(fx, 1);
      await popup.waitForSelector('.app-header h1', { visible: true });
      expect(await popup.$eval('.app-header h1', (h) => h.textContent)).toBe('PRISM Lens');
      expect(fx.output.takeExtensionErrors()).toEqual([]);
    } finally {
      await fx.close();
    }
  });

  it('passes addons-linter: no errors, and only warnings docs/permissions.md explains', async () => {
    const { stdout } = await run(bin('addons-linter'), ['--output', 'json', zips.firefox], {
      maxBuffer: 64 << 20,
    }).catch((err: { stdout?: string }) => ({ stdout: err.stdout ?? '' })); // it exits non-zero on errors
    const report = JSON.parse(stdout) as { errors: { code: string }[]; warnings: { code: string; file?: string }[] };
    expect(report.errors).toEqual([]);
    const explained = await readFile(join(project, 'docs/permissions.md'), 'utf8');
    // A row of the doc's lint table names the code and the file (content hashes as `*`).
    const rows = explained.split('\n').filter((line) => line.startsWith('|'));
    const unexplained = report.warnings
      .map((w) => ({ code: w.code, file: (w.file ?? '').replace(HASHED, '$1-*.$2') }))
      .filter((w) => !rows.some((row) => row.includes(`\`${w.code}\``) && row.includes(`\`${w.file}\``)));
    expect(unexplained).toEqual([]);
  });
});

describe("AMO's sources zip", () => {
  it('holds what rebuilding takes and nothing else', async () => {
    const names = Object.keys(await entries(zips.sources));
    for (const needed of ['package.json', 'package-lock.json', 'wxt.config.ts', 'tsconfig.json', 'README.md']) {
      expect(names).toContain(needed);
    }
    expect(names.some((n) => n.startsWith('entrypoints/background/'))).toBe(true);
    const unwanted = /^(node_modules|\.output|\.scratch|\.wxt|\.git|tests|data|scripts|test-results|coverage)\//;
    expect(names.filter((n) => unwanted.test(n) || /\.(test|spec|e2e)\.tsx?$/.test(n))).toEqual([]);
  });

  it('rebuilds to the same Firefox extension', async () => {
    const src = await mkdtemp(join(tmpdir(), 'prism-sources-'));
    try {
      await unzipTo(zips.sources, src);
      await symlink(join(ROOT, 'node_modules'), join(src, 'node_modules')); // `npm ci` for a reviewer
      await wxt(['build', '-b', 'firefox'], join(src, '.output'), src);
      const rebuilt = join(src, '.output/firefox-mv2');
      const shipped = await entries(zips.firefox);
      expect(await filesUnder(rebuilt)).toEqual(
        Object.keys(shipped)
          .filter((n) => !n.endsWith('/'))
          .sort(),
      );
      for (const file of ['manifest.json', 'background.js']) {
        expect(await readFile(join(rebuilt, file), 'utf8'), file).toBe(strFromU8(shipped[file]!));
      }
    } finally {
      await rm(src, { recursive: true, force: true });
    }
  });
});

describe('the Chrome package', () => {
  it('loads in Chromium from its unzipped contents: the service worker starts and the popup renders', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'prism-chrome-zip-'));
    try {
      await unzipTo(zips.chrome, dir);
      const b = await launchWithExtension({ extensionDir: dir, headless: true });
      try {
        expect(b.extensionId).toMatch(/^[a-p]{32}$/);
        const [worker] = b.ctx.serviceWorkers();
        expect(worker?.url()).toBe(`chrome-extension://${b.extensionId}/background.js`);
        const popup = await b.ctx.newPage();
        await popup.goto(`chrome-extension://${b.extensionId}/popup.html?tab=1`);
        await popup.locator('.app-header h1').waitFor();
        expect(await popup.locator('.app-header h1').textContent()).toBe('PRISM Lens');
      } finally {
        await b.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
