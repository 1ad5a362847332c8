import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';

// Thin entrypoints over pure utils/: auto-imports are off so every module says what it uses and
// the same files run in Node (publisher, tests) and in the extension.
export default defineConfig({
  imports: false,
  modules: ['@wxt-dev/webextension-polyfill', '@wxt-dev/i18n/module'],
  vite: () => ({ plugins: [preact()] }),
  manifest: ({ browser }) => ({
    name: '__MSG_extName__',
    description: '__MSG_extDescription__',
    default_locale: 'en',
    permissions: ['storage'],
    action: { default_title: '__MSG_actionTitle__' },
    ...(browser === 'firefox'
      ? { browser_specific_settings: { gecko: { id: 'prism-lens@prism.news', strict_min_version: '115.0' } } }
      : {}),
  }),
});
