/**
 * Debian's Chromium with the built extension loaded (playwright-core, no browser download), for the demo, the
 * end-to-end tests and the bench.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Worker } from 'playwright-core';

export const ROOT = resolve(import.meta.dirname, '../..');
/** The build's folder: `.output`, or `$WXT_OUT_DIR` (wxt.config.ts reads the same variable). */
export const OUTPUT_DIR = resolve(ROOT, process.env.WXT_OUT_DIR ?? '.output');
export const EXTENSION_DIR = join(OUTPUT_DIR, 'chrome-mv3');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface ExtensionBrowser {
  ctx: BrowserContext;
  extensionId: string;
  close(): Promise<void>;
}

export interface LaunchOptions {
  headless?: boolean;
  locale?: string;
  colorScheme?: 'light' | 'dark';
  /** A profile folder to keep; by default a temporary one, removed on close. */
  profileDir?: string;
  /** The unpacked extension to load (default EXTENSION_DIR, the build); `null` loads none (extensionId is ''). */
  extensionDir?: string | null;
  /** More command-line switches, e.g. `--host-resolver-rules=…` (tools/servers/news-sites.ts). */
  args?: string[];
  /**
   * Keep the welcome tab the extension opens on install (entrypoints/background/welcome.ts). By default it is closed
   * as soon as it appears (waiting up to WELCOME_WAIT_MS): a test or bench should not run next to an extra page and
   * its renderer (the page-cost bench's floor browser has none).
   */
  keepWelcome?: boolean;
}

/** How long a launch waits for the welcome tab of a fresh install, to close it. It opens well within this. */
export const WELCOME_WAIT_MS = 2000;

/** Closes the welcome tab the install opens (waiting up to `timeoutMs` for it); says whether there was one. */
async function closeWelcomeTab(ctx: BrowserContext, extensionId: string, timeoutMs = WELCOME_WAIT_MS) {
  const url = `chrome-extension://${extensionId}/welcome.html`;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const welcome = ctx.pages().find((p) => p.url() === url);
    if (welcome) {
      await welcome.close();
      return true;
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

/** Chromium's UI locales are bare languages (`ko`, `de`) except a few regional ones (`en-US`, `pt-BR`, `zh-TW`). */
function chromiumUiLocale(locale: string): string {
  const regional = ['en-US', 'en-GB', 'es-419', 'pt-BR', 'pt-PT', 'zh-CN', 'zh-TW'];
  return regional.includes(locale) ? locale : (locale.split('-')[0] ?? locale);
}

export async function launchWithExtension(opts: LaunchOptions = {}): Promise<ExtensionBrowser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install -y chromium`);
  const extensionDir = opts.extensionDir === undefined ? EXTENSION_DIR : opts.extensionDir;
  if (extensionDir === EXTENSION_DIR && !existsSync(join(EXTENSION_DIR, 'manifest.json'))) {
    throw new Error('no build: run `npm run build` first');
  }
  if (extensionDir && !existsSync(join(extensionDir, 'manifest.json'))) {
    throw new Error(`no manifest in ${extensionDir}`);
  }
  const profile = opts.profileDir ?? (await mkdtemp(join(tmpdir(), 'prism-profile-')));
  const headless = opts.headless ?? true;
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless,
    locale: opts.locale ?? 'en-US',
    colorScheme: opts.colorScheme ?? 'light',
    viewport: headless ? { width: 1280, height: 800 } : null,
    args: [
      ...(extensionDir ? [`--disable-extensions-except=${extensionDir}`, `--load-extension=${extensionDir}`] : []),
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // The browser's UI language, which picks the extension's _locales (the locale option alone sets only
      // navigator.language here).
      ...(opts.locale ? [`--lang=${chromiumUiLocale(opts.locale)}`] : []),
      ...(opts.args ?? []),
    ],
  });
  const sw = extensionDir
    ? (ctx.serviceWorkers()[0] ?? (await ctx.waitForEvent('serviceworker', { timeout: 15_000 })))
    : null;
  const extensionId = sw ? new URL(sw.url()).host : '';
  if (extensionId && !opts.keepWelcome) await closeWelcomeTab(ctx, extensionId);
  return {
    ctx,
    extensionId,
    async close() {
      await ctx.close();
      if (!opts.profileDir) await rm(profile, { recursive: true, force: true });
    },
  };
}

/** The live service worker (it may have been stopped and restarted since launch). */
export async function serviceWorker(ctx: BrowserContext): Promise<Worker> {
  return ctx.serviceWorkers()[0] ?? (await ctx.waitForEvent('serviceworker', { timeout: 15_000 }));
}

export async function setApiBase(ctx: BrowserContext, base: string): Promise<void> {
  const sw = await serviceWorker(ctx);
  await sw.evaluate((value) => chrome.storage.local.set({ apiBase: value }), base);
}

/**
 * The id of the tab showing `url`, found through the page report its content script made (the extension has no
 * `tabs` permission, so `chrome.tabs.query` does not tell URLs). Waits for the report.
 */
export async function tabIdOf(ctx: BrowserContext, url: string, timeoutMs = 10_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const sw = await serviceWorker(ctx);
    const id = await sw.evaluate(async (u) => {
      const all = await chrome.storage.session.get(null);
      const hit = Object.entries(all).find(([, v]) => (v as { page?: { url?: string } })?.page?.url === u);
      return hit ? Number(hit[0].slice('tab:'.length)) : null;
    }, url);
    if (id !== null) return id;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no tab reported ${url}`);
}

/**
 * Waits until the extension holds the key set of its current API base (downloaded after setApiBase): the
 * background writes `keyset` in storage.session once it has checked meta.json.
 */
export async function waitForKeySet(ctx: BrowserContext, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const sw = await serviceWorker(ctx);
    const ready = await sw.evaluate(async () => {
      const { apiBase } = (await chrome.storage.local.get('apiBase')) as { apiBase?: string };
      const { keyset } = (await chrome.storage.session.get('keyset')) as { keyset?: { base: string } };
      return keyset?.base === apiBase;
    });
    if (ready) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('the extension did not download the key set of its API');
}

/** Switches that put every news site on the local page server (tools/servers/news-sites.ts), http and https. */
export const newsSiteArgs = (hostResolverRules: string) => [
  `--host-resolver-rules=${hostResolverRules}`,
  '--ignore-certificate-errors',
];
