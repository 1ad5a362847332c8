import { defineConfig } from 'wxt';
import { resolve } from 'node:path';
import preact from '@preact/preset-vite';
import { OVERLAY_COMMAND } from './utils/messages';

// Thin entrypoints over pure utils/: auto-imports are off so every module says what it uses and
// the same files run in Node (publisher, tests) and in the extension.
// Every permission is explained in docs/permissions.md.
export default defineConfig({
  // WXT_OUT_DIR lets several builds (tests, benches, a second checkout's tools) live side by side.
  outDir: process.env.WXT_OUT_DIR ?? '.output',
  imports: false,
  modules: ['@wxt-dev/webextension-polyfill', '@wxt-dev/i18n/module'],
  vite: () => ({
    plugins: [preact()],
    // Rolldown's cross-module constant inlining copies an imported string into every place that uses it: tldts's
    // 68 KB public-suffix label text was in the worker three times (477 KB instead of 337 KB; docs/bench.md,
    // "Worker wake-up"). Off, each constant is written once; the other bundles change by a few bytes.
    build: { rolldownOptions: { optimization: { inlineConst: false } } },
  }),
  // Store packages (npm run zip, npm run zip:firefox). AMO reviews the sources of the Firefox build: the zip has
  // what rebuilding it takes (`npm ci && npm run build:firefox`, docs/firefox.md) and nothing else: no tests,
  // sample data, scripts, tools, publisher (publisher/ is not part of the extension), outputs or node_modules
  // (tests/e2e/firefox/store-packages.e2e.ts rebuilds from it).
  zip: {
    includeSources: [
      'package.json',
      'package-lock.json',
      'wxt.config.ts',
      'tsconfig.json',
      'env.d.ts',
      'README.md',
      'docs/firefox.md',
      'docs/permissions.md',
      'assets/**',
      'public/**',
      'locales/**',
      'entrypoints/**',
      'adapters/**',
      'components/**',
      'stores/**',
      'utils/**',
    ],
  },
  hooks: {
    // The scripts that run in pages (the content script, and the detector it loads on demand) use the browsers'
    // native promise-based API (Chrome MV3 and Firefox content scripts both have one) instead of the ~3.5 KB gzip
    // webextension polyfill.
    'vite:build:extendConfig'(entrypoints, config) {
      if (!entrypoints.every((e) => e.type === 'content-script' || e.type === 'unlisted-script')) return;
      // And a `browser` a page cannot clobber (adapters/page-browser.ts says how it could).
      const own = resolve(import.meta.dirname, 'adapters/page-browser.ts');
      const alias = config.resolve?.alias;
      if (Array.isArray(alias)) {
        config.resolve!.alias = [
          { find: /^wxt\/browser$/, replacement: own },
          ...alias.filter((a) => a.find !== 'wxt/browser'),
        ];
      } else if (alias && typeof alias === 'object') (alias as Record<string, string>)['wxt/browser'] = own;
      else config.resolve = { ...config.resolve, alias: { 'wxt/browser': own } };
    },
  },
  manifest: ({ browser }) => {
    const firefox = browser === 'firefox';
    return {
      name: '__MSG_extName__',
      description: '__MSG_extDescription__',
      default_locale: 'en',
      // unlimitedStorage: the library is the reader's own data; the browser never evicts it (no install warning).
      permissions: ['storage', 'unlimitedStorage', 'contextMenus', 'alarms', ...(firefox ? [] : ['sidePanel'])],
      // The content script is an unlisted script (entrypoints/page-reporter.ts says why), declared here.
      content_scripts: [{ matches: ['http://*/*', 'https://*/*'], js: ['page-reporter.js'], run_at: 'document_idle' }],
      // The detector and the overlay are imported by the content script on demand (the overlay only after a
      // confirmed match), and the overlay's reading card is an extension page framed in the article. Chrome: only
      // through a per-session URL, so a page cannot probe for them; Firefox's moz-extension:// host is random per
      // install already (docs/architecture.md, "Overlay").
      web_accessible_resources: firefox
        ? ['detector.js', 'overlay.js', 'overlay-card.html', 'link-marks.js']
        : [
            {
              resources: ['detector.js', 'overlay.js', 'overlay-card.html', 'link-marks.js'],
              matches: ['http://*/*', 'https://*/*'],
              use_dynamic_url: true,
            },
          ],
      action: { default_title: '__MSG_actionTitle__' },
      // Alt+Shift+P / S / O / K: no browser default (Chrome keeps Alt+Shift+A, I and T), and none of the common
      // password managers' defaults (Ctrl+Shift+L/Y/9/X, Ctrl+., Alt+PgUp/PgDn) use them. Chrome takes at most 4
      // suggested keys (these are 4: a fifth command would need none); Firefox has no such limit.
      commands: {
        [firefox ? '_execute_browser_action' : '_execute_action']: {
          suggested_key: { default: 'Alt+Shift+P' },
          description: '__MSG_commandPopup__',
        },
        [firefox ? '_execute_sidebar_action' : 'open-side-panel']: {
          suggested_key: { default: 'Alt+Shift+S' },
          description: '__MSG_commandSidePanel__',
        },
        // entrypoints/background/overlay-tabs.ts: the reading card on the article.
        [OVERLAY_COMMAND]: {
          suggested_key: { default: 'Alt+Shift+O' },
          description: '__MSG_commandOverlay__',
        },
        // entrypoints/background/save-command.ts: save this page's analysis (K for "keep").
        'save-story': {
          suggested_key: { default: 'Alt+Shift+K' },
          description: '__MSG_commandSave__',
        },
      },
      // Chrome 132: the first release with `use_dynamic_url` enforced (130) and the content script's import of a
      // dynamic-URL module allowed (crbug.com/363027634, fixed after 131 branched). docs/permissions.md says why.
      ...(firefox ? {} : { minimum_chrome_version: '132' }),
      ...(firefox
        ? {
            browser_specific_settings: {
              gecko: {
                id: 'prism-lens@prism.news',
                // 140 (ESR 140, June 2025) is the first Firefox that reads data_collection_permissions below; an
                // older one would install the add-on without showing the reader what it collects.
                strict_min_version: '140.0',
                // docs/privacy.md: on a page PRISM has analysed, a 5-hex-digit prefix of the page's key is sent to
                // PRISM to confirm it, which tells PRISM that one of its analysed articles was visited: browsing
                // activity, declared as such. Nothing is sent for any other page; there are no analytics.
                data_collection_permissions: { required: ['browsingActivity'] },
              },
              // Firefox for Android reads data_collection_permissions from 142.
              gecko_android: { strict_min_version: '142.0' },
            },
          }
        : {}),
    };
  },
});
