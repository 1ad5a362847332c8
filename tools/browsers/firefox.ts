/**
 * Debian's Firefox ESR with the built extension installed as a temporary add-on, driven by puppeteer-core over
 * WebDriver BiDi (there is no geckodriver here, and nothing is downloaded): for the Firefox end-to-end tests and
 * screenshots. The launch sets what a test needs to control: a fixed moz-extension UUID, the browser's language
 * (Korean through Debian's language pack), light or dark, an HTTP proxy that sends every page to the local
 * news-sites server (tools/servers/news-sites.ts), and a download folder. Extension pages, the background and the
 * sidebar are reached through tools/browsers/firefox-pages.ts and tools/browsers/firefox-sidebar.ts, re-exported here.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { OUTPUT_DIR, WELCOME_WAIT_MS } from './chromium';
import { watchFirefoxOutput, type FirefoxOutput } from './firefox-output';
import { openExtensionPage, type InExtensionPage } from './firefox-pages';

export * from './firefox-output';
export * from './firefox-pages';
export * from './firefox-sidebar';

const FIREFOX = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';
/** The Firefox build (`npm run build:firefox`), under `$WXT_OUT_DIR` like the Chrome one. */
const FIREFOX_EXTENSION_DIR = join(OUTPUT_DIR, 'firefox-mv2');
/** Fixed, so extension page addresses are known before launch (`extensions.webextensions.uuids`). */
export const EXTENSION_UUID = '6a1d3c2e-9b4f-4e7a-8c5d-0f1e2d3c4b5a';

export interface FirefoxLaunchOptions {
  headless?: boolean;
  /** The browser's language: `en-US` (default) or e.g. `ko` (needs Debian's `firefox-esr-l10n-ko`). */
  locale?: string;
  colorScheme?: 'light' | 'dark';
  /** The news-sites server's port: every http page request goes there (its requests carry absolute URLs). */
  proxyPort?: number;
  /** The add-on to install: an unpacked folder (default: the build) or a zip/xpi. */
  extensionDir?: string;
  /** Where downloads land without asking (library exports). */
  downloadDir?: string;
  /** Keep the welcome tab the install opens (closed by default, as in tools/browsers/chromium.ts `keepWelcome`). */
  keepWelcome?: boolean;
}

/** Closes the welcome tab the install opens (waiting up to `timeoutMs` for it); says whether there was one. */
async function closeWelcomeTab(browser: Browser, origin: string, timeoutMs = WELCOME_WAIT_MS) {
  const url = `${origin}/welcome.html`;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    // BiDi reports no navigation of extension pages (their url() stays about:blank): ask each tab where it is.
    for (const p of await browser.pages()) {
      if ((await p.evaluate(() => location.href).catch(() => '')) === url) {
        await p.close();
        return true;
      }
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

export interface FirefoxExtensionBrowser {
  browser: Browser;
  /** `moz-extension://<uuid>` */
  origin: string;
  geckoId: string;
  /** An extension page kept open in a background tab, to call extension APIs from (firefox-pages.ts). */
  probe: Page;
  /** What Firefox printed: extension JavaScript errors come only this way. */
  output: FirefoxOutput;
  close(): Promise<void>;
}

const isArchive = (path: string) => /\.(zip|xpi)$/.test(path);

/** The gecko id an add-on (folder or zip) declares, for the UUID pref and the sidebar's id. */
function geckoIdOf(extension: string): string {
  const text = isArchive(extension)
    ? strFromU8(unzipSync(readFileSync(extension), { filter: (f) => f.name === 'manifest.json' })['manifest.json']!)
    : readFileSync(join(extension, 'manifest.json'), 'utf8');
  const manifest = JSON.parse(text) as { browser_specific_settings?: { gecko?: { id?: string } } };
  const id = manifest.browser_specific_settings?.gecko?.id;
  if (!id) throw new Error(`${extension}: the manifest declares no browser_specific_settings.gecko.id`);
  return id;
}

function firefoxPrefs(opts: FirefoxLaunchOptions, geckoId: string): Record<string, unknown> {
  const dark = opts.colorScheme === 'dark';
  const locale = opts.locale ?? 'en-US';
  return {
    'extensions.webextensions.uuids': JSON.stringify({ [geckoId]: EXTENSION_UUID }),
    // The language of Firefox's UI, which picks the extension's _locales, and of navigator.language.
    'intl.locale.requested': locale,
    'intl.accept_languages': locale === 'ko' || locale.startsWith('ko-') ? 'ko-KR, ko' : `${locale}, en`,
    // Light or dark, for browser UI and every page (extension pages included).
    'ui.systemUsesDarkTheme': dark ? 1 : 0,
    'layout.css.prefers-color-scheme.content-override': dark ? 0 : 1,
    // The sample pages live at http:// addresses of real sites: no upgrade attempt to https.
    // …nor through Firefox's HSTS preload list (www.theguardian.com is on it: the https request would bypass the
    // http proxy and fail to resolve).
    'dom.security.https_first': false,
    'dom.security.https_first_schemeless': false,
    'network.stricttransportsecurity.preloadlist': false,
    ...(opts.proxyPort
      ? {
          'network.proxy.type': 1,
          'network.proxy.http': '127.0.0.1',
          'network.proxy.http_port': opts.proxyPort,
          'network.proxy.no_proxies_on': '127.0.0.1,localhost',
        }
      : {}),
    ...(opts.downloadDir
      ? {
          'browser.download.dir': opts.downloadDir,
          'browser.download.folderList': 2,
          'browser.download.useDownloadDir': true,
          'browser.download.always_ask_before_handling_new_types': false,
          'browser.download.alwaysOpenPanel': false,
          'browser.download.start_downloads_in_tmp_dir': false,
        }
      : {}),
  };
}

export async function launchFirefox(opts: FirefoxLaunchOptions = {}): Promise<FirefoxExtensionBrowser> {
  if (!existsSync(FIREFOX)) throw new Error(`${FIREFOX} is missing: apt-get install -y firefox-esr`);
  const extension = opts.extensionDir ?? FIREFOX_EXTENSION_DIR;
  if (!existsSync(isArchive(extension) ? extension : join(extension, 'manifest.json'))) {
    throw new Error(`no Firefox build in ${extension}: run \`npm run build:firefox\` first`);
  }
  const geckoId = geckoIdOf(extension);
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX,
    headless: opts.headless ?? true,
    protocol: 'webDriverBiDi',
    // Without it, BiDi refuses to navigate to moz-extension:// pages and to reach the chrome window (sidebar).
    args: ['--remote-allow-system-access'],
    extraPrefsFirefox: firefoxPrefs(opts, geckoId),
  });
  const output = watchFirefoxOutput(browser, `moz-extension://${EXTENSION_UUID}`);
  try {
    const installed = await browser.installExtension(extension); // a temporary add-on, gone with the profile
    if (installed !== geckoId) throw new Error(`installed ${installed}, expected ${geckoId}`);
    const origin = `moz-extension://${EXTENSION_UUID}`;
    if (!opts.keepWelcome) await closeWelcomeTab(browser, origin);
    const probe = await openExtensionPage(browser, `${origin}/options.html`);
    await checkLocale(probe, opts.locale);
    return {
      browser,
      origin,
      geckoId,
      probe,
      output,
      close: () => browser.close(),
    };
  } catch (err) {
    await browser.close();
    throw err;
  }
}

/** Firefox quietly falls back to English when the language pack is missing: say so instead. */
async function checkLocale(probe: Page, locale: string | undefined): Promise<void> {
  if (!locale || locale.startsWith('en')) return;
  const ui = await probe.evaluate(() => (globalThis as unknown as InExtensionPage).browser.i18n.getUILanguage());
  const want = locale.split('-')[0] ?? locale;
  if (!ui.toLowerCase().startsWith(want)) {
    throw new Error(`Firefox runs in ${ui}, not ${locale}: apt-get install -y firefox-esr-l10n-${want}`);
  }
}
