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

type Substitutions = (string | number)[];

/**
 * A plural message's form for `count` (`@wxt-dev/i18n` stores "0 | 1 | n" or "1 | n" forms joined by " | ", and
 * picks them the same way).
 */
function pluralForm(message: string, count: number): string {
  const forms = message.split(' | ');
  if (forms.length === 2) return forms[count === 1 ? 0 : 1]!;
  if (forms.length === 3) return forms[count === 0 || count === 1 ? count : 2]!;
  return message;
}

/**
 * A message of `catalogue` (or the browser's language when it has none), with `$1`… substituted. Like `i18n.t`, a
 * number picks a plural form (and is `$1` unless substitutions are given).
 */
export function translate(
  catalogue: Catalogue | null,
  key: string,
  ...args: (number | Substitutions | undefined)[]
): string {
  const count = args.find((a): a is number => typeof a === 'number');
  const given = args.find((a): a is Substitutions => Array.isArray(a));
  const substitutions = given ?? (count === undefined ? undefined : [String(count)]);
  const message = catalogue?.[key.replaceAll('.', '_')]?.message;
  if (message === undefined) {
    const call = i18n.t as unknown as (key: string, ...rest: unknown[]) => string;
    return call(key, ...(count === undefined ? [] : [count]), ...(substitutions ? [substitutions] : []));
  }
  const form = count === undefined ? message : pluralForm(message, count);
  return form.replace(/\$(\d)/g, (_, n: string) => String(substitutions?.[Number(n) - 1] ?? ''));
}

/** Loads the reader's chosen catalogue, if any. Call once before the first render. */
export async function loadUiLanguage(): Promise<void> {
  override = await chosenCatalogue();
}

/** `i18n.t`, honouring the reader's language choice. */
export const t = ((key: string, ...args: (number | Substitutions | undefined)[]) =>
  translate(override, key, ...args)) as typeof i18n.t;
