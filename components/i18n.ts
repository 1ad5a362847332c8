/**
 * UI strings. The browser's language decides (through `_locales`, `@wxt-dev/i18n`), unless the reader chose a
 * language on the options page: then that language's bundled catalogue is loaded before the page renders.
 */
import { i18n } from '#i18n';
import { browser } from 'wxt/browser';
import { uiLanguageSetting } from '@/utils/preferences';

type Catalogue = Record<string, { message: string }>;
let override: Catalogue | null = null;

/** Loads the reader's chosen catalogue, if any. Call once before the first render. */
export async function loadUiLanguage(): Promise<void> {
  const choice = await uiLanguageSetting.getValue().catch(() => 'auto' as const);
  if (choice === 'auto') return;
  try {
    const url = (browser.runtime.getURL as (path: string) => string)(`/_locales/${choice}/messages.json`);
    override = (await (await fetch(url)).json()) as Catalogue;
  } catch {
    override = null; // the browser's language, then
  }
}

/** `i18n.t`, honouring the reader's language choice. */
export const t = ((key: string, substitutions?: (string | number)[]) => {
  const message = override?.[key.replaceAll('.', '_')]?.message;
  if (message === undefined) return substitutions ? i18n.t(key as never, substitutions as never) : i18n.t(key as never);
  return message.replace(/\$(\d)/g, (_, n: string) => String(substitutions?.[Number(n) - 1] ?? ''));
}) as typeof i18n.t;
