/**
 * Storage for the extension's own pages only. Content scripts run in the page's renderer; a compromised renderer
 * runs whatever it likes in their world, and could read `storage.local` (the reader's hidden sites, preferences and
 * API address) or write it. None of our scripts in pages reads storage (they ask the background), so both areas
 * are closed to them where the browser can: Chromium has `setAccessLevel` on `storage.local` and
 * `storage.session` (whose default is already trusted contexts only); Firefox only on `session`, and its content
 * scripts can read `storage.local` (docs/threat-model.md says what that leaves).
 */
import { browser } from 'wxt/browser';

type Closable = { setAccessLevel?: (options: { accessLevel: 'TRUSTED_CONTEXTS' }) => Promise<void> };

export async function closeStorageToContentScripts(): Promise<void> {
  for (const area of [browser.storage.local, browser.storage.session] as Closable[]) {
    try {
      await area.setAccessLevel?.({ accessLevel: 'TRUSTED_CONTEXTS' });
    } catch {
      // This browser does not support it for this area (Firefox: local): nothing more to close.
    }
  }
}
