/**
 * `npm run release:check`: is this checkout a release? Builds both store packages and AMO's sources zip from a
 * snapshot of the checkout (as `npm run zip` and `npm run zip:firefox` do), copies them to `.release/`, and checks
 * what a store reviewer would (docs/release.md): addons-linter, the manifests against the justifications, the
 * minimum browser versions, no loopback API, the version and the changelog, and a rebuild from the sources zip
 * compared file for file. Prints one line a check; exits 1 if any fails. Set WXT_PRISM_API_BASE for a submission.
 */
import { copyFile, mkdir, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { strFromU8 } from 'fflate';
import { ROOT } from '../tools/browsers/chromium';
import { WORKER_BUDGET_KB, WORKER_SCRIPT } from '../tools/bench/worker-budget';
import { justifiedAccess, manifestAccess, STORE_LANGUAGES } from '../tools/store/store-listing';
import {
  addonsLint,
  buildStorePackages,
  filesUnder,
  run,
  snapshotOfProject,
  unexplainedWarnings,
  unzipTo,
  wxt,
  zipEntries,
} from '../tools/store/store-packages';

/** The minimum Firefox versions, and why: docs/permissions.md (Chrome's is read from the manifest and that page). */
const FIREFOX_MIN = '140.0';
const FIREFOX_ANDROID_MIN = '142.0';
const PLACEHOLDER_API = 'https://api.prism.example';

type Outcome = 'ok' | 'FAIL' | 'warn';
const results: { outcome: Outcome; line: string }[] = [];
function report(outcome: Outcome, line: string): void {
  results.push({ outcome, line });
  console.log(`${outcome.padEnd(4)}  ${line}`);
}
const check = (ok: boolean, line: string, detail?: string) =>
  report(ok ? 'ok' : 'FAIL', ok || !detail ? line : `${line}: ${detail}`);
const same = (a: string[], b: string[]) => JSON.stringify(a) === JSON.stringify(b);

interface Manifest {
  version: string;
  permissions?: string[];
  host_permissions?: string[];
  content_scripts?: { matches?: string[] }[];
  minimum_chrome_version?: string;
  browser_specific_settings?: {
    gecko?: { strict_min_version?: string; data_collection_permissions?: { required?: string[] } };
    gecko_android?: { strict_min_version?: string };
  };
}

async function main(): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'prism-release-'));
  const project = await snapshotOfProject();
  try {
    console.log(`Building the store packages from a snapshot of ${ROOT}…`);
    const zips = await buildStorePackages(project, join(work, 'out'));
    const release = join(ROOT, '.release');
    await rm(release, { recursive: true, force: true });
    await mkdir(release, { recursive: true });
    for (const zip of Object.values(zips)) await copyFile(zip, join(release, basename(zip)));
    report(
      'ok',
      `packages in .release/: ${Object.values(zips)
        .map((z) => basename(z))
        .join(', ')}`,
    );

    const manifestIn = async (zip: string) =>
      JSON.parse(strFromU8((await zipEntries(zip))['manifest.json']!)) as Manifest;
    const chrome = await manifestIn(zips.chrome);
    const firefox = await manifestIn(zips.firefox);

    // addons-linter on the Firefox package.
    const lint = await addonsLint(zips.firefox);
    check(
      lint.errors.length === 0,
      'addons-linter: no errors',
      lint.errors.map((e) => `${e.code} ${e.file ?? ''}`).join('; '),
    );
    const unexplained = unexplainedWarnings(lint, await readFile(join(project, 'docs/permissions.md'), 'utf8'));
    check(
      unexplained.length === 0,
      `addons-linter: ${lint.warnings.length} warnings, each explained in docs/permissions.md and store/reviewer-notes.md (${lint.warnings.map((w) => w.code).join(', ')})`,
      unexplained.map((w) => `${w.code} ${w.file}`).join('; '),
    );

    // The permissions, against the justifications of every language.
    for (const lang of STORE_LANGUAGES) {
      const justified = justifiedAccess(await readFile(join(project, `store/${lang}/permissions.md`), 'utf8'));
      const c = manifestAccess(chrome);
      check(
        same(c.permissions, justified.permissions) && same(c.hosts, justified.hosts),
        `Chrome manifest asks for exactly what store/${lang}/permissions.md justifies (${[...c.permissions, ...c.hosts].join(', ')})`,
        `manifest ${JSON.stringify(c)} vs justified ${JSON.stringify(justified)}`,
      );
      const f = manifestAccess(firefox);
      check(
        f.permissions.every((p) => justified.permissions.includes(p)) && same(f.hosts, justified.hosts),
        `Firefox manifest asks for nothing store/${lang}/permissions.md does not justify (${[...f.permissions, ...f.hosts].join(', ')})`,
        `manifest ${JSON.stringify(f)} vs justified ${JSON.stringify(justified)}`,
      );
    }

    // Minimum versions and Firefox's data collection declaration.
    const permissionsDoc = await readFile(join(project, 'docs/permissions.md'), 'utf8');
    const chromeMin = chrome.minimum_chrome_version;
    check(
      !!chromeMin && permissionsDoc.includes(`Chrome ${chromeMin} or later** (\`minimum_chrome_version\`)`),
      `minimum_chrome_version ${chromeMin ?? '(none)'}, as docs/permissions.md says`,
      chromeMin ? 'docs/permissions.md does not name it' : 'the Chrome manifest has none',
    );
    const gecko = firefox.browser_specific_settings?.gecko;
    check(
      gecko?.strict_min_version === FIREFOX_MIN &&
        firefox.browser_specific_settings?.gecko_android?.strict_min_version === FIREFOX_ANDROID_MIN,
      `Firefox strict_min_version ${FIREFOX_MIN} (Android ${FIREFOX_ANDROID_MIN}): the first to read data_collection_permissions`,
      JSON.stringify(firefox.browser_specific_settings),
    );
    check(
      same(gecko?.data_collection_permissions?.required ?? [], ['browsingActivity']),
      'Firefox data_collection_permissions: required browsingActivity (store/en/data-use.md)',
    );

    // No loopback API in a store build; the API address it was built with.
    for (const [name, zip] of [
      ['Chrome', zips.chrome],
      ['Firefox', zips.firefox],
    ] as const) {
      const files = await zipEntries(zip);
      const loopback = Object.entries(files)
        .filter(([n]) => n.endsWith('.js'))
        .filter(([, bytes]) => /https?:\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?\//.test(strFromU8(bytes)))
        .map(([n]) => n);
      check(loopback.length === 0, `${name} package: no loopback API address in its code`, loopback.join(', '));
    }
    // The worker's script is parsed at every wake-up: its size stays within its budget (docs/bench.md).
    const worker = (await zipEntries(zips.chrome))[WORKER_SCRIPT];
    const workerKb = (worker?.length ?? Number.POSITIVE_INFINITY) / 1024;
    check(
      workerKb <= WORKER_BUDGET_KB,
      `Chrome package: ${WORKER_SCRIPT} within its budget of ${WORKER_BUDGET_KB} KiB`,
      worker ? `it is ${workerKb.toFixed(1)} KiB` : 'not in the package',
    );
    const base = process.env.WXT_PRISM_API_BASE;
    if (!base || base === PLACEHOLDER_API) {
      report(
        'warn',
        `API address: the placeholder ${PLACEHOLDER_API}; set WXT_PRISM_API_BASE=https://… for a submission`,
      );
    } else check(base.startsWith('https://'), `API address ${base} (https)`);

    // The version, the manifests and the changelog.
    const pkg = JSON.parse(await readFile(join(project, 'package.json'), 'utf8')) as { version: string };
    const changelog = await readFile(join(project, 'CHANGELOG.md'), 'utf8');
    const released = /^## \[(\d+\.\d+\.\d+)\] - \d{4}-\d{2}-\d{2}$/m.exec(changelog)?.[1];
    check(
      /^\d+(\.\d+){0,3}$/.test(pkg.version) && chrome.version === pkg.version && firefox.version === pkg.version,
      `version ${pkg.version} in package.json and both manifests`,
      `chrome ${chrome.version}, firefox ${firefox.version}`,
    );
    check(released === pkg.version, `CHANGELOG.md's latest release is ${pkg.version}`, `it is ${released ?? 'none'}`);

    // Rebuild from AMO's sources zip, as a reviewer would (npm ci, npm run build:firefox), and compare every file.
    const src = join(work, 'sources');
    await unzipTo(zips.sources, src);
    console.log('Rebuilding from the sources zip (npm ci, wxt build -b firefox)…');
    await run('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: src, maxBuffer: 64 << 20 });
    await wxt(['build', '-b', 'firefox'], join(src, '.output'), src);
    const rebuiltDir = join(src, '.output/firefox-mv2');
    const rebuilt = await filesUnder(rebuiltDir);
    const shipped = await zipEntries(zips.firefox);
    const shippedNames = Object.keys(shipped)
      .filter((n) => !n.endsWith('/'))
      .sort();
    const differing: string[] = [];
    for (const name of rebuilt) {
      const bytes = shipped[name];
      if (!bytes || !Buffer.from(bytes).equals(await readFile(join(rebuiltDir, name)))) differing.push(name);
    }
    check(
      same(rebuilt, shippedNames) && differing.length === 0,
      `the sources zip rebuilds the Firefox package: ${rebuilt.length} files, byte for byte`,
      `missing ${shippedNames.filter((n) => !rebuilt.includes(n)).join(', ') || 'none'}; differing ${differing.join(', ') || 'none'}`,
    );
    const sourceNames = await readdir(src);
    check(
      !sourceNames.some((n) => ['tests', 'scripts', 'data', 'store', 'publisher'].includes(n)),
      'the sources zip carries only what the extension is built from',
      sourceNames.join(', '),
    );
  } finally {
    await rm(work, { recursive: true, force: true });
    await rm(project, { recursive: true, force: true });
  }
  const failed = results.filter((r) => r.outcome === 'FAIL').length;
  console.log(failed ? `\n${failed} check(s) failed: not releasable.` : '\nRelease check passed.');
  process.exitCode = failed ? 1 : 0;
}

await main();
