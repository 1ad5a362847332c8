/**
 * UI strings. The browser's language decides (through `_locales`, `@wxt-dev/i18n`), unless the reader chose a
 * language on the options page: then that language's bundled catalogue is loaded before the page renders.
 */
import { i18n } from '#i18n';
import { browser } from 'wxt/browser';
import { uiLanguageSetting } from '@/stores/storage-items';

type Catalogue = Record<string, { message: string } | undefined>;
let override: Catalogue | null = null;
const loaded = new Map<string, Catalogue>();

/**
 * The bundled catalogue of the language the reader chose on the options page, or null for "the browser's language"
 * (or when it cannot be read: the browser's language, then). Cached per context. The background's strings for the
 * overlay use it too, so the pill speaks the language the popup speaks.
 */
export async function chosenCatalogue(): Promise<Catalogue | null> {
  const choice = await uiLanguageSetting.getValue().catch(() => 'auto' as const);
  if (choice === 'auto') return null;
  const cached = loaded.get(choice);
  if (cached) return cached;
  try {
    const url = (browser.runtime.getURL as (path: string) => string)(`/_locales/${choice}/messages.json`);
    const catalogue = (await (await fetch(url)).json()) as Catalogue;
    loaded.set(choice, catalogue);
    return catalogue;
  } catch {
    return null;
  }
}

/** A message of `catalogue` (or the browser's language when it has none), with `$1`… substituted. */
export function translate(catalogue: Catalogue | null, key: string, substitutions?: (string | number)[]): string {
  const message = catalogue?.[key.replaceAll('.', '_')]?.message;
  if (message === undefined) return substitutions ? i18n.t(key as never, substitutions as never) : i18n.t(key as never);
  return message.replace(/\$(\d)/g, (_, n: string) => String(substitutions?.[Number(n) - 1] ?? ''));
}

/** Loads the reader's chosen catalogue, if any. Call once before the first render. */
export async function loadUiLanguage(): Promise<void> {
  override = await chosenCatalogue();
}

/** `i18n.t`, honouring the reader's language choice. */
export const t = ((key: string, substitutions?: (string | number)[]) =>
  translate(override, key, substitutions)) as typeof i18n.t;
