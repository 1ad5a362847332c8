/**
 * First run: the welcome page (entrypoints/welcome) opens once, when the extension is installed. Not on an update
 * and not when the extension is reloaded (Chrome reports both as reason "update"), nor when the browser starts.
 */
import { browser } from 'wxt/browser';

export const WELCOME_PATH = '/welcome.html';

/** Whether an `onInstalled` event is a first install (the only one that opens the welcome page). */
export const opensWelcome = (details: { reason: string; temporary?: boolean }): boolean => details.reason === 'install';

export function registerWelcome(): void {
  browser.runtime.onInstalled.addListener((details) => {
    if (!opensWelcome(details)) return;
    const url = (browser.runtime.getURL as (path: string) => string)(WELCOME_PATH);
    void browser.tabs.create({ url }).catch((err: unknown) => console.warn('PRISM Lens: no welcome page', err));
  });
}
