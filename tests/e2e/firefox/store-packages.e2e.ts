/**
 * Store readiness, for both browsers, from the packages a store receives (`wxt zip`, `wxt zip -b firefox`, built
 * into a temporary folder): the Firefox package installs in Firefox and passes addons-linter (no error, and only
 * warnings docs/permissions.md explains); AMO's sources zip holds what rebuilding takes and nothing else, and
 * rebuilds to the same extension; the Chrome package, unzipped, loads in Chromium (worker started, popup shown).
 */
import { mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8 } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchWithExtension, ROOT } from '../../../tools/browsers/chromium';
import { launchFirefox, openPopup } from '../../../tools/browsers/firefox';
import {
  addonsLint,
  buildStorePackages,
  filesUnder,
  snapshotOfProject,
  unexplainedWarnings,
  unzipTo,
  wxt,
  zipEntries as entries,
  type StorePackages,
} from '../../../tools/store/store-packages';

let out: string;
let zips: StorePackages;
let project: string;
beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), 'prism-zip-'));
  project = await snapshotOfProject();
  zips = await buildStorePackages(project, out);
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
    const report = await addonsLint(zips.firefox);
    expect(report.errors).toEqual([]);
    const unexplained = unexplainedWarnings(report, await readFile(join(project, 'docs/permissions.md'), 'utf8'));
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
    // The publisher (publisher/) and the tools (tools/) are not what the extension is built from.
    const unwanted =
      /^(node_modules|\.output|\.scratch|\.wxt|\.git|tests|data|scripts|publisher|tools|test-results|coverage)\//;
    expect(names.filter((n) => unwanted.test(n) || /\.(test|spec|e2e)\.tsx?$/.test(n))).toEqual([]);
    expect(names.filter((n) => /(^|\/)publish(-[a-z]+)?\.ts$/.test(n))).toEqual([]);
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
