import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';

// Thin entrypoints over pure utils/: auto-imports are off so every module says what it uses and
// the same files run in Node (publisher, tests) and in the extension.
// Every permission is explained in docs/permissions.md.
export default defineConfig({
  // WXT_OUT_DIR lets several builds (tests, benches, a second checkout's tools) live side by side.
  outDir: process.env.WXT_OUT_DIR ?? '.output',
  imports: false,
  modules: ['@wxt-dev/webextension-polyfill', '@wxt-dev/i18n/module'],
  vite: () => ({ plugins: [preact()] }),
  hooks: {
    // The content script runs on every page: it uses the browsers' native promise-based API (Chrome MV3 and
    // Firefox content scripts both have one) instead of the ~3.5 KB gzip webextension polyfill.
    'vite:build:extendConfig'(entrypoints, config) {
      if (!entrypoints.every((e) => e.type === 'content-script')) return;
      const alias = config.resolve?.alias;
      if (Array.isArray(alias)) config.resolve!.alias = alias.filter((a) => a.find !== 'wxt/browser');
      else if (alias && typeof alias === 'object') delete (alias as Record<string, string>)['wxt/browser'];
    },
  },
  manifest: ({ browser }) => {
    const firefox = browser === 'firefox';
    return {
      name: '__MSG_extName__',
      description: '__MSG_extDescription__',
      default_locale: 'en',
      permissions: ['storage', 'contextMenus', ...(firefox ? [] : ['sidePanel'])],
      action: { default_title: '__MSG_actionTitle__' },
      // Alt+Shift+P / Alt+Shift+S: no browser default, and none of the common password managers' defaults
      // (Ctrl+Shift+L/Y/9/X, Ctrl+., Alt+PgUp/PgDn) use them.
      commands: {
        [firefox ? '_execute_browser_action' : '_execute_action']: {
          suggested_key: { default: 'Alt+Shift+P' },
          description: '__MSG_commandPopup__',
        },
        [firefox ? '_execute_sidebar_action' : 'open-side-panel']: {
          suggested_key: { default: 'Alt+Shift+S' },
          description: '__MSG_commandSidePanel__',
        },
      },
      ...(firefox
        ? {
            browser_specific_settings: {
              gecko: {
                id: 'prism-lens@prism.news',
                strict_min_version: '115.0',
                // Nothing leaves the browser but 5-hex-digit hash prefixes; no data is collected.
                data_collection_permissions: { required: ['none'] },
              },
            },
          }
        : {}),
    };
  },
});
